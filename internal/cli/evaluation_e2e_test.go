package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestEvaluationCLI: on the dev chain, an auditor publishes an audit
// report's summary and the data bureau a baseline through `govchain
// evaluation`; `evaluation show` then counts the audit's findings and
// compares the process with the baseline; another department's admin is
// refused with evaluation/2.
func TestEvaluationCLI(t *testing.T) {
	dev := startDevCLI(t)
	g := dev.exit
	dir := t.TempDir()
	report := filepath.Join(dir, "audit.json")
	os.WriteFile(report, []byte(`{"department":"nrb","blocks":{"from":1,"to":2},"checked":{"blocks":2,"commits":2},
"findings":[{"check":"index","file":"data/index.db","what":"a row differs"}],"ok":false}`), 0o600)
	g(0, "evaluation", "publish-audit", report, "--from", "aud-auditor", "--note", "例行审计")
	source := filepath.Join(dir, "yearbook.txt")
	os.WriteFile(source, []byte("2024年坪山市政务服务统计年报"), 0o600)
	base := []string{"evaluation", "publish-baseline", "--process", "land-use", "--department", "nrb", "--figure", "cases",
		"--value", "412", "--period", "2024", "--source", source, "--title", "2024年统计年报"}
	if out := g(2, append(base, "--from", "nrb-admin")...); !strings.Contains(out, "evaluation/2") {
		t.Fatalf("another department's admin: %s", out)
	}
	g(0, append(base, "--from", "gsd-admin")...)

	year := strconv.Itoa(time.Now().In(time.FixedZone("CST", 8*3600)).Year())
	var rep struct {
		Security struct {
			Audits   int `json:"audits"`
			Findings int `json:"audit_findings"`
		} `json:"security"`
		Efficiency struct {
			Processes []struct {
				Process string `json:"process"`
				Versus  []struct {
					Figure   string `json:"figure"`
					Baseline struct {
						Value int64 `json:"value"`
					} `json:"baseline"`
				} `json:"versus_baseline"`
			} `json:"processes"`
		} `json:"efficiency"`
	}
	// The index follows the chain a moment after the commit: ask until it
	// has the audit (or give up after 20 s).
	var out string
	for i := 0; i < 40; i++ {
		out = g(0, "evaluation", "show", "--period", year, "--department", "nrb")
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("show: %v\n%s", err, out)
		}
		if rep.Security.Audits > 0 {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if rep.Security.Audits != 1 || rep.Security.Findings != 1 {
		t.Fatalf("security %+v", rep.Security)
	}
	found := false
	for _, p := range rep.Efficiency.Processes {
		for _, v := range p.Versus {
			found = found || (p.Process == "land-use" && v.Figure == "cases" && v.Baseline.Value == 412)
		}
	}
	if !found {
		t.Fatalf("no land-use comparison with the published baseline:\n%s", out)
	}
}
