package finance

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Queries over the SQLite index (internal/index, tables from IndexHandler).
// They read only the index, so they answer what `govchain reindex` would
// rebuild; ids break every tie in ORDER BY, so answers are stable.

// secTime reads an index time (Unix seconds, module.IndexTime).
func secTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

const lineSelect = `SELECT l.id, l.fiscal_year, l.department, l.function_code, l.economic_code, l.title, l.amount_fen,
	l.source, l.source_ref, l.created_by, l.height, l.time, b.approved_fen, b.allocated_fen, b.executed_fen
	FROM fin_lines l JOIN fin_line_bal b ON b.line_id = l.id`

func scanLine(s interface{ Scan(...any) error }) (LineView, error) {
	var v LineView
	var sec int64
	err := s.Scan(&v.ID, &v.FiscalYear, &v.Department, &v.FunctionCode, &v.EconomicCode, &v.Title, &v.OriginalFen,
		&v.Source, &v.SourceRef, &v.CreatedBy, &v.Height, &sec, &v.ApprovedFen, &v.AllocatedFen, &v.ExecutedFen)
	v.Time = secTime(sec)
	v.UnallocatedFen = v.ApprovedFen - v.AllocatedFen
	v.RateBP = RateBP(v.ExecutedFen, v.ApprovedFen)
	v.Rate = Percent(v.RateBP)
	return v, err
}

const allocSelect = `SELECT a.id, a.line_id, a.fiscal_year, a.department, a.project_code, a.project_name, a.amount_fen,
	a.source, a.height, a.time, b.status, b.amount_fen, b.reserved_fen, b.paid_fen
	FROM fin_allocations a JOIN fin_alloc_bal b ON b.allocation_id = a.id`

func scanAlloc(s interface{ Scan(...any) error }) (AllocationView, error) {
	var v AllocationView
	var sec int64
	err := s.Scan(&v.ID, &v.LineID, &v.FiscalYear, &v.Department, &v.ProjectCode, &v.ProjectName, &v.OriginalFen,
		&v.Source, &v.Height, &sec, &v.Status, &v.AmountFen, &v.ReservedFen, &v.PaidFen)
	v.Time = secTime(sec)
	v.RemainingFen = v.AmountFen - v.ReservedFen - v.PaidFen
	v.RateBP = RateBP(v.PaidFen, v.AmountFen)
	v.Rate = Percent(v.RateBP)
	return v, err
}

const paySelect = `SELECT p.id, p.allocation_id, p.line_id, p.fiscal_year, p.department, p.amount_fen, p.payee_name,
	p.payee_kind, p.payee_credit_code, p.payee_commitment, p.payee_sealed, p.purpose, p.contract_hash, p.invoice_hash, p.date, p.requested_by,
	p.height, p.time, s.status, s.approvals, s.refunded_fen, s.disbursement_id, s.reversal_id, s.rejected_by, s.reject_reason
	FROM fin_payments p JOIN fin_pay_state s ON s.payment_id = p.id`

// payeeCols scans the index's five payee columns (name, kind, credit
// code, commitment, sealed) into a Payee; call fill after Scan.
type payeeCols struct {
	p                  *Payee
	commitment, sealed string
}

func (c *payeeCols) dest() []any {
	return []any{&c.p.Name, &c.p.Kind, &c.p.CreditCode, &c.commitment, &c.sealed}
}

func (c *payeeCols) fill() error {
	if err := c.fillPublic(); err != nil {
		return err
	}
	var err error
	c.p.Sealed, err = parseSealed(c.sealed)
	return err
}

// fillPublic fills all but the sealed data, which the public view drops
// (Payee.In) and which was most of a public payment list's decoding.
func (c *payeeCols) fillPublic() error {
	var err error
	if c.p.Commitment, err = hex.DecodeString(c.commitment); err != nil {
		return fmt.Errorf("index: payee commitment: %w", err)
	}
	if len(c.p.Commitment) == 0 {
		c.p.Commitment = nil
	}
	return nil
}

// fillFor fills what view shows.
func (c *payeeCols) fillFor(view View) error {
	if view == Internal {
		return c.fill()
	}
	return c.fillPublic()
}

