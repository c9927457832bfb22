package finance

import (
	"errors"
	"fmt"

	"github.com/pingshan/govchain/internal/store"
)

// ledger is every finance entry and running record in state, loaded for a
// full recount.
type ledger struct {
	params    Params
	lines     []BudgetLine
	adjs      []Adjustment
	allocs    []Allocation
	pays      []Payment
	disbs     []Disbursement
	refunds   []Refund
	reversals []Reversal
	revenue   []Revenue
	lineBal   map[string]LineBalance
	allocBal  map[string]AllocBalance
	payState  map[string]PaymentState
	revTotals map[string]RevenueTotal
	approvals map[string][]Approval
}

func collect[T any](r store.Reader, prefix string, out *[]T) error {
	return each(r, prefix, func(x *T) error { *out = append(*out, *x); return nil })
}

func byKey[T any](r store.Reader, prefix string, key func(*T) string) (map[string]T, error) {
	m := map[string]T{}
	err := each(r, prefix, func(x *T) error { m[key(x)] = *x; return nil })
	return m, err
}

func loadLedger(r store.Reader) (*ledger, error) {
	l := &ledger{approvals: map[string][]Approval{}}
	var err error
	if l.params, err = GetParams(r); err != nil {
		return nil, err
	}
	for _, e := range []error{
		collect(r, linePrefix, &l.lines),
		collect(r, adjPrefix, &l.adjs),
		collect(r, allocPrefix, &l.allocs),
		collect(r, payPrefix, &l.pays),
		collect(r, disbPrefix, &l.disbs),
		collect(r, refundPrefix, &l.refunds),
		collect(r, reversalPrefix, &l.reversals),
		collect(r, revenuePrefix, &l.revenue),
		each(r, apprPrefix, func(a *Approval) error { l.approvals[a.PaymentID] = append(l.approvals[a.PaymentID], *a); return nil }),
	} {
		if e != nil {
			return nil, e
		}
	}
	if l.lineBal, err = byKey(r, lineBalPrefix, func(b *LineBalance) string { return b.LineID }); err != nil {
		return nil, err
	}
	if l.allocBal, err = byKey(r, allocBalPrefix, func(b *AllocBalance) string { return b.AllocationID }); err != nil {
		return nil, err
	}
	if l.payState, err = byKey(r, payStatePrefix, func(s *PaymentState) string { return s.PaymentID }); err != nil {
		return nil, err
	}
	if l.revTotals, err = byKey(r, revenueTotPrefix, func(t *RevenueTotal) string { return fmt.Sprintf("%d/%s", t.FiscalYear, t.AccountCode) }); err != nil {
		return nil, err
	}
	return l, nil
}

