package finance

import "time"

// Query results. Amounts stay in fen; Rate is RateBP formatted for people.

// LineView is a budget line with its running totals.
type LineView struct {
	ID             string    `json:"id"`
	FiscalYear     int       `json:"fiscal_year"`
	Department     string    `json:"department"`
	FunctionCode   string    `json:"function_code"`
	EconomicCode   string    `json:"economic_code"`
	Title          string    `json:"title"`
	OriginalFen    int64     `json:"original_fen"`
	ApprovedFen    int64     `json:"approved_fen"`
	AllocatedFen   int64     `json:"allocated_fen"`
	UnallocatedFen int64     `json:"unallocated_fen"`
	ExecutedFen    int64     `json:"executed_fen"`
	RateBP         int64     `json:"execution_rate_bp"`
	Rate           string    `json:"execution_rate"`
	Source         string    `json:"source"`
	SourceRef      string    `json:"source_ref,omitempty"`
	CreatedBy      string    `json:"created_by"`
	Height         int64     `json:"height"`
	Time           time.Time `json:"time"`
}

// AllocationView is an allocation with its running totals.
type AllocationView struct {
	ID           string    `json:"id"`
	LineID       string    `json:"line_id"`
	FiscalYear   int       `json:"fiscal_year"`
	Department   string    `json:"department"`
	ProjectCode  string    `json:"project_code"`
	ProjectName  string    `json:"project_name"`
	OriginalFen  int64     `json:"original_fen"`
	Status       string    `json:"status"`
	AmountFen    int64     `json:"amount_fen"` // 0 once reversed
	ReservedFen  int64     `json:"reserved_fen"`
	PaidFen      int64     `json:"paid_fen"`
	RemainingFen int64     `json:"remaining_fen"`
	RateBP       int64     `json:"execution_rate_bp"`
	Rate         string    `json:"execution_rate"`
	Source       string    `json:"source,omitempty"`
	Height       int64     `json:"height"`
	Time         time.Time `json:"time"`
}

// PaymentView is a payment request with where it stands; the payee as the
// view allows.
type PaymentView struct {
	ID             string    `json:"id"`
	AllocationID   string    `json:"allocation_id"`
	LineID         string    `json:"line_id"`
	FiscalYear     int       `json:"fiscal_year"`
	Department     string    `json:"department"`
	AmountFen      int64     `json:"amount_fen"`
	Payee          Payee     `json:"payee"`
	Purpose        string    `json:"purpose"`
	ContractHash   string    `json:"contract_hash,omitempty"`
	InvoiceHash    string    `json:"invoice_hash,omitempty"`
	Date           string    `json:"date"`
	RequestedBy    string    `json:"requested_by"`
	Status         string    `json:"status"`
	Approvals      int       `json:"approvals"`
	RefundedFen    int64     `json:"refunded_fen"`
	NetPaidFen     int64     `json:"net_paid_fen"`
	DisbursementID string    `json:"disbursement_id,omitempty"`
	ReversalID     string    `json:"reversal_id,omitempty"`
	RejectedBy     string    `json:"rejected_by,omitempty"`
	RejectReason   string    `json:"reject_reason,omitempty"`
	Height         int64     `json:"height"`
	Time           time.Time `json:"time"`
}

// netPaid is what a payment has out with the payee now.
func netPaid(status string, amount, refunded int64) int64 {
	if status == StatusPaid || status == StatusRefunded {
		return amount - refunded
	}
	return 0
}

// PaymentTrace is a payment's path up to its budget line, with every entry
// that touched it.
type PaymentTrace struct {
	Payment      PaymentView    `json:"payment"`
	Approvals    []Approval     `json:"approvals"`
	Disbursement *Disbursement  `json:"disbursement,omitempty"`
	Refunds      []Refund       `json:"refunds"`
	Reversal     *Reversal      `json:"reversal,omitempty"`
	Allocation   AllocationView `json:"allocation"`
	Line         LineView       `json:"line"`
	Adjustments  []Adjustment   `json:"adjustments"`
}

// LineTree is a budget line down to every payee.
type LineTree struct {
	Line        LineView         `json:"line"`
	Adjustments []Adjustment     `json:"adjustments"`
	Allocations []AllocationNode `json:"allocations"`
}

// AllocationNode is an allocation and who its money went to.
type AllocationNode struct {
	Allocation AllocationView `json:"allocation"`
	Payees     []PayeeNode    `json:"payees"`
}

// PayeeNode is one payee of an allocation; ExecutedFen is net paid.
type PayeeNode struct {
	Payee       Payee         `json:"payee"`
	ExecutedFen int64         `json:"executed_fen"`
	Payments    []PaymentLeaf `json:"payments"`
}

// PaymentLeaf is a payment in a line tree.
type PaymentLeaf struct {
	ID         string `json:"id"`
	Date       string `json:"date"`
	AmountFen  int64  `json:"amount_fen"`
	NetPaidFen int64  `json:"net_paid_fen"`
	Status     string `json:"status"`
	Purpose    string `json:"purpose"`
}

// DeptBudget is one department's budget for a year.
type DeptBudget struct {
	FiscalYear   int    `json:"fiscal_year"`
	Department   string `json:"department"`
	Lines        int    `json:"lines"`
	ApprovedFen  int64  `json:"approved_fen"`
	AllocatedFen int64  `json:"allocated_fen"`
	ExecutedFen  int64  `json:"executed_fen"`
	RateBP       int64  `json:"execution_rate_bp"`
	Rate         string `json:"execution_rate"`
}

// PaymentFilter selects payments; zero values select all.
type PaymentFilter struct {
	Year       int
	Department string
	Status     string
	LineID     string
	Limit      int // default 100, at most 1000
	Offset     int
}
