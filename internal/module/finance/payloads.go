package finance

import (
	"fmt"
	"github.com/pingshan/govchain/internal/module"
	"slices"
)

// Payloads are JSON; amounts are integer fen in *_fen fields. The decoder
// refuses unknown fields, fractions and strings where numbers belong.

// CreateBudgetLine is the payload of finance.create_budget_line.
type CreateBudgetLine struct {
	FiscalYear   int         `json:"fiscal_year"`
	Department   string      `json:"department"`
	FunctionCode string      `json:"function_code"`
	EconomicCode string      `json:"economic_code"`
	Title        string      `json:"title"`
	AmountFen    int64       `json:"amount_fen"`
	Source       module.Hash `json:"source"`               // hash of the budget resolution
	SourceRef    string      `json:"source_ref,omitempty"` // its document number, e.g. 坪人发〔2026〕1号
}

// Validate implements module.Payload.
func (p *CreateBudgetLine) Validate() error {
	if err := fiscalYear(p.FiscalYear); err != nil {
		return err
	}
	if p.Department == "" || len(p.Department) > 32 {
		return invalid("department is required")
	}
	if !functionCodePattern.MatchString(p.FunctionCode) {
		return invalid("function_code %q must be a 7-digit 功能分类 code (e.g. 2010301)", p.FunctionCode)
	}
	if !economicCodePattern.MatchString(p.EconomicCode) {
		return invalid("economic_code %q must be a 5-digit 经济分类 code (e.g. 30201)", p.EconomicCode)
	}
	if err := text("title", p.Title, true, 200); err != nil {
		return err
	}
	if err := checkAmount("amount_fen", p.AmountFen); err != nil {
		return err
	}
	if err := docHash("source", p.Source, true); err != nil {
		return err
	}
	return ref("source_ref", p.SourceRef, false)
}

// AdjustBudgetLine is the payload of finance.adjust_budget_line.
type AdjustBudgetLine struct {
	LineID    string      `json:"line_id"`
	DeltaFen  int64       `json:"delta_fen"` // positive raises, negative lowers
	Reason    string      `json:"reason"`
	Source    module.Hash `json:"source"`
	SourceRef string      `json:"source_ref,omitempty"`
}

// Validate implements module.Payload.
func (p *AdjustBudgetLine) Validate() error {
	if err := entryID("line_id", p.LineID, KindLine); err != nil {
		return err
	}
	if p.DeltaFen == 0 || p.DeltaFen < -MaxAmountFen || p.DeltaFen > MaxAmountFen {
		return fmt.Errorf("%w: delta_fen must be a non-zero whole number of fen within ±%d, got %d",
			ErrInvalidAmount, MaxAmountFen, p.DeltaFen)
	}
	if err := text("reason", p.Reason, true, 500); err != nil {
		return err
	}
	if err := docHash("source", p.Source, true); err != nil {
		return err
	}
	return ref("source_ref", p.SourceRef, false)
}

// Allocate is the payload of finance.allocate.
type Allocate struct {
	LineID      string      `json:"line_id"`
	ProjectCode string      `json:"project_code"`
	ProjectName string      `json:"project_name"`
	AmountFen   int64       `json:"amount_fen"`
	Source      module.Hash `json:"source,omitempty"` // hash of the quota notice (指标文件)
}

// Validate implements module.Payload.
func (p *Allocate) Validate() error {
	if err := entryID("line_id", p.LineID, KindLine); err != nil {
		return err
	}
	if !projectCodePattern.MatchString(p.ProjectCode) {
		return invalid("project_code %q must be 1–40 letters, digits or dashes", p.ProjectCode)
	}
	if err := text("project_name", p.ProjectName, true, 200); err != nil {
		return err
	}
	if err := checkAmount("amount_fen", p.AmountFen); err != nil {
		return err
	}
	return docHash("source", p.Source, false)
}

// RequestPayment is the payload of finance.request_payment.
type RequestPayment struct {
	AllocationID string      `json:"allocation_id"`
	AmountFen    int64       `json:"amount_fen"`
	Payee        Payee       `json:"payee"`
	Purpose      string      `json:"purpose"`
	ContractHash module.Hash `json:"contract_hash,omitempty"`
	InvoiceHash  module.Hash `json:"invoice_hash,omitempty"`
	// Date is the business date of the request (YYYY-MM-DD, CST): within
	// the allocation's fiscal year and not after the block's date.
	Date string `json:"date"`
}

