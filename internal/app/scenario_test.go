package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/payloadschema"
)

// step is one tx of the golden scenario: who sends what. payload builds
// the JSON from the chain (addresses, numbers issued by earlier steps).
// ev(type, key) is the attribute of the latest event of that type seen
// so far (a receipt, a case number). advance moves block time first.
type step struct {
	who, module, action string
	payload             func(c *apptest.Chain, ev func(typ, key string) string) any
	advance             time.Duration
}

func raw(s string) func(*apptest.Chain, func(string, string) string) any {
	return func(*apptest.Chain, func(string, string) string) any { return json.RawMessage(s) }
}

// scenarioStaff is every role in every demo department, named
// "<dept>-<role>", so any step can pick an admitted signer.
func scenarioStaff() []apptest.Staff {
	var staff []apptest.Staff
	for _, d := range network.DemoDepartments() {
		for _, r := range module.Roles() {
			staff = append(staff, apptest.Staff{Name: d.ID + "-" + r, Department: d.ID, Roles: []string{r}})
		}
	}
	return staff
}

// updateFlag reads the package's -update flag (declared in an internal
// test file of package app).
func updateFlag() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// runScenario plays the scenario one tx per block and returns the
// transcript: for each block, the action, the result code and the app hash.
//
// SM2 signatures are randomised and the state records tx hashes, so for
// the gm suite the signed txs are recorded once (-update) in
// testdata/golden_scenario_gm_txs.txt and replayed byte for byte; the
// payloads are deterministic, only the signatures would differ. Each
// recorded line is "<fingerprint> <tx hex>", the fingerprint a hash of
// signer, sequence, action and payload: a step whose payload changed no longer
// matches its recorded tx and the test says to run -update. replay is
// nil to sign afresh; signed returns the lines to record.
//
// With -update, a step whose fingerprint is already recorded keeps its
// recorded tx (reuse), so regenerating an unchanged scenario leaves the
// gm files as they are.
func runScenario(t *testing.T, suite string, replay []string, reuse map[string]string) (transcript string, signed []string) {
	wf, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.Options{Suite: suite, Staff: scenarioStaff(), Modules: map[string]any{"workflow": wf},
		// Four departments run validators, so blocks carry a hash and a
		// last commit and a fifth can be voted in and attest.
		Validators: []string{"nrb", "fin", "eeb", "hub"}})
	events := map[string]string{}
	ev := func(typ, key string) string { return events[typ+"."+key] }
	steps := scenario()
	if replay != nil && len(replay) != 2*len(steps) {
		t.Fatalf("%d recorded fields (fingerprint, tx) for %d steps: the scenario changed; run with -update", len(replay), len(steps))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# golden scenario, suite %s: height action signer code app_hash events\n", suite)
	fmt.Fprintf(&b, "%d genesis - 0 %s -\n", c.Height(), c.AppHash())
	for i, s := range steps {
		c.Advance(s.advance)
		payload := s.payload(c, ev)
		pb, err := json.Marshal(payload)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d\x00%s\x00%s\x00%s", s.who, c.Seqs[s.who], s.module, s.action, pb))
		fp := hex.EncodeToString(sum[:8])
		tx := c.Sign(s.who, s.module, s.action, payload)
		if replay != nil {
			if replay[2*i] != fp {
				t.Fatalf("step %d (%s/%s): the payload is not the one recorded in the gm txs; run with -update", i, s.module, s.action)
			}
			if tx, err = hex.DecodeString(replay[2*i+1]); err != nil {
				t.Fatalf("recorded tx %d: %v", i, err)
			}
		} else if old, ok := reuse[fp]; ok {
			if tx, err = hex.DecodeString(old); err != nil {
				t.Fatalf("recorded tx %d: %v", i, err)
			}
		}
		signed = append(signed, fp+" "+hex.EncodeToString(tx))
		r := c.Block(tx)[0]
		var types []string
		for _, e := range r.Events {
			if !slices.Contains(types, e.Type) {
				types = append(types, e.Type)
			}
			for _, a := range e.Attributes {
				events[e.Type+"."+a.Key] = a.Value
			}
		}
		if r.Code != 0 && r.Codespace == "tx" {
			c.Seqs[s.who]-- // refused before execution: the sequence is unused
		}
		code := "0"
		name := s.module + "/" + s.action
		switch {
		case r.Code == 0 && refusalExpected[name]:
			t.Errorf("step %d: %s by %s succeeded: take it out of refusalExpected", i, name, s.who)
		case r.Code != 0:
			code = fmt.Sprintf("%s/%d", r.Codespace, r.Code)
			if !refusalExpected[name] {
				t.Errorf("step %d: %s by %s refused: %s %s", i, name, s.who, code, r.Log)
			}
		}
		if len(types) == 0 {
			types = []string{"-"}
		}
		fmt.Fprintf(&b, "%d %s/%s %s %s %s %s\n", c.Height(), s.module, s.action, s.who, code, c.AppHash(), strings.Join(types, ","))
	}
	return b.String(), signed
}

