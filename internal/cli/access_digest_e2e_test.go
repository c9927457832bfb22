package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
)

// TestAccessDigestE2E: a dev node configured to anchor its access log
// publishes last month's digest on its own (three accesses logged last
// month, one this month); `evaluation show` counts three for last month,
// and `govchain audit` checks the log against the digest without a finding.
func TestAccessDigestE2E(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	addr := freeAddr(t)
	cmd := startDev(t, home, addr)
	waitFile(t, filepath.Join(home, "demo.json"))
	stopDev(t, cmd)

	h := node.Home(home)
	conf := map[string]any{}
	raw, err := os.ReadFile(h.AppConfigFile())
	if err != nil || json.Unmarshal(raw, &conf) != nil {
		t.Fatalf("app config: %v", err)
	}
	dept, _ := conf["department"].(string)
	conf["access_log"] = map[string]any{"anchor_key": dept + "-admin", "anchor_interval": "1s"}
	raw, _ = json.Marshal(conf)
	if err := os.WriteFile(h.AppConfigFile(), raw, 0o600); err != nil {
		t.Fatal(err)
	}
	// Three accesses last month (CST), one this month, written before the
	// node starts again (the log is the node's own file).
	cst := time.FixedZone("CST", 8*3600)
	now := time.Now().In(cst)
	thisMonth := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, cst)
	lastMonth := thisMonth.AddDate(0, -1, 0)
	s, _ := cryptosuite.ByName(cryptosuite.GM)
	l, err := audit.OpenAccessLog(h.AccessLogPath(), s)
	if err != nil {
		t.Fatal(err)
	}
	for i, at := range []time.Time{lastMonth.Add(time.Hour), lastMonth.Add(48 * time.Hour), thisMonth.Add(-time.Minute), thisMonth.Add(time.Minute)} {
		l.Now = func() time.Time { return at.UTC() }
		if _, err := l.Append(audit.Access{Staff: "e2e", Department: dept, Case: fmt.Sprintf("case-%d", i), Purpose: "e2e"}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()

	cmd = startDev(t, home, addr)
	g := func(want int, args ...string) string {
		t.Helper()
		out, code := run(t, args...)
		if code != want {
			t.Fatalf("%v: exit %d, want %d\n%s", args, code, want, out)
		}
		return out
	}
	var rep struct {
		Security struct {
			Accesses *struct {
				Count  int64 `json:"count"`
				Months int64 `json:"months"`
			} `json:"personal_data_accesses"`
		} `json:"security"`
	}
	var out string
	for i := 0; i < 60 && rep.Security.Accesses == nil; i++ {
		time.Sleep(500 * time.Millisecond)
		out = g(0, "evaluation", "show", "--period", lastMonth.Format("2006-01"), "--department", dept, "--home", home, "--node", "http://"+addr)
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("show: %v\n%s", err, out)
		}
	}
	stopDev(t, cmd)
	if a := rep.Security.Accesses; a == nil || a.Count != 3 || a.Months != 1 {
		t.Fatalf("last month's accesses: %s", out)
	}
	out = g(0, "audit", "--home", home, "--json")
	if !strings.Contains(out, `"monthly_digests": 1`) || strings.Contains(out, "under-reported") {
		t.Fatalf("audit:\n%s", out)
	}
}
