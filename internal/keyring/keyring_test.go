package keyring

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// cheapKDF keeps the suite fast; TestDefaultKDF covers the real costs.
var cheapKDF = KDFParams{Time: 1, MemoryKiB: 64, Threads: 1}

func TestMain(m *testing.M) {
	DefaultKDF = cheapKDF
	os.Exit(m.Run())
}

func suites(t testing.TB) []cryptosuite.Suite {
	t.Helper()
	var out []cryptosuite.Suite
	for _, n := range []string{cryptosuite.GM, cryptosuite.Intl} {
		s, err := cryptosuite.ByName(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

func otherSuite(t testing.TB, s cryptosuite.Suite) cryptosuite.Suite {
	for _, o := range suites(t) {
		if o.Name() != s.Name() {
			return o
		}
	}
	t.Fatal("no other suite")
	return nil
}

func newRing(t testing.TB, s cryptosuite.Suite) *Keyring {
	t.Helper()
	k, err := Open(filepath.Join(t.TempDir(), "keys"), s)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestCreateLoad(t *testing.T) {
	for _, s := range suites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := newRing(t, s)
			info, priv, err := k.Create("alice", "correct horse")
			if err != nil {
				t.Fatalf("Create: %v", err)
			}
			want := Info{
				Name:      "alice",
				Suite:     s.Name(),
				Address:   cryptosuite.Address(s, priv.Public()),
				PublicKey: hex.EncodeToString(priv.Public().Bytes()),
			}
			if info != want {
				t.Errorf("Create info = %+v, want %+v", info, want)
			}
			if got, err := k.Show("alice"); err != nil || got != want {
				t.Errorf("Show = %+v, %v; want %+v", got, err, want)
			}
			loaded, err := k.Load("alice", "correct horse")
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if !bytes.Equal(loaded.Bytes(), priv.Bytes()) {
				t.Error("Load returned a different key")
			}
			exported, err := k.Export("alice", "correct horse")
			if err != nil || string(exported) != hex.EncodeToString(priv.Bytes()) {
				t.Errorf("Export = %s, %v", exported, err)
			}

			if runtime.GOOS != "windows" {
				assertMode(t, k.Dir(), 0o700)
				assertMode(t, k.path("alice"), 0o600)
			}
			raw := readJSON(t, k.path("alice"))
			if raw["cipher"] != cipherFor[s.Name()] {
				t.Errorf("cipher = %v, want %s", raw["cipher"], cipherFor[s.Name()])
			}
			if kdf, _ := raw["kdf"].(map[string]any); kdf["name"] != "argon2id" {
				t.Errorf("kdf = %v", raw["kdf"])
			}
			for _, field := range []string{"private_key", "demo_unencrypted", "warning"} {
				if _, ok := raw[field]; ok {
					t.Errorf("encrypted file has %q", field)
				}
			}
			if strings.Contains(string(mustRead(t, k.path("alice"))), hex.EncodeToString(priv.Bytes())) {
				t.Error("encrypted file contains the private key in clear")
			}
		})
	}
}

func TestCreateDemo(t *testing.T) {
	for _, s := range suites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := newRing(t, s)
			info, priv, err := k.CreateDemo("validator-0")
			if err != nil {
				t.Fatalf("CreateDemo: %v", err)
			}
			if !info.Demo {
				t.Error("Info.Demo is false for a demo key")
			}
			for _, pass := range []string{"", "anything"} {
				got, err := k.Load("validator-0", pass)
				if err != nil || !bytes.Equal(got.Bytes(), priv.Bytes()) {
					t.Errorf("Load(%q) = %v", pass, err)
				}
			}
			raw := readJSON(t, k.path("validator-0"))
			if raw["demo_unencrypted"] != true || raw["warning"] != demoWarning {
				t.Errorf("demo file lacks flag or warning: %v", raw)
			}
			if raw["private_key"] != hex.EncodeToString(priv.Bytes()) {
				t.Error("demo file private_key mismatch")
			}
			if _, _, err := k.CreateDemo("validator-0"); !errors.Is(err, ErrKeyExists) {
				t.Errorf("second CreateDemo: %v, want ErrKeyExists", err)
			}
		})
	}
}

func TestImport(t *testing.T) {
	for _, s := range suites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := newRing(t, s)
			priv, _ := s.GenerateKey()
			info, err := k.Import("imported", "pw", priv)
			if err != nil {
				t.Fatalf("Import: %v", err)
			}
			if info.Address != cryptosuite.Address(s, priv.Public()) || info.Demo {
				t.Errorf("Import info = %+v", info)
			}
			got, err := k.Load("imported", "pw")
			if err != nil || !bytes.Equal(got.Bytes(), priv.Bytes()) {
				t.Fatalf("Load after Import: %v", err)
			}
			foreign, _ := otherSuite(t, s).GenerateKey()
			if _, err := k.Import("foreign", "pw", foreign); !errors.Is(err, ErrSuiteMismatch) {
				t.Errorf("Import of %s key: %v, want ErrSuiteMismatch", otherSuite(t, s).Name(), err)
			}
			if _, err := os.Stat(k.path("foreign")); !os.IsNotExist(err) {
				t.Error("failed Import left a file behind")
			}
			if _, err := k.Import("imported", "pw", priv); !errors.Is(err, ErrKeyExists) {
				t.Errorf("Import over existing: %v, want ErrKeyExists", err)
			}
		})
	}
}

