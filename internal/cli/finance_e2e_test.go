package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/testnet"
)

// TestFinancePayeeCLI: `govchain tx finance request_payment` takes the
// payee in clear and seals it before signing (the node never sees the
// name or the account); `govchain finance open-payee` opens it with a
// reader's data key and checks the commitment; `verify-payee` checks
// opened data against the chain and refuses altered data.
func TestFinancePayeeCLI(t *testing.T) {
	dir := t.TempDir()
	nw, err := testnet.Create(bin, dir, network.Options{Suite: "intl", Validators: 1, Single: true, TimeoutCommit: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := nw.StartAll(); err != nil {
		t.Fatal(err)
	}
	defer nw.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := nw.WaitReady(ctx, 0, 2); err != nil {
		t.Fatal(err)
	}
	home := nw.Nodes[0].Home
	year := time.Now().Year()
	date := time.Now().In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
	tx := func(from, action, payload string) {
		t.Helper()
		f := filepath.Join(dir, action+".json")
		os.WriteFile(f, []byte(payload), 0o600)
		if out, code := run(t, "tx", "finance", action, "--from", from, "--payload", f, "--home", home); code != 0 {
			t.Fatalf("%s: exit %d\n%s", action, code, out)
		}
	}
	h := strings.Repeat("ab", 32)
	tx("fin-officer", "create_budget_line", `{"fiscal_year":`+itoa(year)+`,"department":"fin","function_code":"2010601","economic_code":"30227","title":"专家评审","amount_fen":10000000,"source":"`+h+`"}`)
	tx("fin-officer", "allocate", `{"line_id":"BL-`+itoa(year)+`-0001","project_code":"FIN-ZJ","project_name":"专家评审","amount_fen":5000000}`)
	tx("fin-officer", "request_payment", `{"allocation_id":"AL-`+itoa(year)+`-0001","amount_fen":300000,"payee":{"name":"宋江","kind":"individual","account":"6222020200112233445"},"purpose":"专家评审费","date":"`+date+`"}`)
	id := "PR-" + itoa(year) + "-000001"

	out, code := run(t, "query", "key", "finance/pay/"+id, "--home", home)
	if code != 0 || strings.Contains(out, "宋江") || strings.Contains(out, "6222020200112233445") {
		t.Fatalf("the payment record holds the payee in clear (exit %d):\n%s", code, out)
	}
	out, code = run(t, "finance", "open-payee", id, "--department", "fin", "--home", home)
	if code != 0 || !strings.Contains(out, "宋江") || !strings.Contains(out, "6222020200112233445") || !strings.Contains(out, `"commitment_verified": true`) {
		t.Fatalf("open-payee: exit %d\n%s", code, out)
	}
	opened := filepath.Join(dir, "opened.json")
	os.WriteFile(opened, []byte(out[strings.Index(out, "{"):]), 0o600)
	if out, code := run(t, "finance", "verify-payee", id, "--data", opened, "--home", home); code != 0 {
		t.Fatalf("verify-payee: exit %d\n%s", code, out)
	}
	var o struct {
		Payee map[string]any `json:"payee"`
	}
	json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &o)
	o.Payee["account"] = "6222020200112233446"
	b, _ := json.Marshal(o)
	os.WriteFile(opened, b, 0o600)
	if out, code := run(t, "finance", "verify-payee", id, "--data", opened, "--home", home); code != 2 || !strings.Contains(out, "commitment") {
		t.Fatalf("verify-payee with an altered account: exit %d\n%s", code, out)
	}
	if out, code := run(t, "finance", "open-payee", id, "--department", "nrb", "--home", home); code == 0 {
		t.Fatalf("nrb opened the payee:\n%s", out)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
