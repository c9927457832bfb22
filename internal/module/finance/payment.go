package finance

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

func handleRequest(ctx *module.Context, pl module.Payload) error {
	m := pl.(*RequestPayment)
	a, err := GetAllocation(ctx.KV, m.AllocationID)
	if err != nil {
		return err
	}
	// The spending department asks for its own money; nobody else can
	// draw on its quota.
	if ctx.Signer.Department != a.Department {
		return fmt.Errorf("%w: allocation %s belongs to %q; signer is in %q", ErrWrongDepartment, a.ID, a.Department, ctx.Signer.Department)
	}
	p, err := GetParams(ctx.KV)
	if err != nil {
		return err
	}
	if err := checkReaders(p, "payee", &m.Payee); err != nil {
		return err
	}
	bal, err := GetAllocBalance(ctx.KV, a.ID)
	if err != nil {
		return err
	}
	if bal.Status != AllocOpen {
		return fmt.Errorf("%w: allocation %s is %s", ErrStatus, a.ID, bal.Status)
	}
	date, _ := parseDate(m.Date) // validated in Validate
	if date.Year() != a.FiscalYear {
		return fmt.Errorf("%w: date %s is outside fiscal year %d of allocation %s", ErrDate, m.Date, a.FiscalYear, a.ID)
	}
	if today := ctx.BlockTime.In(cst).Format(time.DateOnly); m.Date > today {
		return fmt.Errorf("%w: date %s is after today's date %s", ErrDate, m.Date, today)
	}
	if left := bal.RemainingFen(); m.AmountFen > left {
		return fmt.Errorf("%w: allocation %s has %s yuan left, payment asks %s", ErrInsufficient, a.ID, Yuan(left), Yuan(m.AmountFen))
	}
	bal.ReservedFen += m.AmountFen
	id, err := nextID(ctx.KV, KindPayment, a.FiscalYear)
	if err != nil {
		return err
	}
	pay := &Payment{ID: id, AllocationID: a.ID, LineID: a.LineID, FiscalYear: a.FiscalYear, Department: a.Department,
		AmountFen: m.AmountFen, Payee: m.Payee, Purpose: m.Purpose, ContractHash: m.ContractHash, InvoiceHash: m.InvoiceHash,
		Date: m.Date, RequestedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := putNew(ctx.KV, PaymentKey(id), pay); err != nil {
		return err
	}
	if err := put(ctx.KV, PaymentStateKey(id), &PaymentState{PaymentID: id, Status: StatusRequested}); err != nil {
		return err
	}
	if err := put(ctx.KV, AllocBalanceKey(a.ID), bal); err != nil {
		return err
	}
	ctx.Emit("finance.payment_requested", "id", id, "allocation_id", a.ID, "department", a.Department,
		"amount_fen", strconv.FormatInt(m.AmountFen, 10))
	return nil
}

// loadPayment loads a payment with its state.
func loadPayment(r store.Reader, id string) (*Payment, *PaymentState, error) {
	pay, err := GetPayment(r, id)
	if err != nil {
		return nil, nil, err
	}
	st, err := GetPaymentState(r, id)
	if err != nil {
		return nil, nil, err
	}
	return pay, st, nil
}

// payBalances loads the allocation and line balances a payment draws on.
func payBalances(r store.Reader, pay *Payment) (*AllocBalance, *LineBalance, error) {
	alloc, err := GetAllocBalance(r, pay.AllocationID)
	if err != nil {
		return nil, nil, err
	}
	line, err := GetLineBalance(r, pay.LineID)
	if err != nil {
		return nil, nil, err
	}
	return alloc, line, nil
}

// putPayBalances stores the balances payBalances loaded, allocation first.
func putPayBalances(kv store.KV, pay *Payment, alloc *AllocBalance, line *LineBalance) error {
	if err := put(kv, AllocBalanceKey(pay.AllocationID), alloc); err != nil {
		return err
	}
	return put(kv, LineBalanceKey(pay.LineID), line)
}

func handleApprove(ctx *module.Context, pl module.Payload) error {
	m := pl.(*PaymentRef)
	p, err := GetParams(ctx.KV)
	if err != nil {
		return err
	}
	pay, st, err := loadPayment(ctx.KV, m.PaymentID)
	if err != nil {
		return err
	}
	if st.Status != StatusRequested {
		return fmt.Errorf("%w: payment %s is %s, not awaiting approval", ErrStatus, pay.ID, st.Status)
	}
	if ctx.Signer.Address == pay.RequestedBy {
		return fmt.Errorf("%w: %s requested payment %s", ErrSelfApproval, ctx.Signer.Address, pay.ID)
	}
	if old, err := ctx.KV.Get(ApprovalKey(pay.ID, ctx.Signer.Address)); err != nil {
		return err
	} else if old != nil {
		return fmt.Errorf("%w: %s has already approved payment %s", ErrAlreadyApproved, ctx.Signer.Address, pay.ID)
	}
	bureau, leader := capacities(p, ctx.Signer)
	if !bureau && !leader {
		return fmt.Errorf("%w: approvals come from the Finance Bureau (%q, role finance or approver) or a leader (role approver in %v); signer is in %q with roles %v",
			ErrNotEligible, p.FinanceDepartment, p.LeaderDepartments, ctx.Signer.Department, ctx.Signer.Roles)
	}
	approvals, err := Approvals(ctx.KV, pay.ID)
	if err != nil {
		return err
	}
	req := Required(p, pay.AmountFen)
	ap := Approval{PaymentID: pay.ID, Approver: ctx.Signer.Address, Department: ctx.Signer.Department,
		FinanceBureau: bureau, Leader: leader, Comment: m.Note, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	// An approval that fills no open slot would look like control without
	// being one (e.g. a leader on a small payment, or a third clerk).
	if progress(req, append(approvals, ap)) <= progress(req, approvals) {
		return fmt.Errorf("%w: payment %s of %s yuan needs %s; it has %d approval(s) and this one would not count",
			ErrNotEligible, pay.ID, Yuan(pay.AmountFen), req, len(approvals))
	}
	approvals = append(approvals, ap)
	if err := putNew(ctx.KV, ApprovalKey(pay.ID, ap.Approver), &ap); err != nil {
		return err
	}
	st.Approvals = len(approvals)
	done := Satisfied(req, approvals)
	if done {
		st.Status = StatusApproved
	}
	if err := put(ctx.KV, PaymentStateKey(pay.ID), st); err != nil {
		return err
	}
	ctx.Emit("finance.payment_approved", "payment_id", pay.ID, "approver", ap.Approver, "fully_approved", strconv.FormatBool(done))
	return nil
}

func handleReject(ctx *module.Context, pl module.Payload) error {
	m := pl.(*RejectPayment)
	p, err := GetParams(ctx.KV)
	if err != nil {
		return err
	}
	pay, st, err := loadPayment(ctx.KV, m.PaymentID)
	if err != nil {
		return err
	}
	if st.Status != StatusRequested && st.Status != StatusApproved {
		return fmt.Errorf("%w: payment %s is %s; only unpaid payments can be rejected", ErrStatus, pay.ID, st.Status)
	}
	// Those who could approve may refuse; the requesting department may
	// withdraw its own request.
	bureau, leader := capacities(p, ctx.Signer)
	own := ctx.Signer.Department == pay.Department
	if !bureau && !leader && !own {
		return fmt.Errorf("%w: payment %s is %q's; signer in %q can neither approve nor withdraw it",
			ErrWrongDepartment, pay.ID, pay.Department, ctx.Signer.Department)
	}
	bal, err := GetAllocBalance(ctx.KV, pay.AllocationID)
	if err != nil {
		return err
	}
	bal.ReservedFen -= pay.AmountFen
	st.Status, st.RejectedBy, st.RejectReason = StatusRejected, ctx.Signer.Address, m.Reason
	if err := put(ctx.KV, PaymentStateKey(pay.ID), st); err != nil {
		return err
	}
	if err := put(ctx.KV, AllocBalanceKey(pay.AllocationID), bal); err != nil {
		return err
	}
	ctx.Emit("finance.payment_rejected", "payment_id", pay.ID, "by", ctx.Signer.Address)
	return nil
}

func handleDisburse(ctx *module.Context, pl module.Payload) error {
	m := pl.(*PaymentRef)
	p, err := bureauParams(ctx, "disbursing")
	if err != nil {
		return err
	}
	pay, st, err := loadPayment(ctx.KV, m.PaymentID)
	if err != nil {
		return err
	}
	req := Required(p, pay.AmountFen)
	switch st.Status {
	case StatusApproved:
	case StatusRequested:
		return fmt.Errorf("%w: payment %s of %s yuan needs %s; it has %d approval(s)",
			ErrApprovalsMissing, pay.ID, Yuan(pay.AmountFen), req, st.Approvals)
	default:
		return fmt.Errorf("%w: payment %s is %s", ErrStatus, pay.ID, st.Status)
	}
	alloc, line, err := payBalances(ctx.KV, pay)
	if err != nil {
		return err
	}
	alloc.ReservedFen -= pay.AmountFen
	alloc.PaidFen += pay.AmountFen
	line.ExecutedFen += pay.AmountFen
	id, err := nextID(ctx.KV, KindDisbursement, pay.FiscalYear)
	if err != nil {
		return err
	}
	d := &Disbursement{ID: id, PaymentID: pay.ID, AllocationID: pay.AllocationID, LineID: pay.LineID, AmountFen: pay.AmountFen,
		Voucher: m.Note, DisbursedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := putNew(ctx.KV, DisbursementKey(id), d); err != nil {
		return err
	}
	st.Status, st.DisbursementID = StatusPaid, id
	if err := put(ctx.KV, PaymentStateKey(pay.ID), st); err != nil {
		return err
	}
	if err := putPayBalances(ctx.KV, pay, alloc, line); err != nil {
		return err
	}
	ctx.Emit("finance.disbursed", "id", id, "payment_id", pay.ID, "amount_fen", strconv.FormatInt(pay.AmountFen, 10))
	return nil
}
