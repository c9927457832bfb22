package financeweb

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/web/site"
)

// The finance console, kept compact: a department's accountant requests
// payments against its allocations (finance.request_payment); the Finance
// Bureau approves or rejects requests and pays approved ones
// (approve_payment, reject_payment, disburse). Staff see the internal view.

func (p *Portal) financeStaffRoutes() {
	p.Staff("GET /staff/finance", p.staffFinance)
	p.Staff("POST /staff/finance/requests", p.staffFinanceRequest, module.RoleFinance, module.RoleClerk)
	p.Staff("POST /staff/finance/payments/{id}/approve", p.staffFinanceApprove, module.RoleFinance, module.RoleApprover)
	p.Staff("POST /staff/finance/payments/{id}/reject", p.staffFinanceReject, module.RoleFinance, module.RoleApprover, module.RoleClerk)
	p.Staff("POST /staff/finance/payments/{id}/disburse", p.staffFinanceDisburse, module.RoleFinance)
	p.Staff("POST /staff/finance/payee", p.staffFinancePayee, module.RoleFinance, module.RoleApprover, module.RoleAuditor)
	p.Staff("POST /staff/finance/flags", p.staffFinanceFlags, module.RoleFinance, module.RoleApprover, module.RoleAuditor)
}

// allocRow is an open allocation of the member's department with money left.
type allocRow struct {
	finance.OpenAllocation
	Date string // a valid business date to suggest
}

type requestForm struct {
	Allocation, Amount, PayeeName, PayeeKind, PayeeAccount, CreditCode, Purpose, Date string
}

type staffFinancePage struct {
	site.QueryState
	Bureau      bool
	CanRequest  bool
	CanApprove  bool
	CanDisburse bool
	Allocations []allocRow
	Own         []finance.PaymentView
	Pending     []finance.PaymentView
	Approved    []finance.PaymentView
	Form        requestForm
	// Reader: the member may open sealed payees (staff_finance_payee.go).
	Reader      bool
	Purposes    []string
	Opened      *openedPayee
	Flags       []finance.Flag
	FlagsYear   int
	FlagsLogSeq uint64
}

func (p *Portal) staffFinanceData(r *http.Request, s *site.Session) *staffFinancePage {
	ctx := r.Context()
	db := p.n.Index.DB()
	params, err := finance.GetParams(p.n.Store.Committed())
	if err != nil {
		params = finance.DefaultParams()
	}
	d := &staffFinancePage{Bureau: s.Department == params.FinanceDepartment, CanRequest: s.HasRole(module.RoleFinance) || s.HasRole(module.RoleClerk)}
	d.CanApprove = d.Bureau && (s.HasRole(module.RoleFinance) || s.HasRole(module.RoleApprover))
	d.CanDisburse = d.Bureau && s.HasRole(module.RoleFinance)
	d.Reader, d.Purposes = p.payeeReader(s), payeePurposes
	d.Form.PayeeKind = finance.PayeeOrganisation
	today := p.Now().In(module.CST())
	if d.CanRequest {
		allocs, err := finance.OpenAllocations(ctx, db, s.Department, today.Year())
		for _, oa := range allocs {
			a := allocRow{OpenAllocation: oa, Date: today.Format("2006-01-02")}
			if a.Year < today.Year() {
				a.Date = fmt.Sprintf("%d-12-31", a.Year)
			}
			d.Allocations = append(d.Allocations, a)
		}
		d.Failed = p.QueryErr("staff finance allocations", err) || d.Failed
	}
	d.Own, err = finance.Payments(ctx, db, finance.PaymentFilter{Department: s.Department, Limit: 20}, finance.Internal)
	d.Failed = p.QueryErr("staff finance payments", err) || d.Failed
	if d.Bureau {
		d.Pending, err = finance.Payments(ctx, db, finance.PaymentFilter{Status: finance.StatusRequested, Limit: 100}, finance.Internal)
		d.Failed = p.QueryErr("staff finance approvals queue", err) || d.Failed
		d.Approved, err = finance.Payments(ctx, db, finance.PaymentFilter{Status: finance.StatusApproved, Limit: 100}, finance.Internal)
		d.Failed = p.QueryErr("staff finance payment queue", err) || d.Failed
	}
	return d
}

func (p *Portal) staffFinance(w http.ResponseWriter, r *http.Request, s *site.Session) {
	lang := p.Lang(w, r)
	pg := site.Page{Template: "finance_staff.html", Title: "sfin.title", Active: "staff_finance", Data: p.staffFinanceData(r, s)}
	if done, id := r.URL.Query().Get("done"), r.URL.Query().Get("id"); done != "" {
		pg.Notice = p.T(lang, "sfin.done_"+done, id)
	}
	p.Render(w, r, pg)
}