// CheckInvariants recounts every balance from the entries and checks the
// rules of the ledger:
//   - every amount is a positive whole number of fen within bounds;
//   - a line's approved amount = its original amount + its adjustments, and
//     0 ≤ allocated ≤ approved, executed ≤ allocated;
//   - an allocation's reserved = its unpaid live requests, its paid =
//     disbursements − refunds − reversals, reserved + paid ≤ amount;
//   - a payment's status agrees with its approvals, disbursement, refunds
//     and reversal; revenue totals equal their entries.
//
// It returns nil or every violation found. Tests call it after every block.
func CheckInvariants(r store.Reader) error {
	l, err := loadLedger(r)
	if err != nil {
		return err
	}
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }
	amount := func(what string, fen int64) {
		if fen <= 0 || fen > MaxAmountFen {
			bad("%s: amount %d fen out of range", what, fen)
		}
	}

	approved, allocated, executed := map[string]int64{}, map[string]int64{}, map[string]int64{}
	lines := map[string]BudgetLine{}
	for _, x := range l.lines {
		amount(x.ID, x.AmountFen)
		lines[x.ID] = x
		approved[x.ID] += x.AmountFen
	}
	for _, a := range l.adjs {
		if a.DeltaFen == 0 || a.DeltaFen > MaxAmountFen || a.DeltaFen < -MaxAmountFen {
			bad("%s: delta %d out of range", a.ID, a.DeltaFen)
		}
		if _, ok := lines[a.LineID]; !ok {
			bad("%s adjusts unknown line %s", a.ID, a.LineID)
		}
		approved[a.LineID] += a.DeltaFen
	}

	reversedAlloc := map[string]bool{}
	reversedPay := map[string]Reversal{}
	paid, reserved := map[string]int64{}, map[string]int64{}
	for _, x := range l.reversals {
		amount(x.ID, x.AmountFen)
		switch x.TargetKind {
		case TargetAllocation:
			reversedAlloc[x.TargetID] = true
		case TargetPayment:
			reversedPay[x.TargetID] = x
			paid[x.AllocationID] -= x.AmountFen
		default:
			bad("%s: unknown target kind %q", x.ID, x.TargetKind)
		}
	}
	allocs := map[string]Allocation{}
	for _, a := range l.allocs {
		amount(a.ID, a.AmountFen)
		allocs[a.ID] = a
		line, ok := lines[a.LineID]
		if !ok {
			bad("%s draws on unknown line %s", a.ID, a.LineID)
		} else if line.Department != a.Department || line.FiscalYear != a.FiscalYear {
			bad("%s: department/year %s/%d differ from line %s's %s/%d", a.ID, a.Department, a.FiscalYear, line.ID, line.Department, line.FiscalYear)
		}
		if !reversedAlloc[a.ID] {
			allocated[a.LineID] += a.AmountFen
		}
	}
	disbByPay := map[string][]Disbursement{}
	for _, d := range l.disbs {
		amount(d.ID, d.AmountFen)
		disbByPay[d.PaymentID] = append(disbByPay[d.PaymentID], d)
		paid[d.AllocationID] += d.AmountFen
	}
	refunded := map[string]int64{}
	for _, x := range l.refunds {
		amount(x.ID, x.AmountFen)
		refunded[x.PaymentID] += x.AmountFen
		paid[x.AllocationID] -= x.AmountFen
	}

	for _, p := range l.pays {
		amount(p.ID, p.AmountFen)
		a, ok := allocs[p.AllocationID]
		if !ok || a.LineID != p.LineID || a.Department != p.Department {
			bad("%s: allocation %s / line %s / department %s do not match", p.ID, p.AllocationID, p.LineID, p.Department)
		}
		st, ok := l.payState[p.ID]
		if !ok {
			bad("%s has no state", p.ID)
			continue
		}
		if st.RefundedFen != refunded[p.ID] {
			bad("%s: refunded %d, refunds add up to %d", p.ID, st.RefundedFen, refunded[p.ID])
		}
		if st.RefundedFen > p.AmountFen {
			bad("%s: refunded %d of %d", p.ID, st.RefundedFen, p.AmountFen)
		}
		aps := l.approvals[p.ID]
		if st.Approvals != len(aps) {
			bad("%s: state counts %d approvals, %d recorded", p.ID, st.Approvals, len(aps))
		}
		sat := Satisfied(Required(l.params, p.AmountFen), aps)
		ds := disbByPay[p.ID]
		rx, reversed := reversedPay[p.ID]
		disbursed := len(ds) == 1 && ds[0].AmountFen == p.AmountFen && ds[0].ID == st.DisbursementID
		if len(ds) > 1 {
			bad("%s disbursed %d times", p.ID, len(ds))
		}
		switch st.Status {
		case StatusRequested, StatusApproved:
			reserved[p.AllocationID] += p.AmountFen
			if sat != (st.Status == StatusApproved) || len(ds) > 0 || reversed {
				bad("%s is %s with approvals satisfied=%v, %d disbursements, reversed=%v", p.ID, st.Status, sat, len(ds), reversed)
			}
		case StatusRejected:
			if len(ds) > 0 || reversed {
				bad("%s is rejected but was disbursed or reversed", p.ID)
			}
		case StatusPaid, StatusRefunded, StatusReversed:
			if !sat || !disbursed {
				bad("%s is %s with approvals satisfied=%v, disbursement matches=%v", p.ID, st.Status, sat, disbursed)
			}
			if (st.Status == StatusRefunded) != (st.RefundedFen == p.AmountFen) {
				bad("%s is %s with %d of %d refunded", p.ID, st.Status, st.RefundedFen, p.AmountFen)
			}
			if (st.Status == StatusReversed) != reversed {
				bad("%s is %s, reversal recorded=%v", p.ID, st.Status, reversed)
			}
			if reversed && (rx.AmountFen != p.AmountFen-st.RefundedFen || rx.ID != st.ReversalID) {
				bad("%s: reversal %s of %d does not take back the %d outstanding", p.ID, rx.ID, rx.AmountFen, p.AmountFen-st.RefundedFen)
			}
		default:
			bad("%s: unknown status %q", p.ID, st.Status)
		}
	}

	for _, a := range l.allocs {
		b, ok := l.allocBal[a.ID]
		if !ok {
			bad("%s has no balance", a.ID)
			continue
		}
		want := AllocBalance{AllocationID: a.ID, Status: AllocOpen, AmountFen: a.AmountFen, ReservedFen: reserved[a.ID], PaidFen: paid[a.ID]}
		if reversedAlloc[a.ID] {
			want.Status, want.AmountFen = AllocReversed, 0
		}
		if b != want {
			bad("%s: balance %+v, entries give %+v", a.ID, b, want)
		}
		if b.ReservedFen < 0 || b.PaidFen < 0 || b.RemainingFen() < 0 {
			bad("%s: overspent: amount %d reserved %d paid %d", a.ID, b.AmountFen, b.ReservedFen, b.PaidFen)
		}
		executed[a.LineID] += paid[a.ID]
	}
	for _, x := range l.lines {
		b, ok := l.lineBal[x.ID]
		if !ok {
			bad("%s has no balance", x.ID)
			continue
		}
		want := LineBalance{LineID: x.ID, ApprovedFen: approved[x.ID], AllocatedFen: allocated[x.ID], ExecutedFen: executed[x.ID]}
		if b != want {
			bad("%s: balance %+v, entries give %+v", x.ID, b, want)
		}
		if b.AllocatedFen < 0 || b.AllocatedFen > b.ApprovedFen || b.ExecutedFen < 0 || b.ExecutedFen > b.AllocatedFen {
			bad("%s: approved %d allocated %d executed %d out of order", x.ID, b.ApprovedFen, b.AllocatedFen, b.ExecutedFen)
		}
	}
	if len(l.lineBal) != len(l.lines) || len(l.allocBal) != len(l.allocs) || len(l.payState) != len(l.pays) {
		bad("orphan balances: %d line, %d allocation, %d payment records for %d, %d, %d entries",
			len(l.lineBal), len(l.allocBal), len(l.payState), len(l.lines), len(l.allocs), len(l.pays))
	}

	revTot := map[string]RevenueTotal{}
	for _, v := range l.revenue {
		amount(v.ID, v.AmountFen)
		k := fmt.Sprintf("%d/%s", v.FiscalYear, v.AccountCode)
		t := revTot[k]
		t.FiscalYear, t.AccountCode = v.FiscalYear, v.AccountCode
		t.TotalFen += v.AmountFen
		t.Count++
		revTot[k] = t
	}
	if len(revTot) != len(l.revTotals) {
		bad("%d revenue totals recorded, entries give %d", len(l.revTotals), len(revTot))
	}
	for k, want := range revTot {
		if got := l.revTotals[k]; got != want {
			bad("revenue total %s: %+v, entries give %+v", k, got, want)
		}
	}
	return errors.Join(errs...)
}