// TestGoldenAppHashScenario pins the state encoding of every module: a fixed
// scenario (fixed keys, fixed block times) runs every action of every
// module and the app hash after each block must match the golden file.
// Its name starts with TestGoldenAppHash so the usual regeneration,
// go test ./internal/app -run TestGoldenAppHash -update, rewrites it too.
func TestGoldenAppHashScenario(t *testing.T) {
	for _, suite := range []string{cryptosuite.Intl, cryptosuite.GM} {
		t.Run(suite, func(t *testing.T) {
			path := filepath.Join("testdata", "golden_scenario_"+suite+".txt")
			txPath := filepath.Join("testdata", "golden_scenario_gm_txs.txt")
			var replay []string
			reuse := map[string]string{}
			if suite == cryptosuite.GM {
				b, err := os.ReadFile(txPath)
				if err != nil && !updateFlag() {
					t.Fatalf("%v (run with -update to create)", err)
				}
				replay = strings.Fields(string(b))
				for i := 0; i+1 < len(replay); i += 2 {
					reuse[replay[i]] = replay[i+1]
				}
				if updateFlag() {
					replay = nil
				}
			}
			got, signed := runScenario(t, suite, replay, reuse)
			if updateFlag() {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				if suite == cryptosuite.GM {
					if err := os.WriteFile(txPath, []byte(strings.Join(signed, "\n")+"\n"), 0o644); err != nil {
						t.Fatal(err)
					}
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create)", err)
			}
			if got != string(want) {
				gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("first difference at line %d:\n got  %s\n want %s\n(state encoding or behaviour changed; if deliberate, run with -update)", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("transcript has %d lines, golden %d", len(gl), len(wl))
			}
		})
	}
}

// TestGoldenAppHashScenarioCoversEveryAction fails when an action of the router
// is not sent by the scenario: a new action must grow the scenario.
func TestGoldenAppHashScenarioCoversEveryAction(t *testing.T) {
	sent := map[string]bool{}
	for _, s := range scenario() {
		sent[s.module+"/"+s.action] = true
	}
	var missing []string
	for name := range app.NewRouter(app.Modules()...).Policy() {
		if !sent[name] {
			missing = append(missing, name)
		}
	}
	// The schema list is the other table of actions; it must agree.
	for _, p := range payloadschema.Payloads() {
		if name := p.Module + "/" + p.Action; !sent[name] && !slices.Contains(missing, name) {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the golden scenario (scenario_steps_test.go) sends no tx for %d action(s): %s", len(missing), strings.Join(missing, ", "))
	}
	for name := range refusalExpected {
		if !sent[name] {
			t.Errorf("refusalExpected lists %s, which the scenario does not send", name)
		}
	}
}
