package network_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/participant"
)

// keyNames lists the key names in a keyring directory, sorted; each with
// whether it is a demo key.
func keyNames(t *testing.T, dir string) map[string]bool {
	t.Helper()
	s, _ := cryptosuite.ByName("gm")
	kr, err := keyring.Open(dir, s)
	if err != nil {
		t.Fatal(err)
	}
	infos, err := kr.List()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, in := range infos {
		out[in.Name] = in.Demo
	}
	return out
}

// deptOf is the department a generated key belongs to: "<dept>-data" or a
// demo account's department.
func deptOf(name string) string {
	if d, ok := strings.CutSuffix(name, "-data"); ok {
		return d
	}
	for _, a := range network.DemoAccounts() {
		if a.Name == name {
			return a.Department
		}
	}
	return "?"
}

// TestTestnetKeyPlacement: in a laid-out network each node home holds only
// its own department's keys, encrypted with the passphrase; departments
// without a node get a bundle outside every home. (Node 0 used to hold
// every nodeless department's admin and data keys, unencrypted.)
func TestTestnetKeyPlacement(t *testing.T) {
	keyring.DefaultKDF = keyring.KDFParams{Time: 1, MemoryKiB: 1024, Threads: 1}
	out := t.TempDir()
	const pass = "correct horse battery"
	nodes, err := network.Generate(network.Options{ChainID: "t", Suite: "gm", Validators: 2, OutDir: out, BasePort: 40000, Passphrase: pass})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := cryptosuite.ByName("gm")
	seen := map[string]string{} // key name → where
	check := func(where, dir, dept string) {
		t.Helper()
		names := keyNames(t, dir)
		if len(names) == 0 {
			t.Fatalf("%s holds no keys", where)
		}
		if _, ok := names[network.DataKeyName(dept)]; !ok {
			t.Errorf("%s lacks %s's data key", where, dept)
		}
		kr, _ := keyring.Open(dir, s)
		for name, demo := range names {
			if got := deptOf(name); got != dept {
				t.Errorf("%s holds %s of department %s, want only %s's keys", where, name, got, dept)
			}
			if demo {
				t.Errorf("%s: %s is an unencrypted demo key", where, name)
			}
			if prev, dup := seen[name]; dup {
				t.Errorf("%s is in both %s and %s", name, prev, where)
			}
			seen[name] = where
		}
		for name := range names {
			if _, err := kr.Load(name, "wrong passphrase"); err == nil {
				t.Errorf("%s: %s opens with a wrong passphrase", where, name)
			}
			if _, err := kr.Load(name, pass); err != nil {
				t.Errorf("%s: %s: %v", where, name, err)
			}
			break // one Load per keyring keeps the test fast
		}
	}
	for _, n := range nodes {
		h := node.Home(n.Home)
		check(n.Home, h.KeyringDir(), n.Department)
		c, err := node.LoadAppConfig(h)
		if err != nil || c.Demo {
			t.Errorf("%s: app config %+v (%v), want not a demo home", n.Home, c, err)
		}
	}
	bundles, _ := filepath.Glob(filepath.Join(out, "keys", "*"))
	var depts []string
	for _, b := range bundles {
		if fi, err := os.Stat(b); err == nil && fi.IsDir() {
			depts = append(depts, filepath.Base(b))
			check(b, b, filepath.Base(b))
		}
	}
	// Only the keyring holding gsd-gateway has the participant-hash key.
	for _, dir := range append(bundles, func() (h []string) {
		for _, n := range nodes {
			h = append(h, node.Home(n.Home).KeyringDir())
		}
		return h
	}()...) {
		_, err := participant.Load(dir)
		if has, want := err == nil, seen["gsd-gateway"] == dir || node.Home(seen["gsd-gateway"]).KeyringDir() == dir; has != want {
			t.Errorf("%s: participant-hash key present %v, want %v", dir, has, want)
		}
	}
	if want := []string{"aud", "eeb", "fin", "gsd", "hub"}; !slices.Equal(depts, want) {
		t.Errorf("key bundles for %v, want %v", depts, want)
	}
	for _, a := range network.DemoAccounts() {
		if _, ok := seen[a.Name]; !ok {
			t.Errorf("no key written for %s", a.Name)
		}
	}
	note, err := os.ReadFile(filepath.Join(out, "keys", "README.txt"))
	if err != nil || !strings.Contains(string(note), "Do not copy it into a node home") || !strings.Contains(string(note), "encrypted with the passphrase") {
		t.Errorf("keys/README.txt: %v\n%s", err, note)
	}
}

// TestTestnetDemo: with Demo the same placement, demo keys, demo homes.
func TestTestnetDemo(t *testing.T) {
	out := t.TempDir()
	nodes, err := network.Generate(network.Options{ChainID: "t", Suite: "gm", Validators: 2, OutDir: out, BasePort: 40100, Demo: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range nodes {
		for name, demo := range keyNames(t, node.Home(n.Home).KeyringDir()) {
			if !demo || deptOf(name) != n.Department {
				t.Errorf("%s: %s (demo %v)", n.Home, name, demo)
			}
		}
		if c, err := node.LoadAppConfig(node.Home(n.Home)); err != nil || !c.Demo {
			t.Errorf("%s: want a demo home (%v)", n.Home, err)
		}
	}
	if names := keyNames(t, network.KeyBundleDir(out, "aud")); len(names) == 0 {
		t.Error("no demo bundle for aud")
	}
}

// TestGenerateNeedsPassphraseOrDemo: no silent unencrypted keys.
func TestGenerateNeedsPassphraseOrDemo(t *testing.T) {
	for _, o := range []network.Options{
		{Validators: 1, Suite: "gm"},
		{Validators: 1, Suite: "gm", Demo: true, Passphrase: "both given"},
		{Validators: 1, Suite: "gm", Passphrase: "passphrase", ClientAccounts: 2},
	} {
		o.OutDir = t.TempDir()
		if _, err := network.Generate(o); err == nil {
			t.Errorf("Generate(%+v) succeeded", o)
		}
	}
}

// TestSingleHomeHoldsAll: a dev home is the whole chain on one machine.
func TestSingleHomeHoldsAll(t *testing.T) {
	out := t.TempDir()
	if _, err := network.Generate(network.Options{ChainID: "t", Suite: "gm", Validators: 1, OutDir: out, Single: true, BasePort: 40200, Demo: true}); err != nil {
		t.Fatal(err)
	}
	names := keyNames(t, node.Home(out).KeyringDir())
	if _, ok := names["aud-auditor"]; !ok || len(names) < len(network.DemoAccounts()) {
		t.Errorf("single home keys: %v", names)
	}
	if _, err := os.Stat(filepath.Join(out, "keys")); err == nil {
		t.Error("a single home got key bundles")
	}
	// The participant-hash key is beside the gateway's key, not on chain.
	if _, err := participant.Load(node.Home(out).KeyringDir()); err != nil {
		t.Errorf("single home: %v", err)
	}
}
