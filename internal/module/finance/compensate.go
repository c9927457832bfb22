package finance

import (
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
)

// Refunds and reversals never edit what they correct: each is a new entry
// naming its target, and the balances move back by its amount.

func handleRefund(ctx *module.Context, pl module.Payload) error {
	m := pl.(*RefundPayment)
	if _, err := bureauParams(ctx, "recording a refund"); err != nil {
		return err
	}
	pay, st, err := loadPayment(ctx.KV, m.PaymentID)
	if err != nil {
		return err
	}
	if st.Status != StatusPaid {
		return fmt.Errorf("%w: payment %s is %s; only a paid payment can be refunded", ErrStatus, pay.ID, st.Status)
	}
	if net := pay.AmountFen - st.RefundedFen; m.AmountFen > net {
		return fmt.Errorf("%w: payment %s has %s yuan paid net of refunds, refund asks %s",
			ErrRefundExceedsPaid, pay.ID, Yuan(net), Yuan(m.AmountFen))
	}
	id, err := nextID(ctx.KV, KindRefund, pay.FiscalYear)
	if err != nil {
		return err
	}
	rf := &Refund{ID: id, PaymentID: pay.ID, AllocationID: pay.AllocationID, LineID: pay.LineID, AmountFen: m.AmountFen,
		Reason: m.Reason, ReceiptHash: m.ReceiptHash, RecordedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := putNew(ctx.KV, RefundKey(id), rf); err != nil {
		return err
	}
	st.RefundedFen += m.AmountFen
	if st.RefundedFen == pay.AmountFen {
		st.Status = StatusRefunded
	}
	if err := put(ctx.KV, PaymentStateKey(pay.ID), st); err != nil {
		return err
	}
	if err := unpay(ctx, pay, m.AmountFen); err != nil {
		return err
	}
	ctx.Emit("finance.refunded", "id", id, "payment_id", pay.ID, "amount_fen", strconv.FormatInt(m.AmountFen, 10))
	return nil
}

// unpay returns fen of a payment to its allocation: the quota may be spent
// again, and the line's execution drops.
func unpay(ctx *module.Context, pay *Payment, fen int64) error {
	alloc, line, err := payBalances(ctx.KV, pay)
	if err != nil {
		return err
	}
	alloc.PaidFen -= fen
	line.ExecutedFen -= fen
	return putPayBalances(ctx.KV, pay, alloc, line)
}

func handleReverse(ctx *module.Context, pl module.Payload) error {
	m := pl.(*Reverse)
	if _, err := bureauParams(ctx, "reversing an entry"); err != nil {
		return err
	}
	var rx *Reversal
	var year int
	var err error
	switch m.EntryID[:2] {
	case KindPayment:
		rx, year, err = reversePayment(ctx, m.EntryID)
	case KindAllocation:
		rx, year, err = reverseAllocation(ctx, m.EntryID)
	default:
		err = fmt.Errorf("%w: %s", ErrEntryNotFound, m.EntryID)
	}
	if err != nil {
		return err
	}
	if rx.ID, err = nextID(ctx.KV, KindReversal, year); err != nil {
		return err
	}
	rx.TargetID, rx.Reason, rx.RecordedBy = m.EntryID, m.Reason, ctx.Signer.Address
	rx.Height, rx.Time = ctx.Height, ctx.BlockTime.UTC()
	if err := putNew(ctx.KV, ReversalKey(rx.ID), rx); err != nil {
		return err
	}
	if rx.TargetKind == TargetPayment {
		st, err := GetPaymentState(ctx.KV, m.EntryID)
		if err != nil {
			return err
		}
		st.ReversalID = rx.ID
		if err := put(ctx.KV, PaymentStateKey(m.EntryID), st); err != nil {
			return err
		}
	}
	ctx.Emit("finance.reversed", "id", rx.ID, "target_id", m.EntryID, "amount_fen", strconv.FormatInt(rx.AmountFen, 10))
	return nil
}

// reversePayment takes back what a disbursed payment still has out (its
// amount less refunds). An unpaid payment is rejected instead.
func reversePayment(ctx *module.Context, id string) (*Reversal, int, error) {
	pay, st, err := loadPayment(ctx.KV, id)
	if err != nil {
		return nil, 0, err
	}
	if st.Status != StatusPaid {
		hint := ""
		if st.Status == StatusRequested || st.Status == StatusApproved {
			hint = "; reject it instead"
		}
		return nil, 0, fmt.Errorf("%w: payment %s is %s, only a paid payment can be reversed%s", ErrStatus, id, st.Status, hint)
	}
	net := pay.AmountFen - st.RefundedFen
	st.Status = StatusReversed
	if err := put(ctx.KV, PaymentStateKey(id), st); err != nil {
		return nil, 0, err
	}
	if err := unpay(ctx, pay, net); err != nil {
		return nil, 0, err
	}
	return &Reversal{TargetKind: TargetPayment, AllocationID: pay.AllocationID, LineID: pay.LineID, AmountFen: net}, pay.FiscalYear, nil
}

// reverseAllocation returns an unused allocation's whole quota to its line.
func reverseAllocation(ctx *module.Context, id string) (*Reversal, int, error) {
	a, err := GetAllocation(ctx.KV, id)
	if err != nil {
		return nil, 0, err
	}
	bal, err := GetAllocBalance(ctx.KV, id)
	if err != nil {
		return nil, 0, err
	}
	if bal.Status != AllocOpen {
		return nil, 0, fmt.Errorf("%w: allocation %s is already %s", ErrStatus, id, bal.Status)
	}
	if bal.ReservedFen != 0 || bal.PaidFen != 0 {
		return nil, 0, fmt.Errorf("%w: allocation %s has %s yuan reserved and %s paid; only an unused allocation can be reversed",
			ErrStatus, id, Yuan(bal.ReservedFen), Yuan(bal.PaidFen))
	}
	line, err := GetLineBalance(ctx.KV, a.LineID)
	if err != nil {
		return nil, 0, err
	}
	amount := bal.AmountFen
	line.AllocatedFen -= amount
	bal.Status, bal.AmountFen = AllocReversed, 0
	if err := put(ctx.KV, AllocBalanceKey(id), bal); err != nil {
		return nil, 0, err
	}
	if err := put(ctx.KV, LineBalanceKey(a.LineID), line); err != nil {
		return nil, 0, err
	}
	return &Reversal{TargetKind: TargetAllocation, AllocationID: id, LineID: a.LineID, AmountFen: amount}, a.FiscalYear, nil
}
