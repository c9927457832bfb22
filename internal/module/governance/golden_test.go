package governance_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/governance"
)

var update = flag.Bool("update", false, "rewrite testdata/golden_apphash_intl.txt")

// TestGoldenAppHash pins governance's state encoding and its block-end
// behaviour: a fixed scenario (a passed param proposal, an expired one, a
// freeze that lapses, an incident through publication) must end in this
// app hash. Regenerate deliberately with
// go test ./internal/module/governance -run TestGoldenAppHash -update
func TestGoldenAppHash(t *testing.T) {
	c := apptest.New(t, apptest.Options{Suite: cryptosuite.Intl, Modules: map[string]any{
		"governance": map[string]any{"params": map[string]any{"gov.voting_period": 60, "gov.freeze_duration": 120}}}})
	id := propose(t, c, "nrb-admin", governance.TypeParam, paramBody("feedback.rectify_days", 10))
	for _, who := range []string{"gov-admin", "fin-admin", "eeb-admin", "hub-admin"} {
		vote(c, who, id, governance.Yes)
	}
	id = propose(t, c, "fin-admin", governance.TypeParam, paramBody("gov.weights", map[string]int{"gsd": 2}))
	vote(c, "aud-admin", id, governance.Abstain)
	fid := requestFreeze(t, c, "nrb-admin", governance.FreezeAccount, c.Addrs["nrb-clerk"])
	c.MustDo("aud-admin", "governance", "cosign_freeze", governance.CosignFreeze{Freeze: fid})
	c.MustDo("aud-auditor", "governance", "incident_open", governance.OpenIncident{Type: "key_leak", Severity: 3,
		Departments: []string{"nrb"}, Description: "nrb-clerk's laptop"})
	c.MustDo("nrb-admin", "governance", "incident_update", governance.UpdateIncident{Incident: 1, Kind: governance.EntryAction, Text: "frozen"})
	c.MustDo("aud-auditor", "governance", "incident_close", governance.CloseIncident{Incident: 1, Review: "key replaced"})
	c.MustDo("aud-admin", "governance", "incident_publish", governance.PublishIncident{Incident: 1})
	c.Advance(3 * time.Minute)
	c.Block()
	if p := proposal(t, c, id); p.State != governance.StateExpired {
		t.Fatalf("second proposal %s", p.State)
	}
	if f := freezeState(t, c, fid); f.State != governance.FreezeExpired {
		t.Fatalf("freeze %s", f.State)
	}
	got := c.AppHash()
	path := filepath.Join("testdata", "golden_apphash_intl.txt")
	if *update {
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != strings.TrimSpace(string(want)) {
		t.Fatalf("app hash %s, golden %s: governance state encoding or block-end behaviour changed", got, strings.TrimSpace(string(want)))
	}
}