func TestErrors(t *testing.T) {
	for _, s := range suites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := newRing(t, s)
			if _, _, err := k.Create("alice", "pw"); err != nil {
				t.Fatal(err)
			}
			priv, _ := s.GenerateKey()
			cases := []struct {
				name string
				op   func() error
				want error
			}{
				{"create existing", func() error { _, _, err := k.Create("alice", "other"); return err }, ErrKeyExists},
				{"create empty passphrase", func() error { _, _, err := k.Create("bob", ""); return err }, ErrEmptyPassphrase},
				{"import empty passphrase", func() error { _, err := k.Import("bob", "", priv); return err }, ErrEmptyPassphrase},
				{"load wrong passphrase", func() error { _, err := k.Load("alice", "PW"); return err }, ErrWrongPassphrase},
				{"load empty passphrase", func() error { _, err := k.Load("alice", ""); return err }, ErrWrongPassphrase},
				{"export wrong passphrase", func() error { _, err := k.Export("alice", "nope"); return err }, ErrWrongPassphrase},
				{"load missing", func() error { _, err := k.Load("nobody", "pw"); return err }, ErrKeyNotFound},
				{"show missing", func() error { _, err := k.Show("nobody"); return err }, ErrKeyNotFound},
				{"export missing", func() error { _, err := k.Export("nobody", "pw"); return err }, ErrKeyNotFound},
			}
			for _, c := range cases {
				if err := c.op(); !errors.Is(err, c.want) {
					t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
				}
			}
			if _, err := os.Stat(k.path("bob")); !os.IsNotExist(err) {
				t.Error("refused create left a file")
			}
		})
	}
}

func TestNames(t *testing.T) {
	good := []string{"a", "0", "alice", "validator-1", "a.b_c-d", "node0.validator", strings.Repeat("a", 64)}
	bad := []string{
		"", "A", "Alice", ".hidden", "-flag", "_x", ".", "..", "a/b", "../x", `a\b`,
		"a|b", "a b", "a\x00b", "ключ", "a:b", strings.Repeat("a", 65), "a\n",
	}
	k := newRing(t, suites(t)[0])
	for _, n := range good {
		if err := ValidName(n); err != nil {
			t.Errorf("ValidName(%q) = %v", n, err)
		}
	}
	for _, n := range good[:2] {
		if _, _, err := k.CreateDemo(n); err != nil {
			t.Errorf("CreateDemo(%q) = %v", n, err)
		}
	}
	priv, _ := suites(t)[0].GenerateKey()
	for _, n := range bad {
		ops := map[string]func() error{
			"ValidName":  func() error { return ValidName(n) },
			"Create":     func() error { _, _, err := k.Create(n, "pw"); return err },
			"CreateDemo": func() error { _, _, err := k.CreateDemo(n); return err },
			"Import":     func() error { _, err := k.Import(n, "pw", priv); return err },
			"Show":       func() error { _, err := k.Show(n); return err },
			"Load":       func() error { _, err := k.Load(n, "pw"); return err },
			"Export":     func() error { _, err := k.Export(n, "pw"); return err },
		}
		for op, f := range ops {
			if err := f(); !errors.Is(err, ErrBadName) {
				t.Errorf("%s(%q) = %v, want ErrBadName", op, n, err)
			}
		}
	}
	// Nothing may have escaped the directory.
	if _, err := os.Stat(filepath.Join(filepath.Dir(k.Dir()), "x.key")); !os.IsNotExist(err) {
		t.Error("a bad name wrote outside the keyring")
	}
}

func TestSuiteMismatch(t *testing.T) {
	for _, s := range suites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := newRing(t, s)
			if _, _, err := k.Create("alice", "pw"); err != nil {
				t.Fatal(err)
			}
			if _, _, err := k.CreateDemo("demo"); err != nil {
				t.Fatal(err)
			}
			o, err := Open(k.Dir(), otherSuite(t, s))
			if err != nil {
				t.Fatal(err)
			}
			for _, name := range []string{"alice", "demo"} {
				if _, err := o.Load(name, "pw"); !errors.Is(err, ErrSuiteMismatch) {
					t.Errorf("Load %s under other suite: %v, want ErrSuiteMismatch", name, err)
				}
				if _, err := o.Export(name, "pw"); !errors.Is(err, ErrSuiteMismatch) {
					t.Errorf("Export %s under other suite: %v, want ErrSuiteMismatch", name, err)
				}
				if info, err := o.Show(name); err != nil || info.Suite != s.Name() {
					t.Errorf("Show %s under other suite = %+v, %v", name, info, err)
				}
			}
		})
	}
}

