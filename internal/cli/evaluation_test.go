package cli

import (
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
)

// TestAuditSummary: a govchain audit --json report becomes the payload an
// auditor signs — blocks, checks in name order, findings by check, and the
// suite hash of the report's exact bytes.
func TestAuditSummary(t *testing.T) {
	raw := []byte(`{"home":"/h","chain_id":"c","suite":"gm","department":"nrb","blocks":{"from":0,"to":120},
"checked":{"blocks":120,"commits":120,"index_rows":9},"findings":[{"check":"index","file":"data/index.db","what":"x"},
{"check":"index","file":"data/index.db","what":"y"},{"check":"tx-index","file":"data","height":7,"what":"z"}],"ok":false,"took":"1s"}`)
	s, err := cryptosuite.ByName(cryptosuite.GM)
	if err != nil {
		t.Fatal(err)
	}
	p, err := AuditSummary(s, raw, "季度审计")
	if err != nil {
		t.Fatal(err)
	}
	if p.NodeDepartment != "nrb" || p.FromHeight != 1 || p.ToHeight != 120 || p.Findings != 3 || p.Note != "季度审计" {
		t.Fatalf("summary %+v", p)
	}
	if len(p.Checks) != 3 || p.Checks[0].Name != "blocks" || p.Checks[2].Name != "index_rows" || p.Checks[2].Count != 9 {
		t.Fatalf("checks %+v", p.Checks)
	}
	if len(p.FindingsBy) != 2 || p.FindingsBy[0].Name != "index" || p.FindingsBy[0].Count != 2 || p.FindingsBy[1].Name != "tx-index" {
		t.Fatalf("findings by check %+v", p.FindingsBy)
	}
	if p.ReportHash != module.HashOf(s.Hash(raw)) {
		t.Fatalf("report hash %s", p.ReportHash)
	}
	if _, err := AuditSummary(s, []byte(`{"department":"nrb","blocks":{"from":5,"to":2}}`), ""); err == nil {
		t.Fatal("a report without checks and with a backwards range was accepted")
	}
}
