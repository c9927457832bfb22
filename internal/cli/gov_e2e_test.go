package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/governance"
)

// TestGovCLI: on the dev chain, a proposal to set feedback.rectify_days to
// 10 passes with five departments' votes through `govchain gov`, the
// parameter shows 10 with its history; a freeze signed by two departments
// stops the account's next tx with governance/14.
func TestGovCLI(t *testing.T) {
	dev := startDevCLI(t)
	home, addr, g := dev.home, dev.addr, dev.ok
	payload := filepath.Join(t.TempDir(), "p.json")
	os.WriteFile(payload, []byte(`{"name": "feedback.rectify_days", "value": 10}`), 0o600)
	var p governance.Proposal
	if err := json.Unmarshal([]byte(g("gov", "propose", "--type", "param", "--payload", payload, "--from", "nrb-admin", "--json")), &p); err != nil || p.ID == 0 {
		t.Fatalf("propose: %v %+v", err, p)
	}
	for _, who := range []string{"gov-admin", "fin-admin", "eeb-admin", "hub-admin"} {
		g("gov", "vote", "1", "yes", "--from", who, "--reason", "agreed")
	}
	if out := g("gov", "show", "1"); !strings.Contains(out, "PASSED") {
		t.Fatalf("show:\n%s", out)
	}
	var v struct {
		Value   json.RawMessage          `json:"value"`
		History []governance.ParamChange `json:"history"`
	}
	if err := json.Unmarshal([]byte(g("gov", "params", "feedback.rectify_days", "--json")), &v); err != nil || string(v.Value) != "10" ||
		len(v.History) != 1 || v.History[0].Proposal != 1 {
		t.Fatalf("param: %v %+v", err, v)
	}
	if out := g("gov", "list", "--state", "passed"); !strings.Contains(out, "feedback.rectify_days") {
		t.Fatalf("list:\n%s", out)
	}
	var acct struct {
		Address string `json:"address"`
	}
	json.Unmarshal([]byte(g("query", "account", "nrb-clerk")), &acct)
	g("freeze", "request", "--kind", "account", "--target", acct.Address, "--reason", "laptop stolen", "--from", "nrb-admin")
	g("freeze", "cosign", "1", "--from", "gsd-admin")
	anchor := filepath.Join(t.TempDir(), "a.json")
	os.WriteFile(anchor, []byte(`{"doc_hash":"`+strings.Repeat("cd", 32)+`","title":"t"}`), 0o600)
	out, code := run(t, "tx", "notary", "anchor", "--payload", anchor, "--from", "nrb-clerk", "--home", home, "--node", "http://"+addr)
	if code != 2 || !strings.Contains(out, "governance/14") {
		t.Fatalf("frozen account's tx: exit %d\n%s", code, out)
	}
}
