package finance

import (
	"fmt"
	"strings"

	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler feeds the SQLite index (internal/index) from finance state.
// Each table mirrors one key prefix, one row per state key (skey), so a
// row is a function of one record alone: following the chain block by
// block and rebuilding with `govchain reindex` give the same tables.
// Queries join them (query.go).
type IndexHandler struct{}

type table struct {
	prefix, name string
	cols         []string // "name TYPE"
	extra        []string // indexes
	row          func(b []byte) ([]any, error)
}

func decodeRow[T any](fields func(*T) []any) func([]byte) ([]any, error) {
	return func(b []byte) ([]any, error) {
		var v T
		if err := module.UnmarshalState(b, &v); err != nil {
			return nil, err
		}
		return fields(&v), nil
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var tables = []table{
	{linePrefix, "fin_lines", []string{"id TEXT", "fiscal_year INTEGER", "department TEXT", "function_code TEXT", "economic_code TEXT",
		"title TEXT", "amount_fen INTEGER", "source TEXT", "source_ref TEXT", "created_by TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_lines_id ON fin_lines(id)", "fin_lines_year ON fin_lines(fiscal_year, department)"},
		decodeRow(func(x *BudgetLine) []any {
			return []any{x.ID, x.FiscalYear, x.Department, x.FunctionCode, x.EconomicCode, x.Title, x.AmountFen, x.Source, x.SourceRef,
				x.CreatedBy, x.Height, x.Time.Unix()}
		})},
	{adjPrefix, "fin_adjustments", []string{"id TEXT", "line_id TEXT", "delta_fen INTEGER", "reason TEXT", "source TEXT", "source_ref TEXT",
		"created_by TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_adjustments_line ON fin_adjustments(line_id)"},
		decodeRow(func(x *Adjustment) []any {
			return []any{x.ID, x.LineID, x.DeltaFen, x.Reason, x.Source, x.SourceRef, x.CreatedBy, x.Height, x.Time.Unix()}
		})},
	{allocPrefix, "fin_allocations", []string{"id TEXT", "line_id TEXT", "fiscal_year INTEGER", "department TEXT", "project_code TEXT",
		"project_name TEXT", "amount_fen INTEGER", "source TEXT", "created_by TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_allocations_id ON fin_allocations(id)", "fin_allocations_line ON fin_allocations(line_id)"},
		decodeRow(func(x *Allocation) []any {
			return []any{x.ID, x.LineID, x.FiscalYear, x.Department, x.ProjectCode, x.ProjectName, x.AmountFen, x.Source, x.CreatedBy,
				x.Height, x.Time.Unix()}
		})},
	{payPrefix, "fin_payments", []string{"id TEXT", "allocation_id TEXT", "line_id TEXT", "fiscal_year INTEGER", "department TEXT",
		"amount_fen INTEGER", "payee_key TEXT", "payee_name TEXT", "payee_kind TEXT", "payee_credit_code TEXT", "payee_commitment TEXT", "payee_sealed TEXT",
		"purpose TEXT", "contract_hash TEXT", "invoice_hash TEXT", "date TEXT", "requested_by TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_payments_id ON fin_payments(id)", "fin_payments_alloc ON fin_payments(allocation_id)",
			"fin_payments_year ON fin_payments(fiscal_year, department)", "fin_payments_payee ON fin_payments(payee_key)",
			// A department's payments of a year newest first (its
			// finance page) without sorting them all.
			"fin_payments_year_dept_id ON fin_payments(fiscal_year, department, id)"},
		decodeRow(func(x *Payment) []any {
			return []any{x.ID, x.AllocationID, x.LineID, x.FiscalYear, x.Department, x.AmountFen, publicKey(x.Payee), x.Payee.Name,
				x.Payee.Kind, x.Payee.CreditCode, x.Payee.Commitment.String(), sealedText(x.Payee.Sealed), x.Purpose, x.ContractHash, x.InvoiceHash, x.Date, x.RequestedBy,
				x.Height, x.Time.Unix()}
		})},
	{apprPrefix, "fin_approvals", []string{"payment_id TEXT", "approver TEXT", "department TEXT", "finance_bureau INTEGER",
		"leader INTEGER", "comment TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_approvals_payment ON fin_approvals(payment_id)"},
		decodeRow(func(x *Approval) []any {
			return []any{x.PaymentID, x.Approver, x.Department, b2i(x.FinanceBureau), b2i(x.Leader), x.Comment, x.Height, x.Time.Unix()}
		})},
	{disbPrefix, "fin_disbursements", []string{"id TEXT", "payment_id TEXT", "allocation_id TEXT", "line_id TEXT", "amount_fen INTEGER",
		"voucher TEXT", "disbursed_by TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_disbursements_payment ON fin_disbursements(payment_id)"},
		decodeRow(func(x *Disbursement) []any {
			return []any{x.ID, x.PaymentID, x.AllocationID, x.LineID, x.AmountFen, x.Voucher, x.DisbursedBy, x.Height, x.Time.Unix()}
		})},
	{refundPrefix, "fin_refunds", []string{"id TEXT", "payment_id TEXT", "allocation_id TEXT", "line_id TEXT", "amount_fen INTEGER",
		"reason TEXT", "receipt_hash TEXT", "recorded_by TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_refunds_payment ON fin_refunds(payment_id)"},
		decodeRow(func(x *Refund) []any {
			return []any{x.ID, x.PaymentID, x.AllocationID, x.LineID, x.AmountFen, x.Reason, x.ReceiptHash, x.RecordedBy, x.Height, x.Time.Unix()}
		})},
	{reversalPrefix, "fin_reversals", []string{"id TEXT", "target_id TEXT", "target_kind TEXT", "allocation_id TEXT", "line_id TEXT",
		"amount_fen INTEGER", "reason TEXT", "recorded_by TEXT", "height INTEGER", "time INTEGER"},
		[]string{"fin_reversals_target ON fin_reversals(target_id)"},
		decodeRow(func(x *Reversal) []any {
			return []any{x.ID, x.TargetID, x.TargetKind, x.AllocationID, x.LineID, x.AmountFen, x.Reason, x.RecordedBy, x.Height, x.Time.Unix()}
		})},
	{revenuePrefix, "fin_revenue", []string{"id TEXT", "fiscal_year INTEGER", "account_code TEXT", "source TEXT", "reference TEXT",
		"payer_name TEXT", "payer_kind TEXT", "payer_credit_code TEXT", "payer_commitment TEXT", "payer_sealed TEXT", "amount_fen INTEGER", "doc_hash TEXT",
		"department TEXT", "recorded_by TEXT", "height INTEGER", "time INTEGER", "date TEXT"},
		[]string{"fin_revenue_year ON fin_revenue(fiscal_year, account_code)"},
		decodeRow(func(x *Revenue) []any {
			return []any{x.ID, x.FiscalYear, x.AccountCode, x.Source, x.Reference, x.Payer.Name, x.Payer.Kind, x.Payer.CreditCode,
				x.Payer.Commitment.String(), sealedText(x.Payer.Sealed), x.AmountFen, x.DocHash, x.Department, x.RecordedBy, x.Height, x.Time.Unix(), x.Date}
		})},
	{lineBalPrefix, "fin_line_bal", []string{"line_id TEXT", "approved_fen INTEGER", "allocated_fen INTEGER", "executed_fen INTEGER"},
		[]string{"fin_line_bal_id ON fin_line_bal(line_id)"},
		decodeRow(func(x *LineBalance) []any { return []any{x.LineID, x.ApprovedFen, x.AllocatedFen, x.ExecutedFen} })},
	{allocBalPrefix, "fin_alloc_bal", []string{"allocation_id TEXT", "status TEXT", "amount_fen INTEGER", "reserved_fen INTEGER", "paid_fen INTEGER"},
		[]string{"fin_alloc_bal_id ON fin_alloc_bal(allocation_id)"},
		decodeRow(func(x *AllocBalance) []any {
			return []any{x.AllocationID, x.Status, x.AmountFen, x.ReservedFen, x.PaidFen}
		})},
	{payStatePrefix, "fin_pay_state", []string{"payment_id TEXT", "status TEXT", "approvals INTEGER", "refunded_fen INTEGER",
		"disbursement_id TEXT", "reversal_id TEXT", "rejected_by TEXT", "reject_reason TEXT"},
		[]string{"fin_pay_state_id ON fin_pay_state(payment_id)"},
		decodeRow(func(x *PaymentState) []any {
			return []any{x.PaymentID, x.Status, x.Approvals, x.RefundedFen, x.DisbursementID, x.ReversalID, x.RejectedBy, x.RejectReason}
		})},
	{revenueTotPrefix, "fin_revenue_tot", []string{"fiscal_year INTEGER", "account_code TEXT", "total_fen INTEGER", "count INTEGER"},
		nil,
		decodeRow(func(x *RevenueTotal) []any { return []any{x.FiscalYear, x.AccountCode, x.TotalFen, x.Count} })},
}

// Name implements index.Handler.
func (IndexHandler) Name() string { return "finance" }

// Prefixes implements index.Handler: one prefix, dispatched in Apply, so
// each change is seen once.
func (IndexHandler) Prefixes() []string { return []string{Prefix} }

// Tables implements index.Handler.
func (IndexHandler) Tables() []string {
	out := make([]string, len(tables))
	for i, t := range tables {
		out[i] = t.name
	}
	return out
}

// Schema implements index.Handler.
func (IndexHandler) Schema() []string {
	var out []string
	for _, t := range tables {
		out = append(out, fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (skey TEXT PRIMARY KEY, %s)", t.name, strings.Join(t.cols, ", ")))
		for _, x := range t.extra {
			out = append(out, "CREATE INDEX IF NOT EXISTS "+x)
		}
	}
	return out
}

// Apply implements index.Handler. Keys of no table (params, counters, the
// line-class index) are skipped.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	k := string(key)
	for _, t := range tables {
		if !strings.HasPrefix(k, t.prefix) {
			continue
		}
		if deleted {
			_, err := tx.Exec(`DELETE FROM `+t.name+` WHERE skey = ?`, k)
			return err
		}
		vals, err := t.row(value)
		if err != nil {
			return err
		}
		names := make([]string, len(t.cols))
		for i, c := range t.cols {
			names[i] = strings.Fields(c)[0]
		}
		q := fmt.Sprintf("INSERT OR REPLACE INTO %s (skey, %s) VALUES (?%s)", t.name, strings.Join(names, ", "),
			strings.Repeat(", ?", len(names)))
		_, err = tx.Exec(q, append([]any{k}, vals...)...)
		return err
	}
	return nil
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
