package finance

import (
	"github.com/pingshan/govchain/internal/module"
	"time"

	"github.com/pingshan/govchain/internal/sealed"
)

// Entries are written once and never changed: a budget line, its
// adjustments, allocations, payment requests, approvals, disbursements,
// refunds, reversals and revenue. What moves are the running balances
// (LineBalance, AllocBalance, RevenueTotal) and a payment's PaymentState,
// each a function of the entries that CheckInvariants recomputes.

// Payment statuses.
const (
	StatusRequested = "requested" // reserved against the allocation, awaiting approvals
	StatusApproved  = "approved"  // approvals complete, awaiting disbursement
	StatusPaid      = "paid"      // disbursed; partial refunds keep it here
	StatusRefunded  = "refunded"  // refunded in full
	StatusRejected  = "rejected"  // refused or withdrawn before payment
	StatusReversed  = "reversed"  // disbursement reversed
)

// Allocation statuses.
const (
	AllocOpen     = "open"
	AllocReversed = "reversed"
)

// Payee kinds. Individuals are masked in the public view.
const (
	PayeeIndividual   = "individual"
	PayeeOrganisation = "organisation"
)

// Reversal target kinds.
const (
	TargetPayment    = "payment"
	TargetAllocation = "allocation"
)

// Payee is who receives (or, for revenue, pays) the money, as the chain
// keeps it: only what the public may see, a salted commitment to the full
// data and that data sealed for the readers (payee.go). Field 3 (the bank
// account in clear, before state version 2) is retired.
type Payee struct {
	// Name is an organisation's name, or a person's masked name (宋*).
	Name string `cbor:"1,keyasint" json:"name"`
	Kind string `cbor:"2,keyasint" json:"kind"`
	// CreditCode is an organisation's unified social credit code
	// (统一社会信用代码); individuals have none.
	CreditCode string `cbor:"4,keyasint,omitempty" json:"credit_code,omitempty"`
	// Commitment is PayeeCommitment of the sealed PayeeData.
	Commitment sealed.HexBytes `cbor:"5,keyasint,omitempty" json:"commitment,omitempty"`
	// Sealed is the PayeeData (name, account, salt) for the readers.
	Sealed *sealed.Box `cbor:"6,keyasint,omitempty" json:"sealed,omitempty"`
}

// BudgetLine is an approved budget line (预算项目) of one department.
type BudgetLine struct {
	ID           string      `cbor:"1,keyasint" json:"id"`
	FiscalYear   int         `cbor:"2,keyasint" json:"fiscal_year"`
	Department   string      `cbor:"3,keyasint" json:"department"`
	FunctionCode string      `cbor:"4,keyasint" json:"function_code"` // 功能分类, 项 level, 7 digits
	EconomicCode string      `cbor:"5,keyasint" json:"economic_code"` // 经济分类, 款 level, 5 digits
	Title        string      `cbor:"6,keyasint" json:"title"`
	AmountFen    int64       `cbor:"7,keyasint" json:"amount_fen"` // as first approved
	Source       module.Hash `cbor:"8,keyasint" json:"source"`     // hash of the budget resolution
	SourceRef    string      `cbor:"9,keyasint,omitempty" json:"source_ref,omitempty"`
	CreatedBy    string      `cbor:"10,keyasint" json:"created_by"`
	Height       int64       `cbor:"11,keyasint" json:"height"`
	Time         time.Time   `cbor:"12,keyasint" json:"time"`
}

// Adjustment (预算调整) changes a line's approved amount by DeltaFen.
type Adjustment struct {
	ID        string      `cbor:"1,keyasint" json:"id"`
	LineID    string      `cbor:"2,keyasint" json:"line_id"`
	DeltaFen  int64       `cbor:"3,keyasint" json:"delta_fen"`
	Reason    string      `cbor:"4,keyasint" json:"reason"`
	Source    module.Hash `cbor:"5,keyasint" json:"source"`
	SourceRef string      `cbor:"6,keyasint,omitempty" json:"source_ref,omitempty"`
	CreatedBy string      `cbor:"7,keyasint" json:"created_by"`
	Height    int64       `cbor:"8,keyasint" json:"height"`
	Time      time.Time   `cbor:"9,keyasint" json:"time"`
}

