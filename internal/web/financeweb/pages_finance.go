package financeweb

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/web/site"
)

// Public finance (公共财政): budgets by department → allocations →
// payments, execution rates, charts drawn on the server, the trace of a
// payment up to its budget line and of a line down to its payees, and the
// red flags. Everything shown is the finance module's public view:
// individual payees masked (张*), no accounts but an organisation's last
// four digits. Staff pages are in pages_finance_staff.go, JSON routes in
// api_finance.go.
func Extension() site.Extension {
	return site.Extension{
		Name:     "finance",
		Nav:      []site.NavItem{{Path: "/finance", Label: "nav.finance", Key: "finance"}},
		StaffNav: []site.NavItem{{Path: "/staff/finance", Label: "nav.staff_finance", Key: "staff_finance"}},
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.financeRoutes()
			p.financeAPIRoutes()
			p.financeStaffRoutes()
		},
		Figures: func(c site.Core, r *http.Request) []site.Figure { return financeFigures(newPortal(c), r) },
		Queue: func(c site.Core, r *http.Request, s *site.Session) []site.QueueItem {
			return financeQueue(newPortal(c), r, s)
		},
		Funcs:     func(c site.Core, lang string) template.FuncMap { return financeFuncs(newPortal(c), lang) },
		Schemas:   financeSchemas(),
		Templates: templateFS,
		Messages:  financeMessages,
	}
}