func scanPayment(s interface{ Scan(...any) error }, view View) (PaymentView, error) {
	var v PaymentView
	var sec int64
	pc := payeeCols{p: &v.Payee}
	dest := append([]any{&v.ID, &v.AllocationID, &v.LineID, &v.FiscalYear, &v.Department, &v.AmountFen}, pc.dest()...)
	err := s.Scan(append(dest, &v.Purpose, &v.ContractHash, &v.InvoiceHash, &v.Date, &v.RequestedBy,
		&v.Height, &sec, &v.Status, &v.Approvals, &v.RefundedFen, &v.DisbursementID, &v.ReversalID, &v.RejectedBy, &v.RejectReason)...)
	if err == nil {
		err = pc.fillFor(view)
	}
	v.Time = secTime(sec)
	v.Payee = v.Payee.In(view)
	v.NetPaidFen = netPaid(v.Status, v.AmountFen, v.RefundedFen)
	return v, err
}

func notFound(err error, sentinel error, id string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %s", sentinel, id)
	}
	return err
}

// queryAll runs q and scans every row with scan.
func queryAll[T any](ctx context.Context, db *sql.DB, q string, scan func(*sql.Rows) (T, error), args ...any) ([]T, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Lines lists a year's budget lines, of one department or ("") all.
func Lines(ctx context.Context, db *sql.DB, year int, department string) ([]LineView, error) {
	return queryAll(ctx, db, lineSelect+` WHERE l.fiscal_year = ? AND (? = '' OR l.department = ?) ORDER BY l.department, l.id`,
		func(r *sql.Rows) (LineView, error) { return scanLine(r) }, year, department, department)
}

// Budgets sums a year's budget per department: approved, allocated,
// executed and the execution rate (预算执行率).
func Budgets(ctx context.Context, db *sql.DB, year int) ([]DeptBudget, error) {
	return queryAll(ctx, db, `SELECT l.department, COUNT(*), SUM(b.approved_fen), SUM(b.allocated_fen), SUM(b.executed_fen)
		FROM fin_lines l JOIN fin_line_bal b ON b.line_id = l.id WHERE l.fiscal_year = ? GROUP BY l.department ORDER BY l.department`,
		func(r *sql.Rows) (DeptBudget, error) {
			d := DeptBudget{FiscalYear: year}
			err := r.Scan(&d.Department, &d.Lines, &d.ApprovedFen, &d.AllocatedFen, &d.ExecutedFen)
			d.RateBP = RateBP(d.ExecutedFen, d.ApprovedFen)
			d.Rate = Percent(d.RateBP)
			return d, err
		}, year)
}

// Payments lists payments by filter, newest id first.
func Payments(ctx context.Context, db *sql.DB, f PaymentFilter, view View) ([]PaymentView, error) {
	if f.Limit <= 0 {
		f.Limit = 100
	}
	f.Limit = min(f.Limit, 1000)
	where, args := f.where()
	return queryAll(ctx, db, paySelect+where+` ORDER BY p.id DESC LIMIT ? OFFSET ?`,
		func(r *sql.Rows) (PaymentView, error) { return scanPayment(r, view) },
		append(args, f.Limit, max(f.Offset, 0))...)
}

// where is f as a WHERE clause naming only the filters that are set.
// Written as "(? = 0 OR col = ?)" the planner could use no index and
// walked every payment newest first until it had Limit of one department
// and year; with only the set columns named it reads them from
// fin_payments_year_dept_id in id order.
func (f PaymentFilter) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, arg any) {
		conds, args = append(conds, cond), append(args, arg)
	}
	if f.Year != 0 {
		add("p.fiscal_year = ?", f.Year)
	}
	if f.Department != "" {
		add("p.department = ?", f.Department)
	}
	if f.Status != "" {
		add("s.status = ?", f.Status)
	}
	if f.LineID != "" {
		add("p.line_id = ?", f.LineID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func adjustments(ctx context.Context, db *sql.DB, lineID string) ([]Adjustment, error) {
	return queryAll(ctx, db, `SELECT id, line_id, delta_fen, reason, source, source_ref, created_by, height, time
		FROM fin_adjustments WHERE line_id = ? ORDER BY id`, func(r *sql.Rows) (Adjustment, error) {
		var a Adjustment
		var sec int64
		err := r.Scan(&a.ID, &a.LineID, &a.DeltaFen, &a.Reason, &a.Source, &a.SourceRef, &a.CreatedBy, &a.Height, &sec)
		a.Time = secTime(sec)
		return a, err
	}, lineID)
}

// TracePayment follows a payment up to its budget line: approvals,
// disbursement, refunds, reversal, allocation, line and its adjustments.
func TracePayment(ctx context.Context, db *sql.DB, id string, view View) (*PaymentTrace, error) {
	p, err := scanPayment(db.QueryRowContext(ctx, paySelect+` WHERE p.id = ?`, id), view)
	if err != nil {
		return nil, notFound(err, ErrPaymentNotFound, id)
	}
	t := &PaymentTrace{Payment: p}
	if t.Approvals, err = queryAll(ctx, db, `SELECT payment_id, approver, department, finance_bureau, leader, comment, height, time
		FROM fin_approvals WHERE payment_id = ? ORDER BY height, approver`, func(r *sql.Rows) (Approval, error) {
		var a Approval
		var sec int64
		err := r.Scan(&a.PaymentID, &a.Approver, &a.Department, &a.FinanceBureau, &a.Leader, &a.Comment, &a.Height, &sec)
		a.Time = secTime(sec)
		return a, err
	}, id); err != nil {
		return nil, err
	}
	ds, err := queryAll(ctx, db, `SELECT id, payment_id, allocation_id, line_id, amount_fen, voucher, disbursed_by, height, time
		FROM fin_disbursements WHERE payment_id = ? ORDER BY id`, func(r *sql.Rows) (Disbursement, error) {
		var d Disbursement
		var sec int64
		err := r.Scan(&d.ID, &d.PaymentID, &d.AllocationID, &d.LineID, &d.AmountFen, &d.Voucher, &d.DisbursedBy, &d.Height, &sec)
		d.Time = secTime(sec)
		return d, err
	}, id)
	if err != nil {
		return nil, err
	}
	if len(ds) > 0 {
		t.Disbursement = &ds[0]
	}
	if t.Refunds, err = queryAll(ctx, db, `SELECT id, payment_id, allocation_id, line_id, amount_fen, reason, receipt_hash, recorded_by,
		height, time FROM fin_refunds WHERE payment_id = ? ORDER BY id`, func(r *sql.Rows) (Refund, error) {
		var x Refund
		var sec int64
		err := r.Scan(&x.ID, &x.PaymentID, &x.AllocationID, &x.LineID, &x.AmountFen, &x.Reason, &x.ReceiptHash, &x.RecordedBy, &x.Height, &sec)
		x.Time = secTime(sec)
		return x, err
	}, id); err != nil {
		return nil, err
	}
	rxs, err := reversals(ctx, db, id)
	if err != nil {
		return nil, err
	}
	if len(rxs) > 0 {
		t.Reversal = &rxs[0]
	}
	if t.Allocation, err = scanAlloc(db.QueryRowContext(ctx, allocSelect+` WHERE a.id = ?`, p.AllocationID)); err != nil {
		return nil, notFound(err, ErrAllocNotFound, p.AllocationID)
	}
	if t.Line, err = scanLine(db.QueryRowContext(ctx, lineSelect+` WHERE l.id = ?`, p.LineID)); err != nil {
		return nil, notFound(err, ErrLineNotFound, p.LineID)
	}
	if t.Adjustments, err = adjustments(ctx, db, p.LineID); err != nil {
		return nil, err
	}
	return t, nil
}

func reversals(ctx context.Context, db *sql.DB, targetID string) ([]Reversal, error) {
	return queryAll(ctx, db, `SELECT id, target_id, target_kind, allocation_id, line_id, amount_fen, reason, recorded_by, height, time
		FROM fin_reversals WHERE target_id = ? ORDER BY id`, func(r *sql.Rows) (Reversal, error) {
		var x Reversal
		var sec int64
		err := r.Scan(&x.ID, &x.TargetID, &x.TargetKind, &x.AllocationID, &x.LineID, &x.AmountFen, &x.Reason, &x.RecordedBy, &x.Height, &sec)
		x.Time = secTime(sec)
		return x, err
	}, targetID)
}

// TraceLine walks a budget line down to every payee: its allocations, and
// under each the payees with the net amount they were paid and each
// payment.
func TraceLine(ctx context.Context, db *sql.DB, id string, view View) (*LineTree, error) {
	line, err := scanLine(db.QueryRowContext(ctx, lineSelect+` WHERE l.id = ?`, id))
	if err != nil {
		return nil, notFound(err, ErrLineNotFound, id)
	}
	t := &LineTree{Line: line, Allocations: []AllocationNode{}}
	if t.Adjustments, err = adjustments(ctx, db, id); err != nil {
		return nil, err
	}
	allocs, err := queryAll(ctx, db, allocSelect+` WHERE a.line_id = ? ORDER BY a.id`,
		func(r *sql.Rows) (AllocationView, error) { return scanAlloc(r) }, id)
	if err != nil {
		return nil, err
	}
	type payRow struct {
		key string
		v   PaymentView
	}
	pays, err := queryAll(ctx, db, `SELECT p.payee_key, `+strings.TrimPrefix(paySelect, "SELECT ")+` WHERE p.line_id = ? ORDER BY p.allocation_id, p.payee_key, p.id`,
		func(r *sql.Rows) (payRow, error) {
			var x payRow
			v, err := scanPayment(prefixScanner{r, &x.key}, view)
			x.v = v
			return x, err
		}, id)
	if err != nil {
		return nil, err
	}
	for _, a := range allocs {
		n := AllocationNode{Allocation: a, Payees: []PayeeNode{}}
		last := ""
		for _, p := range pays { // ordered by allocation, payee, id
			if p.v.AllocationID != a.ID {
				continue
			}
			if len(n.Payees) == 0 || p.key != last {
				n.Payees = append(n.Payees, PayeeNode{Payee: p.v.Payee, Payments: []PaymentLeaf{}})
				last = p.key
			}
			pn := &n.Payees[len(n.Payees)-1]
			pn.ExecutedFen += p.v.NetPaidFen
			pn.Payments = append(pn.Payments, PaymentLeaf{ID: p.v.ID, Date: p.v.Date, AmountFen: p.v.AmountFen,
				NetPaidFen: p.v.NetPaidFen, Status: p.v.Status, Purpose: p.v.Purpose})
		}
		t.Allocations = append(t.Allocations, n)
	}
	return t, nil
}

// prefixScanner scans one leading column into first, the rest as usual.
type prefixScanner struct {
	r     *sql.Rows
	first *string
}

func (p prefixScanner) Scan(dest ...any) error { return p.r.Scan(append([]any{p.first}, dest...)...) }

// Revenues lists a year's revenue entries; the payer as the view allows.
func Revenues(ctx context.Context, db *sql.DB, year int, view View) ([]Revenue, error) {
	return queryAll(ctx, db, `SELECT id, fiscal_year, account_code, source, reference, payer_name, payer_kind, payer_credit_code,
		payer_commitment, payer_sealed, amount_fen, doc_hash, department, recorded_by, height, time, date FROM fin_revenue WHERE fiscal_year = ? ORDER BY id`,
		func(r *sql.Rows) (Revenue, error) {
			var x Revenue
			var sec int64
			pc := payeeCols{p: &x.Payer}
			dest := append([]any{&x.ID, &x.FiscalYear, &x.AccountCode, &x.Source, &x.Reference}, pc.dest()...)
			err := r.Scan(append(dest, &x.AmountFen, &x.DocHash, &x.Department, &x.RecordedBy, &x.Height, &sec, &x.Date)...)
			if err == nil {
				err = pc.fill()
			}
			x.Time = secTime(sec)
			x.Payer = x.Payer.In(view)
			return x, err
		}, year)
}

// RevenueTotals lists a year's revenue accounts with their totals.
func RevenueTotals(ctx context.Context, db *sql.DB, year int) ([]RevenueTotal, error) {
	return queryAll(ctx, db, `SELECT fiscal_year, account_code, total_fen, count FROM fin_revenue_tot WHERE fiscal_year = ? ORDER BY account_code`,
		func(r *sql.Rows) (RevenueTotal, error) {
			var x RevenueTotal
			return x, r.Scan(&x.FiscalYear, &x.AccountCode, &x.TotalFen, &x.Count)
		}, year)
}

// RedFlags runs the red-flag detectors on the index's facts for fp.Year.
// With open nil payees are grouped by public fields only; a reader passes
// an opener and gets people grouped too (see DetectFlags).
func RedFlags(ctx context.Context, db *sql.DB, fp FlagParams, view View, open PayeeOpener) ([]Flag, error) {
	pays, err := queryAll(ctx, db, `SELECT p.id, p.department, p.payee_name, p.payee_kind, p.payee_credit_code, p.payee_commitment,
		p.payee_sealed, p.amount_fen, p.date, p.contract_hash, s.status FROM fin_payments p JOIN fin_pay_state s ON s.payment_id = p.id
		WHERE p.fiscal_year = ? ORDER BY p.id`, func(r *sql.Rows) (PaymentFact, error) {
		var f PaymentFact
		pc := payeeCols{p: &f.Payee}
		err := r.Scan(append(append([]any{&f.ID, &f.Department}, pc.dest()...), &f.AmountFen, &f.Date, &f.ContractHash, &f.Status)...)
		if err == nil {
			err = pc.fill()
		}
		return f, err
	}, fp.Year)
	if err != nil {
		return nil, err
	}
	if err := openFacts(pays, open); err != nil {
		return nil, err
	}
	lines, err := Lines(ctx, db, fp.Year, "")
	if err != nil {
		return nil, err
	}
	var depts []DeptExecution
	for _, l := range lines { // ordered by department, then id
		if n := len(depts); n == 0 || depts[n-1].Department != l.Department {
			depts = append(depts, DeptExecution{Department: l.Department})
		}
		d := &depts[len(depts)-1]
		d.ApprovedFen += l.ApprovedFen
		d.ExecutedFen += l.ExecutedFen
		d.LineIDs = append(d.LineIDs, l.ID)
	}
	return DetectFlags(pays, depts, fp, view), nil
}

// openFacts fills each fact's Clear with open (nothing when open is nil).
func openFacts(pays []PaymentFact, open PayeeOpener) error {
	if open == nil {
		return nil
	}
	for i := range pays {
		d, err := open(&pays[i].Payee)
		if err != nil {
			return fmt.Errorf("payment %s: %w", pays[i].ID, err)
		}
		pays[i].Clear = d
	}
	return nil
}

// FiscalYears are the fiscal years with budget lines or revenue, newest
// first.
func FiscalYears(ctx context.Context, db *sql.DB) ([]int, error) {
	return queryAll(ctx, db, `SELECT fiscal_year FROM fin_lines UNION SELECT fiscal_year FROM fin_revenue ORDER BY 1 DESC`,
		func(r *sql.Rows) (int, error) {
			var y int
			return y, r.Scan(&y)
		})
}

// LatestBudgetYear is the latest fiscal year with a budget line (0: none).
func LatestBudgetYear(ctx context.Context, db *sql.DB) (int, error) {
	var y int
	err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(fiscal_year), 0) FROM fin_lines`).Scan(&y)
	return y, err
}

// OpenAllocation is an allocation with money left to request payments
// against.
type OpenAllocation struct {
	ID           string
	LineID       string
	Year         int
	Project      string
	RemainingFen int64
}

// OpenAllocations are a department's open allocations with money left, of
// fiscal years up to upToYear, the newest year first.
func OpenAllocations(ctx context.Context, db *sql.DB, department string, upToYear int) ([]OpenAllocation, error) {
	return queryAll(ctx, db, `SELECT a.id, a.line_id, a.fiscal_year, a.project_name, b.amount_fen - b.reserved_fen - b.paid_fen
			FROM fin_allocations a JOIN fin_alloc_bal b ON b.allocation_id = a.id
			WHERE a.department = ? AND b.status = 'open' AND b.amount_fen - b.reserved_fen - b.paid_fen > 0 AND a.fiscal_year <= ?
			ORDER BY a.fiscal_year DESC, a.id`,
		func(r *sql.Rows) (OpenAllocation, error) {
			var a OpenAllocation
			return a, r.Scan(&a.ID, &a.LineID, &a.Year, &a.Project, &a.RemainingFen)
		}, department, upToYear)
}

// PaymentRequestedAt is the id of the payment requester asked for in the
// block at height (the latest, if several); "" when there is none.
func PaymentRequestedAt(ctx context.Context, db *sql.DB, height int64, requester string) (string, error) {
	var id string
	err := db.QueryRowContext(ctx, `SELECT id FROM fin_payments WHERE height = ? AND requested_by = ? ORDER BY id DESC LIMIT 1`,
		height, requester).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}