// Allocation (指标) is quota from a budget line for a project of the line's
// department; payments draw on it.
type Allocation struct {
	ID          string      `cbor:"1,keyasint" json:"id"`
	LineID      string      `cbor:"2,keyasint" json:"line_id"`
	FiscalYear  int         `cbor:"3,keyasint" json:"fiscal_year"`
	Department  string      `cbor:"4,keyasint" json:"department"`
	ProjectCode string      `cbor:"5,keyasint" json:"project_code"`
	ProjectName string      `cbor:"6,keyasint" json:"project_name"`
	AmountFen   int64       `cbor:"7,keyasint" json:"amount_fen"`
	Source      module.Hash `cbor:"8,keyasint,omitempty" json:"source,omitempty"`
	CreatedBy   string      `cbor:"9,keyasint" json:"created_by"`
	Height      int64       `cbor:"10,keyasint" json:"height"`
	Time        time.Time   `cbor:"11,keyasint" json:"time"`
}

// Payment is a payment request (支付申请) under the treasury single account.
type Payment struct {
	ID           string      `cbor:"1,keyasint" json:"id"`
	AllocationID string      `cbor:"2,keyasint" json:"allocation_id"`
	LineID       string      `cbor:"3,keyasint" json:"line_id"`
	FiscalYear   int         `cbor:"4,keyasint" json:"fiscal_year"`
	Department   string      `cbor:"5,keyasint" json:"department"`
	AmountFen    int64       `cbor:"6,keyasint" json:"amount_fen"`
	Payee        Payee       `cbor:"7,keyasint" json:"payee"`
	Purpose      string      `cbor:"8,keyasint" json:"purpose"`
	ContractHash module.Hash `cbor:"9,keyasint,omitempty" json:"contract_hash,omitempty"`
	InvoiceHash  module.Hash `cbor:"10,keyasint,omitempty" json:"invoice_hash,omitempty"`
	Date         string      `cbor:"11,keyasint" json:"date"` // business date of the request, YYYY-MM-DD
	RequestedBy  string      `cbor:"12,keyasint" json:"requested_by"`
	Height       int64       `cbor:"13,keyasint" json:"height"`
	Time         time.Time   `cbor:"14,keyasint" json:"time"`
}

// Approval is one account's sign-off on a payment, with the capacities it
// held at the time, so later role changes cannot rewrite history.
type Approval struct {
	PaymentID     string    `cbor:"1,keyasint" json:"payment_id"`
	Approver      string    `cbor:"2,keyasint" json:"approver"`
	Department    string    `cbor:"3,keyasint" json:"department"`
	FinanceBureau bool      `cbor:"4,keyasint" json:"finance_bureau"`
	Leader        bool      `cbor:"5,keyasint" json:"leader"`
	Comment       string    `cbor:"6,keyasint,omitempty" json:"comment,omitempty"`
	Height        int64     `cbor:"7,keyasint" json:"height"`
	Time          time.Time `cbor:"8,keyasint" json:"time"`
}

// Disbursement records the treasury paying the payee directly.
type Disbursement struct {
	ID           string    `cbor:"1,keyasint" json:"id"`
	PaymentID    string    `cbor:"2,keyasint" json:"payment_id"`
	AllocationID string    `cbor:"3,keyasint" json:"allocation_id"`
	LineID       string    `cbor:"4,keyasint" json:"line_id"`
	AmountFen    int64     `cbor:"5,keyasint" json:"amount_fen"`
	Voucher      string    `cbor:"6,keyasint,omitempty" json:"voucher,omitempty"`
	DisbursedBy  string    `cbor:"7,keyasint" json:"disbursed_by"`
	Height       int64     `cbor:"8,keyasint" json:"height"`
	Time         time.Time `cbor:"9,keyasint" json:"time"`
}

// Refund is money a payee returned (退款); it restores the allocation.
type Refund struct {
	ID           string      `cbor:"1,keyasint" json:"id"`
	PaymentID    string      `cbor:"2,keyasint" json:"payment_id"`
	AllocationID string      `cbor:"3,keyasint" json:"allocation_id"`
	LineID       string      `cbor:"4,keyasint" json:"line_id"`
	AmountFen    int64       `cbor:"5,keyasint" json:"amount_fen"`
	Reason       string      `cbor:"6,keyasint" json:"reason"`
	ReceiptHash  module.Hash `cbor:"7,keyasint,omitempty" json:"receipt_hash,omitempty"`
	RecordedBy   string      `cbor:"8,keyasint" json:"recorded_by"`
	Height       int64       `cbor:"9,keyasint" json:"height"`
	Time         time.Time   `cbor:"10,keyasint" json:"time"`
}