func (p *Portal) staffFinanceFail(w http.ResponseWriter, r *http.Request, s *site.Session, f *requestForm, err error) {
	d := p.staffFinanceData(r, s)
	if f != nil {
		d.Form = *f
	}
	p.Render(w, r, site.Page{Template: "finance_staff.html", Title: "sfin.title", Active: "staff_finance", Status: site.StatusOf(err),
		Error: p.ErrText(p.Lang(w, r), err), Data: d})
}

func (p *Portal) staffFinanceRequest(w http.ResponseWriter, r *http.Request, s *site.Session) {
	f := requestForm{Allocation: r.PostFormValue("allocation"), Amount: r.PostFormValue("amount"), PayeeName: strings.TrimSpace(r.PostFormValue("payee_name")),
		PayeeKind: r.PostFormValue("payee_kind"), PayeeAccount: strings.TrimSpace(r.PostFormValue("payee_account")),
		CreditCode: strings.TrimSpace(r.PostFormValue("credit_code")), Purpose: strings.TrimSpace(r.PostFormValue("purpose")), Date: r.PostFormValue("date")}
	fen, err := site.ParseYuan(f.Amount)
	req := finance.RequestPayment{AllocationID: f.Allocation, AmountFen: fen, Purpose: f.Purpose, Date: f.Date}
	payee := finance.PayeeData{Name: f.PayeeName, Kind: f.PayeeKind, Account: f.PayeeAccount, CreditCode: f.CreditCode}
	if payee.Kind == finance.PayeeIndividual {
		payee.CreditCode = ""
	}
	if err == nil {
		// Sealed here, before signing, for the chain's payee readers.
		req.Payee, err = p.sealParty(payee, true)
	}
	for _, k := range []string{"contract", "invoice"} {
		if err != nil {
			break
		}
		a, ok, aerr := site.AttachmentFrom(p.suite, r, k)
		if err = aerr; ok {
			if k == "contract" {
				req.ContractHash = module.HashOf(a.Hash)
			} else {
				req.InvoiceHash = module.HashOf(a.Hash)
			}
		}
	}
	if err == nil {
		if err = req.Validate(); err == nil {
			var res *site.Result
			if res, err = p.Send(r.Context(), s.Key, "finance", "request_payment", req); err == nil {
				id, err := finance.PaymentRequestedAt(r.Context(), p.n.Index.DB(), res.Height, s.Address)
				p.QueryErr("staff finance requested payment", err) // the notice then names no id
				site.Redirect(w, r, "/staff/finance?done=request&id="+url.QueryEscape(id)+"#"+id)
				return
			}
		}
	}
	p.staffFinanceFail(w, r, s, &f, err)
}

func (p *Portal) staffFinancePay(w http.ResponseWriter, r *http.Request, s *site.Session, action string, payload interface{ Validate() error }, done string) {
	err := payload.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.Key, "finance", action, payload)
	}
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, err)
		return
	}
	id := r.PathValue("id")
	site.Redirect(w, r, "/staff/finance?done="+done+"&id="+url.QueryEscape(id))
}

func (p *Portal) staffFinanceApprove(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.staffFinancePay(w, r, s, "approve_payment", &finance.PaymentRef{PaymentID: r.PathValue("id"), Note: strings.TrimSpace(r.PostFormValue("note"))}, "approve")
}

func (p *Portal) staffFinanceReject(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.staffFinancePay(w, r, s, "reject_payment", &finance.RejectPayment{PaymentID: r.PathValue("id"), Reason: strings.TrimSpace(r.PostFormValue("reason"))}, "reject")
}

func (p *Portal) staffFinanceDisburse(w http.ResponseWriter, r *http.Request, s *site.Session) {
	p.staffFinancePay(w, r, s, "disburse", &finance.PaymentRef{PaymentID: r.PathValue("id"), Note: strings.TrimSpace(r.PostFormValue("note"))}, "disburse")
}

// sealParty seals a payee or payer for the readers the chain names
// (finance params), with their encryption keys from committed state.
func (p *Portal) sealParty(d finance.PayeeData, needAccount bool) (finance.Payee, error) {
	ps, err := finance.NewPayeeSealer(p.suite, p.n.Store.Committed())
	if err != nil {
		return finance.Payee{}, err
	}
	return ps.Party(d, needAccount)
}
