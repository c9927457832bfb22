package finance_test

import (
	"reflect"
	"testing"

	"github.com/pingshan/govchain/internal/module/finance"
)

// TestRefundAndReversal: compensating entries name what they correct and
// move the balances back by exactly their amount; nothing is edited.
func TestRefundAndReversal(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			f := newFixture(t, suite, tLine, tAlloc)
			id := f.pay(t, 20_000_000)
			if b := allocBal(t, f); b.PaidFen != 20_000_000 || b.RemainingFen() != 10_000_000 {
				t.Fatalf("after payment: %+v", b)
			}
			original, _ := finance.GetPayment(f.c.State(), id)

			r := f.c.MustDo("fin-officer", "finance", "refund", map[string]any{"payment_id": id, "amount_fen": 5_000_000, "reason": "结算核减"})
			refundID := idOf(r)
			if b := allocBal(t, f); b.PaidFen != 15_000_000 || b.RemainingFen() != 15_000_000 {
				t.Fatalf("after refund: %+v", b)
			}
			if lb := lineBal(t, f.c, f.line); lb.ExecutedFen != 15_000_000 {
				t.Fatalf("line after refund: %+v", lb)
			}
			wantCode(t, f.c.Do("fin-officer", "finance", "refund", map[string]any{"payment_id": id, "amount_fen": 15_000_001, "reason": "x"}),
				finance.ErrRefundExceedsPaid)
			wantCode(t, f.c.Do("eeb-accountant", "finance", "refund", map[string]any{"payment_id": id, "amount_fen": 1, "reason": "x"}),
				finance.ErrWrongDepartment)

			rx := idOf(f.c.MustDo("fin-officer", "finance", "reverse", map[string]any{"entry_id": id, "reason": "银行退票"}))
			if b := allocBal(t, f); b.PaidFen != 0 || b.RemainingFen() != tAlloc {
				t.Fatalf("after reversal: %+v", b)
			}
			st, _ := finance.GetPaymentState(f.c.State(), id)
			if st.Status != finance.StatusReversed || st.ReversalID != rx || st.RefundedFen != 5_000_000 {
				t.Fatalf("state after reversal: %+v", st)
			}
			rev, err := finance.GetReversal(f.c.State(), rx)
			if err != nil || rev.AmountFen != 15_000_000 || rev.TargetID != id || rev.TargetKind != finance.TargetPayment {
				t.Fatalf("reversal entry %+v (%v): must take back the 150,000.00 still out", rev, err)
			}
			if now, _ := finance.GetPayment(f.c.State(), id); !reflect.DeepEqual(now, original) {
				t.Fatalf("payment entry was edited: %+v → %+v", original, now)
			}
			if _, err := finance.GetRefund(f.c.State(), refundID); err != nil {
				t.Fatalf("refund entry gone: %v", err)
			}
			wantCode(t, f.c.Do("fin-officer", "finance", "reverse", map[string]any{"entry_id": id, "reason": "again"}), finance.ErrStatus)
			wantCode(t, f.c.Do("fin-officer", "finance", "refund", map[string]any{"payment_id": id, "amount_fen": 1, "reason": "x"}), finance.ErrStatus)
			// The quota is whole again and can be spent.
			f.pay(t, tAlloc)
			checkInvariants(t, f.c)
		})
	}
}

func TestFullRefundClosesPayment(t *testing.T) {
	f := newFixture(t, "intl", tLine, tAlloc)
	id := f.pay(t, 1_000_000)
	f.c.MustDo("fin-officer", "finance", "refund", map[string]any{"payment_id": id, "amount_fen": 1_000_000, "reason": "全额退回"})
	st, _ := finance.GetPaymentState(f.c.State(), id)
	if st.Status != finance.StatusRefunded {
		t.Fatalf("status %s", st.Status)
	}
	wantCode(t, f.c.Do("fin-officer", "finance", "reverse", map[string]any{"entry_id": id, "reason": "x"}), finance.ErrStatus)
	checkInvariants(t, f.c)
}

func TestRejectAndWithdraw(t *testing.T) {
	f := newFixture(t, "intl", tLine, tAlloc)
	ask := func() string {
		return idOf(f.c.MustDo("eeb-accountant", "finance", "request_payment", payment(f.alloc, 10_000_000, org("深圳市测试有限公司"))))
	}
	a := ask()
	wantCode(t, f.c.Do("nrb-clerk", "finance", "reject_payment", map[string]any{"payment_id": a, "reason": "x"}), finance.ErrWrongDepartment)
	f.c.MustDo("fin-officer2", "finance", "reject_payment", map[string]any{"payment_id": a, "reason": "缺少发票"})
	b := ask()
	f.c.MustDo("eeb-accountant", "finance", "reject_payment", map[string]any{"payment_id": b, "reason": "申请撤回"})
	if bal := allocBal(t, f); bal.ReservedFen != 0 || bal.RemainingFen() != tAlloc {
		t.Fatalf("reservations not released: %+v", bal)
	}
	wantCode(t, f.c.Do("fin-officer", "finance", "disburse", map[string]any{"payment_id": a}), finance.ErrStatus)
	wantCode(t, f.c.Do("fin-officer2", "finance", "approve_payment", map[string]any{"payment_id": b}), finance.ErrStatus)
	wantCode(t, f.c.Do("fin-officer", "finance", "reverse", map[string]any{"entry_id": b, "reason": "x"}), finance.ErrStatus)
	checkInvariants(t, f.c)
}

func TestReverseAllocation(t *testing.T) {
	f := newFixture(t, "intl", tLine, tAlloc)
	id := idOf(f.c.MustDo("eeb-accountant", "finance", "request_payment", payment(f.alloc, 1_000, org("深圳市测试有限公司"))))
	wantCode(t, f.c.Do("fin-officer", "finance", "reverse", map[string]any{"entry_id": f.alloc, "reason": "项目取消"}), finance.ErrStatus)
	f.c.MustDo("fin-officer2", "finance", "reject_payment", map[string]any{"payment_id": id, "reason": "项目取消"})
	f.c.MustDo("fin-officer", "finance", "reverse", map[string]any{"entry_id": f.alloc, "reason": "项目取消"})
	if lb := lineBal(t, f.c, f.line); lb.AllocatedFen != 0 || lb.ApprovedFen != tLine {
		t.Fatalf("line after allocation reversal: %+v", lb)
	}
	wantCode(t, f.c.Do("fin-officer", "finance", "reverse", map[string]any{"entry_id": f.alloc, "reason": "again"}), finance.ErrStatus)
	wantCode(t, f.c.Do("fin-officer", "finance", "reverse", map[string]any{"entry_id": "AL-2026-0099", "reason": "x"}), finance.ErrAllocNotFound)
	checkInvariants(t, f.c)
}