// Reversal (冲销) compensates a disbursed payment or an unused allocation.
type Reversal struct {
	ID           string    `cbor:"1,keyasint" json:"id"`
	TargetID     string    `cbor:"2,keyasint" json:"target_id"`
	TargetKind   string    `cbor:"3,keyasint" json:"target_kind"`
	AllocationID string    `cbor:"4,keyasint" json:"allocation_id"`
	LineID       string    `cbor:"5,keyasint" json:"line_id"`
	AmountFen    int64     `cbor:"6,keyasint" json:"amount_fen"`
	Reason       string    `cbor:"7,keyasint" json:"reason"`
	RecordedBy   string    `cbor:"8,keyasint" json:"recorded_by"`
	Height       int64     `cbor:"9,keyasint" json:"height"`
	Time         time.Time `cbor:"10,keyasint" json:"time"`
}

// Revenue is income into a revenue account (收入科目), e.g. land fees.
type Revenue struct {
	ID          string      `cbor:"1,keyasint" json:"id"`
	FiscalYear  int         `cbor:"2,keyasint" json:"fiscal_year"`
	AccountCode string      `cbor:"3,keyasint" json:"account_code"`
	Source      string      `cbor:"4,keyasint" json:"source"`
	Reference   string      `cbor:"5,keyasint" json:"reference"`
	Payer       Payee       `cbor:"6,keyasint" json:"payer"`
	AmountFen   int64       `cbor:"7,keyasint" json:"amount_fen"`
	DocHash     module.Hash `cbor:"8,keyasint,omitempty" json:"doc_hash,omitempty"`
	Department  string      `cbor:"9,keyasint" json:"department"`
	RecordedBy  string      `cbor:"10,keyasint" json:"recorded_by"`
	Height      int64       `cbor:"11,keyasint" json:"height"`
	Time        time.Time   `cbor:"12,keyasint" json:"time"`
	Date        string      `cbor:"13,keyasint" json:"date"` // date received, YYYY-MM-DD (CST)
}

// LineBalance is a line's running totals. Remaining = Approved − Allocated.
type LineBalance struct {
	LineID       string `cbor:"1,keyasint" json:"line_id"`
	ApprovedFen  int64  `cbor:"2,keyasint" json:"approved_fen"`  // original + adjustments
	AllocatedFen int64  `cbor:"3,keyasint" json:"allocated_fen"` // open allocations
	ExecutedFen  int64  `cbor:"4,keyasint" json:"executed_fen"`  // net paid from its allocations
}

// AllocBalance is an allocation's running totals.
// Remaining = Amount − Reserved − Paid.
type AllocBalance struct {
	AllocationID string `cbor:"1,keyasint" json:"allocation_id"`
	Status       string `cbor:"2,keyasint" json:"status"`
	AmountFen    int64  `cbor:"3,keyasint" json:"amount_fen"`   // 0 once reversed
	ReservedFen  int64  `cbor:"4,keyasint" json:"reserved_fen"` // requested or approved, not yet paid
	PaidFen      int64  `cbor:"5,keyasint" json:"paid_fen"`     // disbursed − refunded − reversed
}

// RemainingFen is what new payment requests may still reserve.
func (b *AllocBalance) RemainingFen() int64 { return b.AmountFen - b.ReservedFen - b.PaidFen }

// PaymentState is where a payment stands.
type PaymentState struct {
	PaymentID      string `cbor:"1,keyasint" json:"payment_id"`
	Status         string `cbor:"2,keyasint" json:"status"`
	Approvals      int    `cbor:"3,keyasint" json:"approvals"`
	RefundedFen    int64  `cbor:"4,keyasint" json:"refunded_fen"`
	DisbursementID string `cbor:"5,keyasint,omitempty" json:"disbursement_id,omitempty"`
	ReversalID     string `cbor:"6,keyasint,omitempty" json:"reversal_id,omitempty"`
	RejectedBy     string `cbor:"7,keyasint,omitempty" json:"rejected_by,omitempty"`
	RejectReason   string `cbor:"8,keyasint,omitempty" json:"reject_reason,omitempty"`
}

// RevenueTotal is the running total of one revenue account in one year.
type RevenueTotal struct {
	FiscalYear  int    `cbor:"1,keyasint" json:"fiscal_year"`
	AccountCode string `cbor:"2,keyasint" json:"account_code"`
	TotalFen    int64  `cbor:"3,keyasint" json:"total_fen"`
	Count       int64  `cbor:"4,keyasint" json:"count"`
}