// Validate implements module.Payload.
func (p *RequestPayment) Validate() error {
	if err := entryID("allocation_id", p.AllocationID, KindAllocation); err != nil {
		return err
	}
	if err := checkAmount("amount_fen", p.AmountFen); err != nil {
		return err
	}
	if err := validatePayee("payee", &p.Payee, true); err != nil {
		return err
	}
	if err := text("purpose", p.Purpose, true, 200); err != nil {
		return err
	}
	if err := docHash("contract_hash", p.ContractHash, false); err != nil {
		return err
	}
	if err := docHash("invoice_hash", p.InvoiceHash, false); err != nil {
		return err
	}
	_, err := parseDate(p.Date)
	return err
}

// PaymentRef is the payload of finance.approve_payment and finance.disburse.
type PaymentRef struct {
	PaymentID string `json:"payment_id"`
	// Note is an approval comment or the bank voucher number of a
	// disbursement.
	Note string `json:"note,omitempty"`
}

// Validate implements module.Payload.
func (p *PaymentRef) Validate() error {
	if err := entryID("payment_id", p.PaymentID, KindPayment); err != nil {
		return err
	}
	return text("note", p.Note, false, 200)
}

// RejectPayment is the payload of finance.reject_payment.
type RejectPayment struct {
	PaymentID string `json:"payment_id"`
	Reason    string `json:"reason"`
}

// Validate implements module.Payload.
func (p *RejectPayment) Validate() error {
	if err := entryID("payment_id", p.PaymentID, KindPayment); err != nil {
		return err
	}
	return text("reason", p.Reason, true, 500)
}

// RefundPayment is the payload of finance.refund.
type RefundPayment struct {
	PaymentID   string      `json:"payment_id"`
	AmountFen   int64       `json:"amount_fen"`
	Reason      string      `json:"reason"`
	ReceiptHash module.Hash `json:"receipt_hash,omitempty"`
}

// Validate implements module.Payload.
func (p *RefundPayment) Validate() error {
	if err := entryID("payment_id", p.PaymentID, KindPayment); err != nil {
		return err
	}
	if err := checkAmount("amount_fen", p.AmountFen); err != nil {
		return err
	}
	if err := text("reason", p.Reason, true, 500); err != nil {
		return err
	}
	return docHash("receipt_hash", p.ReceiptHash, false)
}

// Reverse is the payload of finance.reverse: a disbursed payment (PR-…) or
// an unused allocation (AL-…).
type Reverse struct {
	EntryID string `json:"entry_id"`
	Reason  string `json:"reason"`
}

// Validate implements module.Payload.
func (p *Reverse) Validate() error {
	if err := entryID("entry_id", p.EntryID, ""); err != nil {
		return err
	}
	if k := p.EntryID[:2]; k != KindPayment && k != KindAllocation {
		return invalid("entry_id %q: only payments (PR-…) and allocations (AL-…) can be reversed", p.EntryID)
	}
	return text("reason", p.Reason, true, 500)
}

// RecordRevenuePayload is the payload of finance.record_revenue.
type RecordRevenuePayload struct {
	AccountCode string      `json:"account_code"` // 收入分类 code, e.g. 1030148 国有土地使用权出让收入
	Source      string      `json:"source"`       // one of RevenueSources()
	Reference   string      `json:"reference"`    // e.g. the land case number
	Payer       Payee       `json:"payer"`
	AmountFen   int64       `json:"amount_fen"`
	DocHash     module.Hash `json:"doc_hash,omitempty"`
	// Date received (YYYY-MM-DD, CST); empty means the block's date. It
	// sets the fiscal year.
	Date string `json:"date,omitempty"`
}

// Validate implements module.Payload.
func (p *RecordRevenuePayload) Validate() error {
	return validateRevenue(p.AccountCode, p.Source, p.Reference, &p.Payer, p.AmountFen, p.DocHash, p.Date)
}

func validateRevenue(code, source, reference string, payer *Payee, amount int64, doc module.Hash, date string) error {
	if date != "" {
		if _, err := parseDate(date); err != nil {
			return err
		}
	}
	if !revenueCodePattern.MatchString(code) {
		return invalid("account_code %q must be a 7-digit 收入分类 code (e.g. 1030148)", code)
	}
	if !slices.Contains(RevenueSources(), source) {
		return invalid("source %q must be one of %v", source, RevenueSources())
	}
	if err := ref("reference", reference, true); err != nil {
		return err
	}
	if err := validatePayee("payer", payer, false); err != nil {
		return err
	}
	if err := checkAmount("amount_fen", amount); err != nil {
		return err
	}
	return docHash("doc_hash", doc, false)
}
