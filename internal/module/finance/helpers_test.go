package finance_test

import (
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/demo/financeyear"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/network"
)

const year = 2026 // apptest chains start on 2026-03-02

var suites = []string{"gm", "intl"}

// staff is the network's demo staff plus the departments' accountants.
func staff() []apptest.Staff {
	var out []apptest.Staff
	for _, a := range network.DemoAccounts() {
		out = append(out, apptest.Staff{Name: a.Name, Department: a.Department, Roles: a.Roles})
	}
	seen := map[string]bool{}
	for _, a := range out {
		seen[a.Name] = true
	}
	for _, a := range financeyear.DemoStaff() {
		if !seen[a.Name] { // the network's demo staff may include them already
			out = append(out, apptest.Staff{Name: a.Name, Department: a.Department, Roles: a.Roles})
		}
	}
	return out
}

func newChain(t testing.TB, suite string, params *finance.Params) *apptest.Chain {
	t.Helper()
	o := apptest.Options{Suite: suite, Staff: staff(), Prepare: sealPayees}
	if params != nil {
		o.Modules = map[string]any{"finance": finance.Genesis{Params: params}}
	}
	return apptest.New(t, o)
}

// sealPayees is the client's work: clear payees are sealed for the
// chain's readers before signing, as the console and the CLI do.
func sealPayees(c *apptest.Chain, module, action string, payload []byte) ([]byte, error) {
	ps, err := finance.NewPayeeSealer(c.Suite, c.State())
	if err != nil {
		return nil, err
	}
	return ps.SealPayload(module, action, payload)
}

// idOf is the id a finance tx created, from its event.
func idOf(r *abci.ExecTxResult) string {
	for _, e := range r.Events {
		if !strings.HasPrefix(e.Type, "finance.") {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == "id" {
				return a.Value
			}
		}
	}
	return ""
}

// wantCode checks a result against a sentinel (nil: success).
func wantCode(t testing.TB, r *abci.ExecTxResult, want *errcode.Error) {
	t.Helper()
	if want == nil {
		if r.Code != 0 {
			t.Fatalf("refused: %s/%d %s", r.Codespace, r.Code, r.Log)
		}
		return
	}
	if r.Codespace != want.Codespace || r.Code != want.Code {
		t.Fatalf("got %s/%d (%s), want %s/%d (%s)", r.Codespace, r.Code, r.Log, want.Codespace, want.Code, want.Desc)
	}
}

func checkInvariants(t testing.TB, c *apptest.Chain) {
	t.Helper()
	if err := finance.CheckInvariants(c.State()); err != nil {
		t.Fatalf("invariants after block %d: %v", c.Height(), err)
	}
}

const hashA = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90"

func line(dept, fn, econ string, fen int64) map[string]any {
	return map[string]any{"fiscal_year": year, "department": dept, "function_code": fn, "economic_code": econ,
		"title": "测试预算", "amount_fen": fen, "source": hashA}
}

func org(name string) map[string]any {
	return map[string]any{"name": name, "kind": "organisation", "account": "4000123456789012345"}
}

func payment(alloc string, fen int64, payee map[string]any) map[string]any {
	return map[string]any{"allocation_id": alloc, "amount_fen": fen, "payee": payee, "purpose": "测试支付",
		"contract_hash": hashA, "date": "2026-02-20"}
}

// fixture is a line of eeb with one allocation, ready for payments.
type fixture struct {
	c           *apptest.Chain
	line, alloc string
}

func newFixture(t testing.TB, suite string, lineFen, allocFen int64) *fixture {
	c := newChain(t, suite, nil)
	f := &fixture{c: c}
	f.line = idOf(c.MustDo("fin-officer", "finance", "create_budget_line", line("eeb", "2110302", "30227", lineFen)))
	f.alloc = idOf(c.MustDo("fin-officer", "finance", "allocate", map[string]any{"line_id": f.line, "project_code": "EEB-T",
		"project_name": "测试项目", "amount_fen": allocFen}))
	return f
}

// pay requests, approves as needed by the default thresholds and disburses.
func (f *fixture) pay(t testing.TB, fen int64) string {
	t.Helper()
	id := idOf(f.c.MustDo("eeb-accountant", "finance", "request_payment", payment(f.alloc, fen, org("深圳市测试有限公司"))))
	req := finance.Required(finance.DefaultParams(), fen)
	f.c.MustDo("fin-officer2", "finance", "approve_payment", map[string]any{"payment_id": id})
	if req.FinanceBureau > 1 {
		f.c.MustDo("fin-director", "finance", "approve_payment", map[string]any{"payment_id": id})
	}
	if req.Leader > 0 {
		f.c.MustDo("gov-approver", "finance", "approve_payment", map[string]any{"payment_id": id})
	}
	f.c.MustDo("fin-officer", "finance", "disburse", map[string]any{"payment_id": id})
	return id
}

func allocBal(t testing.TB, f *fixture) *finance.AllocBalance {
	t.Helper()
	b, err := finance.GetAllocBalance(f.c.State(), f.alloc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func lineBal(t testing.TB, c *apptest.Chain, id string) *finance.LineBalance {
	t.Helper()
	b, err := finance.GetLineBalance(c.State(), id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
