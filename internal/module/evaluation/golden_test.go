package evaluation_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/evaluation"
)

var update = flag.Bool("update", false, "rewrite testdata/golden_apphash_intl.txt")

// TestGoldenAppHash pins the evaluation module's state encoding: two
// versions of a baseline, another figure, and two audit summaries must end
// in this app hash. Regenerate deliberately with
// go test ./internal/module/evaluation -run TestGoldenAppHash -update
func TestGoldenAppHash(t *testing.T) {
	c := apptest.New(t, apptest.Options{Suite: cryptosuite.Intl, Start: time.Date(2026, 9, 16, 1, 0, 0, 0, time.UTC)})
	c.MustDo("gsd-admin", "evaluation", "publish_baseline", landApproval(8800))
	fixed := landApproval(8750)
	fixed.Note = "更正"
	c.MustDo("gsd-admin", "evaluation", "publish_baseline", fixed)
	c.MustDo("gsd-admin", "evaluation", "publish_baseline", evaluation.PublishBaseline{Process: evaluation.CityProcess, Department: "gsd",
		Figure: evaluation.FigureGoodRate, Value: 9012, Scale: evaluation.ScaleBasisPoint, Period: "2024-Q4", SourceHash: hashA, SourceTitle: "满意度调查"})
	c.MustDo("aud-auditor", "evaluation", "publish_audit", evaluation.PublishAudit{NodeDepartment: "nrb", FromHeight: 1, ToHeight: 2,
		Checks: []evaluation.Count{{Name: "blocks", Count: 2}}, ReportHash: hashA})
	c.MustDo("aud-auditor", "evaluation", "publish_audit", evaluation.PublishAudit{NodeDepartment: "hub", FromHeight: 1, ToHeight: 5,
		Checks: []evaluation.Count{{Name: "blocks", Count: 5}, {Name: "state", Count: 1}}, Findings: 1,
		FindingsBy: []evaluation.Count{{Name: "state", Count: 1}}, ReportHash: hashA, Note: "n"})
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
		t.Fatalf("app hash %s, golden %s: evaluation state encoding changed", got, strings.TrimSpace(string(want)))
	}
}
