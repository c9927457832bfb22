package finance_test

import (
	"fmt"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/tx"
)

// Line of 1,000,000 yuan with 300,000 allocated: 700,000 unallocated.
const (
	tLine  = 100_000_000
	tAlloc = 30_000_000
)

func rawPayment(alloc, amount string) []byte {
	return []byte(fmt.Sprintf(`{"allocation_id":%q,"amount_fen":%s,"payee":{"name":"深圳市测试有限公司","kind":"organisation","account":"4000123456789012345"},"purpose":"测试","date":"2026-02-20"}`, alloc, amount))
}

// TestInvariantsTable drives each rule of the ledger to its edge through
// the real app: the refusal code, then every balance still adds up.
func TestInvariantsTable(t *testing.T) {
	type step func(f *fixture) *abci.ExecTxResult
	req := func(amount string) step {
		return func(f *fixture) *abci.ExecTxResult {
			return f.c.Do("eeb-accountant", "finance", "request_payment", rawPayment(f.alloc, amount))
		}
	}
	do := func(who, action string, payload func(f *fixture) any) step {
		return func(f *fixture) *abci.ExecTxResult { return f.c.Do(who, "finance", action, payload(f)) }
	}
	allocate := func(fen int64) step {
		return do("fin-officer", "allocate", func(f *fixture) any {
			return map[string]any{"line_id": f.line, "project_code": "EEB-T2", "project_name": "二期", "amount_fen": fen}
		})
	}
	adjust := func(delta int64) step {
		return do("fin-officer", "adjust_budget_line", func(f *fixture) any {
			return map[string]any{"line_id": f.line, "delta_fen": delta, "reason": "调整", "source": hashA}
		})
	}
	request := func(who string, fen int64, date string) step {
		return do(who, "request_payment", func(f *fixture) any {
			p := payment(f.alloc, fen, org("深圳市测试有限公司"))
			p["date"] = date
			return p
		})
	}
	cases := []struct {
		name    string
		setup   func(t *testing.T, f *fixture)
		step    step
		want    *errcode.Error
		logHas  string
		mutates bool
	}{
		{name: "fraction of a fen refused", step: req("100.5"), want: tx.ErrInvalidPayload},
		{name: "exponent refused", step: req("1e5"), want: tx.ErrInvalidPayload},
		{name: "string amount refused", step: req(`"100"`), want: tx.ErrInvalidPayload},
		{name: "negative refused", step: req("-100"), want: tx.ErrInvalidPayload},
		{name: "zero refused", step: req("0"), want: tx.ErrInvalidPayload},
		{name: "above 10^15 refused", step: req("1000000000000001"), want: tx.ErrInvalidPayload},
		{name: "beyond int64 refused", step: req("99999999999999999999"), want: tx.ErrInvalidPayload},
		{name: "allocation above line's remaining", step: allocate(tLine - tAlloc + 1), want: finance.ErrInsufficient,
			logHas: "has 700,000.00 yuan unallocated, allocation asks 700,000.01"},
		{name: "allocation of exactly the remaining", step: allocate(tLine - tAlloc), mutates: true},
		{name: "payment above allocation's remaining", step: req("30000001"), want: finance.ErrInsufficient,
			logHas: "has 300,000.00 yuan left, payment asks 300,000.01"},
		{name: "payment of exactly the remaining", step: req("30000000"), mutates: true},
		{name: "payment above what earlier payments left",
			setup: func(t *testing.T, f *fixture) { f.pay(t, 12_000_000) },
			step:  req("18000001"), want: finance.ErrInsufficient, logHas: "has 180,000.00 yuan left, payment asks 180,000.01"},
		{name: "adjustment below allocated", step: adjust(-(tLine - tAlloc + 1)), want: finance.ErrBelowAllocated},
		{name: "adjustment down to allocated", step: adjust(-(tLine - tAlloc)), mutates: true},
		{name: "adjustment up then allocate it", setup: func(t *testing.T, f *fixture) {
			wantCode(t, adjust(5_000_000)(f), nil)
		}, step: allocate(tLine - tAlloc + 5_000_000), mutates: true},
		{name: "refund above net paid", setup: func(t *testing.T, f *fixture) {
			id := f.pay(t, 10_000_000)
			wantCode(t, f.c.Do("fin-officer", "finance", "refund", map[string]any{"payment_id": id, "amount_fen": 4_000_000, "reason": "退回"}), nil)
		}, step: do("fin-officer", "refund", func(f *fixture) any {
			return map[string]any{"payment_id": "PR-2026-000001", "amount_fen": 6_000_001, "reason": "退回"}
		}), want: finance.ErrRefundExceedsPaid, logHas: "has 60,000.00 yuan paid net of refunds, refund asks 60,000.01"},
		{name: "second line for the same class", step: do("fin-officer", "create_budget_line", func(*fixture) any {
			return line("eeb", "2110302", "30227", 1)
		}), want: finance.ErrLineExists},
		{name: "another department draws on the quota", step: request("nrb-accountant", 100, "2026-02-20"), want: finance.ErrWrongDepartment},
		{name: "spending department cannot allocate", step: do("eeb-accountant", "allocate", func(f *fixture) any {
			return map[string]any{"line_id": f.line, "project_code": "X", "project_name": "x", "amount_fen": 1}
		}), want: finance.ErrWrongDepartment},
		{name: "unknown line", step: do("fin-officer", "allocate", func(*fixture) any {
			return map[string]any{"line_id": "BL-2026-9999", "project_code": "X", "project_name": "x", "amount_fen": 1}
		}), want: finance.ErrLineNotFound},
		{name: "date outside the fiscal year", step: request("eeb-accountant", 100, "2025-12-31"), want: finance.ErrDate},
		{name: "date in the future", step: request("eeb-accountant", 100, "2026-03-03"), want: finance.ErrDate},
		{name: "disbursing an unapproved payment", setup: func(t *testing.T, f *fixture) {
			wantCode(t, request("eeb-accountant", 100, "2026-02-20")(f), nil)
		}, step: do("fin-officer", "disburse", func(*fixture) any { return map[string]any{"payment_id": "PR-2026-000001"} }),
			want: finance.ErrApprovalsMissing},
		{name: "reversed allocation takes no payments", setup: func(t *testing.T, f *fixture) {
			wantCode(t, f.c.Do("fin-officer", "finance", "reverse", map[string]any{"entry_id": f.alloc, "reason": "项目取消"}), nil)
		}, step: request("eeb-accountant", 100, "2026-02-20"), want: finance.ErrStatus},
		{name: "auditor cannot create budget", step: do("aud-auditor", "create_budget_line", func(*fixture) any {
			return line("aud", "2010801", "30201", 1)
		}), want: tx.ErrRoleNotAllowed},
	}
	for _, suite := range suites {
		for _, tc := range cases {
			t.Run(suite+"/"+tc.name, func(t *testing.T) {
				f := newFixture(t, suite, tLine, tAlloc)
				if tc.setup != nil {
					tc.setup(t, f)
				}
				before, err := finance.SumTotals(f.c.State())
				if err != nil {
					t.Fatal(err)
				}
				r := tc.step(f)
				wantCode(t, r, tc.want)
				if tc.logHas != "" && !strings.Contains(r.Log, tc.logHas) {
					t.Errorf("log %q lacks %q", r.Log, tc.logHas)
				}
				after, _ := finance.SumTotals(f.c.State())
				if !tc.mutates && tc.want != nil && after != before {
					t.Errorf("refused tx changed totals: %+v → %+v", before, after)
				}
				checkInvariants(t, f.c)
			})
		}
	}
}
