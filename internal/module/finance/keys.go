package finance

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys. Every prefix ends in "/" so no prefix is a prefix of another
// and the index can dispatch on them.
const (
	Prefix           = "finance/"
	seqPrefix        = "finance/seq/"
	linePrefix       = "finance/line/"
	lineKeyPrefix    = "finance/linekey/"
	adjPrefix        = "finance/adj/"
	allocPrefix      = "finance/alloc/"
	payPrefix        = "finance/pay/"
	apprPrefix       = "finance/appr/"
	disbPrefix       = "finance/disb/"
	refundPrefix     = "finance/refund/"
	reversalPrefix   = "finance/reversal/"
	revenuePrefix    = "finance/revenue/"
	lineBalPrefix    = "finance/bal/line/"
	allocBalPrefix   = "finance/bal/alloc/"
	payStatePrefix   = "finance/bal/pay/"
	revenueTotPrefix = "finance/bal/revenue/"
)

// ID kinds: the letters before the year in an entry id (BL-2026-0001).
const (
	KindLine         = "BL"
	KindAdjustment   = "AD"
	KindAllocation   = "AL"
	KindPayment      = "PR"
	KindDisbursement = "DB"
	KindRefund       = "RF"
	KindReversal     = "RX"
	KindRevenue      = "RV"
)

// Key functions, exported for proofs and tools.
func LineKey(id string) []byte            { return []byte(linePrefix + id) }
func AdjustmentKey(id string) []byte      { return []byte(adjPrefix + id) }
func AllocationKey(id string) []byte      { return []byte(allocPrefix + id) }
func PaymentKey(id string) []byte         { return []byte(payPrefix + id) }
func ApprovalKey(pid, addr string) []byte { return []byte(apprPrefix + pid + "/" + addr) }
func DisbursementKey(id string) []byte    { return []byte(disbPrefix + id) }
func RefundKey(id string) []byte          { return []byte(refundPrefix + id) }
func ReversalKey(id string) []byte        { return []byte(reversalPrefix + id) }
func RevenueKey(id string) []byte         { return []byte(revenuePrefix + id) }
func LineBalanceKey(id string) []byte     { return []byte(lineBalPrefix + id) }
func AllocBalanceKey(id string) []byte    { return []byte(allocBalPrefix + id) }
func PaymentStateKey(id string) []byte    { return []byte(payStatePrefix + id) }
func RevenueTotalKey(year int, code string) []byte {
	return []byte(fmt.Sprintf("%s%d/%s", revenueTotPrefix, year, code))
}

// lineClassKey makes (year, department, function, economic class) unique:
// a second line for the same class is an adjustment, not a new line.
func lineClassKey(year int, dept, fn, econ string) []byte {
	return []byte(fmt.Sprintf("%s%d/%s/%s/%s", lineKeyPrefix, year, dept, fn, econ))
}

func get[T any](r store.Reader, key []byte, notFound error, id string) (*T, error) {
	return module.GetRecord[T](r, key, notFound, id)
}

func put(kv store.KV, key []byte, v any) error { return module.PutRecord(kv, key, v) }

// putNew writes an entry that must not exist yet; entries are never
// overwritten, so a collision is a bug, not a user error.
func putNew(kv store.KV, key []byte, v any) error {
	old, err := kv.Get(key)
	if err != nil {
		return err
	}
	if old != nil {
		return fmt.Errorf("finance: entry %q already exists", key)
	}
	return put(kv, key, v)
}

// each decodes every record under prefix, in key order.
func each[T any](r store.Reader, prefix string, fn func(*T) error) error {
	var ferr error
	err := r.Iterate([]byte(prefix), func(k, v []byte) bool {
		var x T
		if ferr = module.UnmarshalState(v, &x); ferr != nil {
			ferr = fmt.Errorf("corrupt finance record %q: %w", k, ferr)
			return false
		}
		ferr = fn(&x)
		return ferr == nil
	})
	if err != nil {
		return err
	}
	return ferr
}

// nextID hands out the next id of a kind in a fiscal year. Counters live in
// state, so ids are the same on every node and readable by people
// ("AL-2026-0003" rather than a hash).
func nextID(kv store.KV, kind string, year int) (string, error) {
	return module.NextYearNumber(kv, []byte(fmt.Sprintf("%s%s/%d", seqPrefix, kind, year)), kind, year, IDWidth(kind))
}

// IDWidth is the digits of a kind's sequence: payments and disbursements
// run to six (hundreds of thousands a year), the rest to four.
func IDWidth(kind string) int {
	if kind == KindPayment || kind == KindDisbursement {
		return 6
	}
	return 4
}

// Typed getters.

// GetLine loads a budget line.
func GetLine(r store.Reader, id string) (*BudgetLine, error) {
	return get[BudgetLine](r, LineKey(id), ErrLineNotFound, id)
}

// GetLineBalance loads a budget line's running totals.
func GetLineBalance(r store.Reader, id string) (*LineBalance, error) {
	return get[LineBalance](r, LineBalanceKey(id), ErrLineNotFound, id)
}

// GetAllocation loads an allocation.
func GetAllocation(r store.Reader, id string) (*Allocation, error) {
	return get[Allocation](r, AllocationKey(id), ErrAllocNotFound, id)
}

// GetAllocBalance loads an allocation's running totals.
func GetAllocBalance(r store.Reader, id string) (*AllocBalance, error) {
	return get[AllocBalance](r, AllocBalanceKey(id), ErrAllocNotFound, id)
}

// GetPayment loads a payment request.
func GetPayment(r store.Reader, id string) (*Payment, error) {
	return get[Payment](r, PaymentKey(id), ErrPaymentNotFound, id)
}

// GetPaymentState loads where a payment stands.
func GetPaymentState(r store.Reader, id string) (*PaymentState, error) {
	return get[PaymentState](r, PaymentStateKey(id), ErrPaymentNotFound, id)
}

// Approvals lists a payment's approvals in approver-address order.
func Approvals(r store.Reader, paymentID string) ([]Approval, error) {
	var out []Approval
	err := each(r, apprPrefix+paymentID+"/", func(a *Approval) error {
		out = append(out, *a)
		return nil
	})
	return out, err
}

// GetReversal loads a reversal.
func GetReversal(r store.Reader, id string) (*Reversal, error) {
	return get[Reversal](r, ReversalKey(id), ErrEntryNotFound, id)
}

// GetRefund loads a refund.
func GetRefund(r store.Reader, id string) (*Refund, error) {
	return get[Refund](r, RefundKey(id), ErrEntryNotFound, id)
}