// Totals are chain-wide sums, for conservation checks: every fen approved
// is unallocated, reserved, paid or still free in an allocation.
type Totals struct {
	ApprovedFen    int64 `json:"approved_fen"`
	AllocatedFen   int64 `json:"allocated_fen"`
	ReservedFen    int64 `json:"reserved_fen"`
	PaidFen        int64 `json:"paid_fen"`
	DisbursedFen   int64 `json:"disbursed_fen"`
	RefundedFen    int64 `json:"refunded_fen"`
	ReversedPayFen int64 `json:"reversed_payments_fen"`
	RevenueFen     int64 `json:"revenue_fen"`
}

// SumTotals adds up the running balances and the compensating entries.
func SumTotals(r store.Reader) (Totals, error) {
	l, err := loadLedger(r)
	if err != nil {
		return Totals{}, err
	}
	var t Totals
	for _, b := range l.lineBal {
		t.ApprovedFen += b.ApprovedFen
		t.AllocatedFen += b.AllocatedFen
	}
	for _, b := range l.allocBal {
		t.ReservedFen += b.ReservedFen
		t.PaidFen += b.PaidFen
	}
	for _, d := range l.disbs {
		t.DisbursedFen += d.AmountFen
	}
	for _, x := range l.refunds {
		t.RefundedFen += x.AmountFen
	}
	for _, x := range l.reversals {
		if x.TargetKind == TargetPayment {
			t.ReversedPayFen += x.AmountFen
		}
	}
	for _, x := range l.revTotals {
		t.RevenueFen += x.TotalFen
	}
	return t, nil
}