func TestList(t *testing.T) {
	for _, s := range suites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			k := newRing(t, s)
			if got, err := k.List(); err != nil || len(got) != 0 {
				t.Fatalf("empty List = %v, %v", got, err)
			}
			for _, n := range []string{"carol", "alice", "bob"} {
				if _, _, err := k.Create(n, "pw"); err != nil {
					t.Fatal(err)
				}
			}
			if _, _, err := k.CreateDemo("dev"); err != nil {
				t.Fatal(err)
			}
			// Debris List must skip: a crashed write, a stray file, a dir.
			writeRaw(t, filepath.Join(k.Dir(), ".zed.key.tmp-123"), []byte("{"))
			writeRaw(t, filepath.Join(k.Dir(), "notes.txt"), []byte("hi"))
			if err := os.Mkdir(filepath.Join(k.Dir(), "sub.key"), 0o700); err != nil {
				t.Fatal(err)
			}
			got, err := k.List()
			if err != nil {
				t.Fatalf("List: %v", err)
			}
			var names []string
			for _, i := range got {
				names = append(names, i.Name)
			}
			if strings.Join(names, ",") != "alice,bob,carol,dev" {
				t.Errorf("List names = %v", names)
			}
			if !got[3].Demo || got[0].Demo {
				t.Errorf("Demo flags wrong: %+v", got)
			}

			writeRaw(t, k.path("broken"), []byte("not json"))
			got, err = k.List()
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "broken") {
				t.Errorf("List with corrupt file: err = %v, want ErrCorrupt naming it", err)
			}
			if len(got) != 4 {
				t.Errorf("corrupt file hid good keys: got %d", len(got))
			}
		})
	}
}

// TestConcurrentCreate: racing creators of one name must end with one key
// on disk and the losers told so, never a silent overwrite.
func TestConcurrentCreate(t *testing.T) {
	k := newRing(t, suites(t)[0])
	const n = 8
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		winners []string
	)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			info, _, err := k.Create("race", "pw")
			switch {
			case err == nil:
				mu.Lock()
				winners = append(winners, info.Address)
				mu.Unlock()
			case !errors.Is(err, ErrKeyExists):
				t.Errorf("Create: %v", err)
			}
		}()
	}
	wg.Wait()
	if len(winners) != 1 {
		t.Fatalf("%d creators succeeded, want 1", len(winners))
	}
	if info, _ := k.Show("race"); info.Address != winners[0] {
		t.Error("file on disk is not the winner's key")
	}
	entries, _ := os.ReadDir(k.Dir())
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %d entries", len(entries))
	}
}

// TestDefaultKDF runs the production costs once, so a typo in them (or a
// cost Argon2 rejects) fails here rather than on a user's machine.
func TestDefaultKDF(t *testing.T) {
	prod := KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}
	DefaultKDF = prod
	defer func() { DefaultKDF = cheapKDF }()
	if testing.Short() {
		t.Skip("Argon2id at 64 MiB is slow")
	}
	k := newRing(t, suites(t)[0])
	if _, _, err := k.Create("slow", "pw"); err != nil {
		t.Fatal(err)
	}
	kdf := readJSON(t, k.path("slow"))["kdf"].(map[string]any)
	if kdf["time"] != 3.0 || kdf["memory_kib"] != 65536.0 || kdf["threads"] != 2.0 {
		t.Errorf("file kdf = %v, want production costs", kdf)
	}
	// A keyring opened with cheap defaults still reads it: costs come
	// from the file.
	DefaultKDF = cheapKDF
	k2, _ := Open(k.Dir(), suites(t)[0])
	if _, err := k2.Load("slow", "pw"); err != nil {
		t.Fatal(err)
	}
}

func assertMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := st.Mode().Perm(); got != want {
		t.Errorf("%s mode = %o, want %o", path, got, want)
	}
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(mustRead(t, path), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func writeRaw(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestMove(t *testing.T) {
	for _, demo := range []bool{false, true} {
		kr, err := Open(t.TempDir(), suites(t)[0])
		if err != nil {
			t.Fatal(err)
		}
		pass := "correct horse"
		var want Info
		if demo {
			pass = ""
			want, _, err = kr.CreateDemo("a-data")
		} else {
			want, _, err = kr.Create("a-data", pass)
		}
		if err != nil {
			t.Fatal(err)
		}
		got, err := kr.Move("a-data", "a-data-v1", pass)
		if err != nil {
			t.Fatal(err)
		}
		if got.PublicKey != want.PublicKey || got.Demo != demo {
			t.Fatalf("moved %+v, want the key of %+v", got, want)
		}
		if _, err := kr.Show("a-data"); err == nil {
			t.Fatal("old name still there")
		}
		if _, err := kr.Load("a-data-v1", pass); err != nil {
			t.Fatalf("load moved key: %v", err)
		}
	}
}