func financeFuncs(p *Portal, lang string) template.FuncMap {
	return template.FuncMap{
		"yuan":      func(fen int64) string { return finance.Yuan(fen) },
		"wan":       site.Wan,
		"payst":     func(s string) string { return p.T(lang, "payst."+s) },
		"flagkind":  func(k string) string { return p.T(lang, "flag."+k) },
		"hasPrefix": strings.HasPrefix,
		"split":     func(s string) []string { return strings.Split(s, ",") },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

func (p *Portal) financeRoutes() {
	p.Page("GET /finance", p.financeHome)
	p.Page("GET /finance/departments/{dept}", p.financeDept)
	p.Page("GET /finance/lines/{id}", p.financeLine)
	p.Page("GET /finance/payments", p.financePaymentLookup)
	p.Page("GET /finance/payments/{id}", p.financePayment)
	p.Page("GET /finance/flags", p.financeFlags)
}

// finYears are the fiscal years with budget lines or revenue, newest first.
func (p *Portal) finYears(ctx context.Context) []int {
	out, err := finance.FiscalYears(ctx, p.n.Index.DB())
	if err != nil {
		p.log.Warn("finance years", "err", err)
		return nil
	}
	return out
}

// finYearInfo is the years with finance records and the latest with a
// budget, as of a block.
type finYearInfo struct {
	years  []int
	latest int
	height int64
}

// finYear is the year asked for (?year=), else the latest year with a
// budget, else the current year. The years are looked up once per block.
func (p *Portal) finYear(r *http.Request) (int, []int) {
	year, info := p.finYearInfo(r)
	return year, append([]int(nil), info.years...)
}

// finYearInfo is finYear with the block's year figures themselves (shared:
// read only).
func (p *Portal) finYearInfo(r *http.Request) (int, finYearInfo) {
	info, err := perBlock(r, p, "finyears", func(ctx context.Context) (finYearInfo, error) {
		i := finYearInfo{height: p.n.Height()}
		i.years = p.finYears(ctx)
		var err error
		i.latest, err = finance.LatestBudgetYear(ctx, p.n.Index.DB())
		return i, err
	})
	// The caller's own reads of the year will fail and show so; the
	// year falls back to the current one.
	p.QueryErr("finance years", err)
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y > 0 && y < 10000 {
		return y, info
	}
	if info.latest > 0 {
		return info.latest, info
	}
	return p.Now().In(module.CST()).Year(), info
}

// dataHeights names, for RenderPerBlock, the state of a page built from
// two per-block values: the height each is of only moves forward, so
// their sum grows whenever either moves and never names two states. (The
// summary is slower to refresh than the year list; requiring them to be
// of one block kept almost no page under load.)
func dataHeights(a, b int64) int64 { return a + b }

// keptQuery reports whether a finance page's query may have its rendered
// page kept (RenderPerBlock): only the language and a year with records,
// so the kept pages are bounded by the years the chain has, not by what
// visitors type.
func keptQuery(r *http.Request, years []int) bool {
	for k, vs := range r.URL.Query() {
		if len(vs) != 1 {
			return false
		}
		switch k {
		case "lang":
			if vs[0] != "zh" && vs[0] != "en" {
				return false
			}
		case "year":
			y, err := strconv.Atoi(vs[0])
			if err != nil || strconv.Itoa(y) != vs[0] || !slices.Contains(years, y) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// FinanceSummary is a year of public finance (the finance page and
// GET /api/v1/finance/budgets).
type FinanceSummary struct {
	Year        int                    `json:"year"`
	Years       []int                  `json:"years"`
	Departments []finance.DeptBudget   `json:"departments"`
	Total       finance.DeptBudget     `json:"total"`
	Revenue     []finance.RevenueTotal `json:"revenue"`
	RevenueFen  int64                  `json:"revenue_fen"`
	Flags       int                    `json:"flags"`
	Height      int64                  `json:"height"`

	RateChart   template.HTML     `json:"-"`
	BudgetChart template.HTML     `json:"-"`
	Revenues    []finance.Revenue `json:"-"`
}

// financeSummary is a year of public finance at the current block,
// computed once per block, year and language (blockcache.go). Callers get
// their own copy of the top level; the slices inside are shared, read only.
func (p *Portal) financeSummary(r *http.Request, year int, years []int, lang string) (*FinanceSummary, error) {
	s, err := perBlock(r, p, fmt.Sprintf("finance/%d/%s", year, lang), func(ctx context.Context) (*FinanceSummary, error) {
		return p.computeFinanceSummary(ctx, year, lang)
	})
	if err != nil {
		return nil, err
	}
	c := *s
	c.Years = years
	if c.Years == nil {
		c.Years = []int{}
	}
	return &c, nil
}

func (p *Portal) computeFinanceSummary(ctx context.Context, year int, lang string) (*FinanceSummary, error) {
	var years []int
	db := p.n.Index.DB()
	s := &FinanceSummary{Year: year, Years: years, Height: p.n.Height()}
	if s.Years == nil {
		s.Years = []int{}
	}
	var err error
	if s.Departments, err = finance.Budgets(ctx, db, year); err != nil {
		return nil, err
	}
	s.Total = finance.DeptBudget{FiscalYear: year, Department: "total"}
	var rates, amounts []site.Bar
	for _, d := range s.Departments {
		s.Total.Lines += d.Lines
		s.Total.ApprovedFen += d.ApprovedFen
		s.Total.AllocatedFen += d.AllocatedFen
		s.Total.ExecutedFen += d.ExecutedFen
		name := p.deptShort(lang, d.Department)
		rates = append(rates, site.Bar{Label: name, Value: float64(d.RateBP) / 100, Text: d.Rate, Class: "bar-rate"})
		amounts = append(amounts, site.Bar{Label: name, Value: float64(d.ApprovedFen) / 1_000_000, Text: site.GroupDigits(strconv.FormatInt((d.ApprovedFen+500_000)/1_000_000, 10)), Class: "bar-budget"})
	}
	s.Total.RateBP = finance.RateBP(s.Total.ExecutedFen, s.Total.ApprovedFen)
	s.Total.Rate = finance.Percent(s.Total.RateBP)
	s.RateChart = site.BarChart(p.T(lang, "fin.rate_chart", year), rates, "%")
	s.BudgetChart = site.BarChart(p.T(lang, "fin.budget_chart", year), amounts, "")
	if s.Revenue, err = finance.RevenueTotals(ctx, db, year); err != nil {
		return nil, err
	}
	for _, t := range s.Revenue {
		s.RevenueFen += t.TotalFen
	}
	if s.Revenues, err = finance.Revenues(ctx, db, year, finance.Public); err != nil {
		return nil, err
	}
	for i := range s.Revenues {
		// The page names the payer; its codes stay in the proof bundle.
		s.Revenues[i].Payer.CreditCode = ""
	}
	flags, err := p.redFlags(ctx, year)
	if err != nil {
		return nil, err
	}
	s.Flags = len(flags)
	return s, nil
}

// deptShort is a department's name for chart labels (kept short).
func (p *Portal) deptShort(lang, id string) string {
	n := p.DeptName(lang, id)
	if lang == "en" {
		n = strings.TrimSuffix(strings.TrimSuffix(n, " Bureau"), " Management")
		if len([]rune(n)) > 16 {
			n = strings.ToUpper(id)
		}
		return n
	}
	n = strings.TrimPrefix(n, "坪山市")
	if len([]rune(n)) > 8 {
		return string([]rune(n)[:7]) + "…"
	}
	return n
}

func (p *Portal) redFlags(ctx context.Context, year int) ([]finance.Flag, error) {
	params, err := finance.GetParams(p.n.Store.Committed())
	if err != nil {
		return nil, err
	}
	flags, err := finance.RedFlags(ctx, p.n.Index.DB(), finance.DefaultFlagParams(params, year), finance.Public, nil)
	if flags == nil {
		flags = []finance.Flag{}
	}
	return flags, err
}

func (p *Portal) financeHome(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	year, info := p.finYearInfo(r)
	s, err := p.financeSummary(r, year, append([]int(nil), info.years...), lang)
	if err != nil {
		p.log.Warn("finance summary", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	pg := site.Page{Template: "finance_home.html", Title: "fin.title", Active: "finance", Data: s}
	if keptQuery(r, info.years) {
		p.RenderPerBlock(w, r, dataHeights(s.Height, info.height), pg)
		return
	}
	p.Render(w, r, pg)
}

type financeDeptPage struct {
	Year     int
	Dept     string
	Lines    []finance.LineView
	Payments []finance.PaymentView
	Budget   *finance.DeptBudget
	// Height is the block the lists are of.
	Height int64
}

// financeDeptData is a department's budget lines, latest payments and
// budget for a year, computed once per block (blockcache.go); shared, read
// only. On a failed read it is what was read, with the error.
func (p *Portal) financeDeptData(r *http.Request, year int, dept string) (financeDeptPage, error) {
	return perBlock(r, p, fmt.Sprintf("finance/dept/%d/%s", year, dept), func(ctx context.Context) (financeDeptPage, error) {
		d := financeDeptPage{Year: year, Dept: dept, Height: p.n.Height()}
		db := p.n.Index.DB()
		var err error
		if d.Lines, err = finance.Lines(ctx, db, year, dept); err != nil {
			return d, err
		}
		if d.Payments, err = finance.Payments(ctx, db, finance.PaymentFilter{Year: year, Department: dept, Limit: 30}, finance.Public); err != nil {
			return d, err
		}
		bs, err := finance.Budgets(ctx, db, year)
		if err != nil {
			return d, err
		}
		for i := range bs {
			if bs[i].Department == dept {
				d.Budget = &bs[i]
			}
		}
		return d, nil
	})
}

func (p *Portal) financeDept(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	dept := r.PathValue("dept")
	if _, err := identity.GetDepartment(p.n.Store.Committed(), dept); err != nil {
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "err.not_found_text"))
		return
	}
	year, info := p.finYearInfo(r)
	d, err := p.financeDeptData(r, year, dept)
	pg := site.Page{Template: "finance_dept.html", Title: "fin.dept_title", Active: "finance", Data: d}
	if err != nil {
		// As before the lists were kept per block: what was read is
		// shown, the failure logged, the page not kept.
		p.log.Warn("finance department", "err", err)
		p.Render(w, r, pg)
		return
	}
	if keptQuery(r, info.years) {
		p.RenderPerBlock(w, r, dataHeights(d.Height, info.height), pg)
		return
	}
	p.Render(w, r, pg)
}

// LineTrace is a budget line down to its payees, with proof links.
type LineTrace struct {
	*finance.LineTree
	Key    string `json:"key"`
	Proof  string `json:"proof_url"`
	Height int64  `json:"height"`
}

func (p *Portal) lineTrace(ctx context.Context, id string) (*LineTrace, error) {
	t, err := finance.TraceLine(ctx, p.n.Index.DB(), id, finance.Public)
	if err != nil {
		return nil, err
	}
	key := string(finance.LineKey(id))
	return &LineTrace{LineTree: t, Key: key, Proof: site.ProofPath(key), Height: t.Line.Height}, nil
}

func (p *Portal) financeLine(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	t, err := p.lineTrace(r.Context(), r.PathValue("id"))
	if errors.Is(err, finance.ErrLineNotFound) {
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "fin.err_no_line"))
		return
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	p.Render(w, r, site.Page{Template: "finance_line.html", Title: "fin.line_title", Active: "finance", Data: t})
}

// PaymentTrace is a payment up to its budget line, each step with the
// state key of its record and a proof link.
type PaymentTrace struct {
	*finance.PaymentTrace
	Steps []TraceStep `json:"steps"`
}

// TraceStep is one record on the way from a payment to its budget line.
type TraceStep struct {
	Kind   string `json:"kind"` // payment, approval, disbursement, refund, reversal, allocation, line, adjustment
	ID     string `json:"id"`
	Height int64  `json:"height"`
	Key    string `json:"key"`
	Proof  string `json:"proof_url"`
}

func step(kind, id string, h int64, key []byte) TraceStep {
	return TraceStep{Kind: kind, ID: id, Height: h, Key: string(key), Proof: site.ProofPath(string(key))}
}

func (p *Portal) paymentTrace(ctx context.Context, id string) (*PaymentTrace, error) {
	t, err := finance.TracePayment(ctx, p.n.Index.DB(), id, finance.Public)
	if err != nil {
		return nil, err
	}
	out := &PaymentTrace{PaymentTrace: t}
	out.Steps = append(out.Steps, step("payment", t.Payment.ID, t.Payment.Height, finance.PaymentKey(t.Payment.ID)))
	for _, a := range t.Approvals {
		out.Steps = append(out.Steps, step("approval", a.PaymentID, a.Height, finance.ApprovalKey(a.PaymentID, a.Approver)))
	}
	if d := t.Disbursement; d != nil {
		out.Steps = append(out.Steps, step("disbursement", d.ID, d.Height, finance.DisbursementKey(d.ID)))
	}
	for _, rf := range t.Refunds {
		out.Steps = append(out.Steps, step("refund", rf.ID, rf.Height, finance.RefundKey(rf.ID)))
	}
	if x := t.Reversal; x != nil {
		out.Steps = append(out.Steps, step("reversal", x.ID, x.Height, finance.ReversalKey(x.ID)))
	}
	out.Steps = append(out.Steps, step("allocation", t.Allocation.ID, t.Allocation.Height, finance.AllocationKey(t.Allocation.ID)))
	out.Steps = append(out.Steps, step("line", t.Line.ID, t.Line.Height, finance.LineKey(t.Line.ID)))
	for _, a := range t.Adjustments {
		out.Steps = append(out.Steps, step("adjustment", a.ID, a.Height, finance.AdjustmentKey(a.ID)))
	}
	return out, nil
}

func (p *Portal) financePaymentLookup(w http.ResponseWriter, r *http.Request) {
	id := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("id")))
	if id == "" {
		http.Redirect(w, r, "/finance", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/finance/payments/"+url.PathEscape(id), http.StatusSeeOther)
}

func (p *Portal) financePayment(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	t, err := p.paymentTrace(r.Context(), r.PathValue("id"))
	if errors.Is(err, finance.ErrPaymentNotFound) {
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "fin.err_no_payment"))
		return
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	p.Render(w, r, site.Page{Template: "finance_payment.html", Title: "fin.payment_title", Active: "finance", Data: t})
}

type financeFlagsPage struct {
	Year  int
	Years []int
	Flags []finance.Flag
}

func (p *Portal) financeFlags(w http.ResponseWriter, r *http.Request) {
	year, years := p.finYear(r)
	flags, err := p.redFlags(r.Context(), year)
	if err != nil {
		p.log.Warn("red flags", "err", err)
	}
	p.Render(w, r, site.Page{Template: "finance_flags.html", Title: "fin.flags_title", Active: "finance", Data: financeFlagsPage{Year: year, Years: years, Flags: flags}})
}

// ---- hooks ----

func financeFigures(p *Portal, r *http.Request) []site.Figure {
	year, _ := p.finYear(r)
	bs, err := finance.Budgets(r.Context(), p.n.Index.DB(), year)
	if err != nil || len(bs) == 0 {
		return nil
	}
	var approved, executed int64
	for _, b := range bs {
		approved += b.ApprovedFen
		executed += b.ExecutedFen
	}
	return []site.Figure{{Label: "fig.fin_rate", Value: finance.Percent(finance.RateBP(executed, approved)), Note: strconv.Itoa(year)}}
}

// financeQueue: for the Finance Bureau, payment requests waiting for its
// approval and approved payments waiting to be paid.
func financeQueue(p *Portal, r *http.Request, s *site.Session) []site.QueueItem {
	params, err := finance.GetParams(p.n.Store.Committed())
	if err != nil || s.Department != params.FinanceDepartment {
		return nil
	}
	var out []site.QueueItem
	add := func(status, kind string) {
		ps, err := finance.Payments(r.Context(), p.n.Index.DB(), finance.PaymentFilter{Status: status, Limit: 100}, finance.Internal)
		if err != nil {
			return
		}
		for _, x := range ps {
			out = append(out, site.QueueItem{Kind: kind, Title: x.ID + " · " + finance.Yuan(x.AmountFen) + " · " + x.Purpose,
				Link: "/staff/finance#" + x.ID, Opened: x.Time})
		}
	}
	if s.HasRole(module.RoleFinance) || s.HasRole(module.RoleApprover) {
		add(finance.StatusRequested, "queue.kind_payment_approve")
	}
	if s.HasRole(module.RoleFinance) {
		add(finance.StatusApproved, "queue.kind_payment_disburse")
	}
	return out
}
