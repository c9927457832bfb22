package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestProcessCLI: on the dev chain, `govchain process show --draft` gives
// the land process as a proposal payload for version 2; proposed with
// `gov propose --type process` and passed by five departments, it is
// version 2, published by the proposal, and version 1 is still there.
func TestProcessCLI(t *testing.T) {
	dev := startDevCLI(t)
	g := dev.ok
	if out := g("process", "list"); !strings.Contains(out, "land-use") || !strings.Contains(out, "proposal") {
		t.Fatalf("process list:\n%s", out)
	}
	var d workflow.Definition
	if err := json.Unmarshal([]byte(g("process", "show", "land-use", "--draft")), &d); err != nil || d.Version != 2 || d.PublishedBy != "" {
		t.Fatalf("draft: %v %+v", err, d)
	}
	d.Steps[0].TimeLimitDays = 3
	payload := filepath.Join(t.TempDir(), "v2.json")
	b, _ := json.Marshal(d)
	os.WriteFile(payload, b, 0o600)
	var p governance.Proposal
	if err := json.Unmarshal([]byte(g("gov", "propose", "--type", "process", "--payload", payload, "--summary", "受理时限3天", "--from", "nrb-admin", "--json")), &p); err != nil || p.ID == 0 {
		t.Fatalf("propose: %v %+v", err, p)
	}
	for _, who := range []string{"gov-admin", "fin-admin", "eeb-admin", "hub-admin"} {
		g("gov", "vote", "1", "yes", "--from", who)
	}
	if out := g("process", "show", "land-use"); !strings.Contains(out, "proposal 1") || !strings.Contains(out, "version 2") {
		t.Fatalf("process show:\n%s", out)
	}
	var pv api.ProcessVersions
	if err := json.Unmarshal([]byte(g("process", "show", "land-use", "--json")), &pv); err != nil || pv.Latest != 2 || len(pv.Versions) != 2 ||
		pv.Versions[0].Steps[0].TimeLimitDays == 3 || pv.Versions[1].Steps[0].TimeLimitDays != 3 || pv.Versions[1].Proposal != 1 {
		t.Fatalf("versions: %v %+v", err, pv)
	}
}
