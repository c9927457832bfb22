package financeweb

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/web/site"
)

// Payees are sealed on chain for the finance params' payee readers (the
// Finance Bureau and the Audit Bureau). A member of a reader department
// with a finance, approver or auditor role can open one payment's payee,
// or every payee of a year for the red flags, after saying why; each
// opening is written to the personal-data access log before anything is
// decrypted, like an applicant's data on a land case. The clear data is
// shown on that answer only.

// payeePurposes are the reasons a reader may give.
var payeePurposes = []string{"pay", "approve", "audit", "flags", "other"}

// openedPayee is one opened payee on the console page.
type openedPayee struct {
	PaymentID string
	Data      *finance.PayeeData
	Account   string // masked but for the last four digits when long
	LogSeq    uint64
}

var errPayeePurpose = fmt.Errorf("%w: say why you need the payee's data", site.ErrBadRequest)

// payeeReader says whether the member may open sealed payees.
func (p *Portal) payeeReader(s *site.Session) bool {
	params, err := finance.GetParams(p.n.Store.Committed())
	if err != nil || !slices.Contains(params.PayeeReaders, s.Department) {
		return false
	}
	return s.HasRole(module.RoleFinance) || s.HasRole(module.RoleApprover) || s.HasRole(module.RoleAuditor)
}

// payeePurpose reads and checks the purpose fields of the form.
func payeePurpose(r *http.Request) (string, error) {
	purpose, note := r.PostFormValue("purpose"), strings.TrimSpace(r.PostFormValue("note"))
	if !slices.Contains(payeePurposes, purpose) || (purpose == "other" && note == "") || len(note) > 300 {
		return "", errPayeePurpose
	}
	return purpose + site.Optional(": ", note), nil
}

// staffFinancePayee opens one payment's payee for a reader.
func (p *Portal) staffFinancePayee(w http.ResponseWriter, r *http.Request, s *site.Session) {
	id := strings.ToUpper(strings.TrimSpace(r.PostFormValue("payment")))
	if v := r.PathValue("id"); v != "" {
		id = strings.ToUpper(v)
	}
	if !p.payeeReader(s) {
		p.staffFinanceFail(w, r, s, nil, fmt.Errorf("%w: %s is not a reader of payee data", finance.ErrWrongDepartment, s.Department))
		return
	}
	why, err := payeePurpose(r)
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, err)
		return
	}
	pay, err := finance.GetPayment(p.n.Store.Committed(), id)
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, err)
		return
	}
	key, err := p.DataKey(s.Department)
	if err != nil {
		p.log.Warn("payee not decrypted", "payment", id, "department", s.Department, "err", err)
		p.staffFinanceFail(w, r, s, nil, fmt.Errorf("%w: %v", site.ErrUnavailable, err))
		return
	}
	e, err := p.logPayeeAccess(s, id, "finance payment "+id+": "+why)
	if err != nil {
		p.log.Error("access log: payee withheld", "payment", id, "err", err)
		p.staffFinanceFail(w, r, s, nil, fmt.Errorf("%w: the access log is unavailable, so nothing was decrypted", site.ErrUnavailable))
		return
	}
	d, err := finance.OpenPayee(p.suite, &pay.Payee, s.Department, key)
	if err != nil {
		p.log.Warn("payee not decrypted", "payment", id, "department", s.Department, "err", err)
		p.staffFinanceFail(w, r, s, nil, err)
		return
	}
	pg := p.staffFinanceData(r, s)
	pg.Opened = &openedPayee{PaymentID: id, Data: d, Account: d.Account, LogSeq: e.Seq}
	p.Render(w, r, site.Page{Template: "finance_staff.html", Title: "sfin.title", Active: "staff_finance", Data: pg})
}

// staffFinanceFlags computes a year's red flags on the opened payees, so
// payments to one person are grouped too; one log entry covers the year.
func (p *Portal) staffFinanceFlags(w http.ResponseWriter, r *http.Request, s *site.Session) {
	if !p.payeeReader(s) {
		p.staffFinanceFail(w, r, s, nil, fmt.Errorf("%w: %s is not a reader of payee data", finance.ErrWrongDepartment, s.Department))
		return
	}
	why, err := payeePurpose(r)
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, err)
		return
	}
	year, _ := p.finYear(r)
	if y, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year"))); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	params, err := finance.GetParams(p.n.Store.Committed())
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, err)
		return
	}
	key, err := p.DataKey(s.Department)
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, fmt.Errorf("%w: %v", site.ErrUnavailable, err))
		return
	}
	e, err := p.logPayeeAccess(s, fmt.Sprintf("finance payees %d", year), fmt.Sprintf("red flags of %d over every payee: %s", year, why))
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, fmt.Errorf("%w: the access log is unavailable, so nothing was decrypted", site.ErrUnavailable))
		return
	}
	flags, err := finance.RedFlags(r.Context(), p.n.Index.DB(), finance.DefaultFlagParams(params, year), finance.Internal,
		finance.Opener(p.suite, s.Department, key))
	if err != nil {
		p.staffFinanceFail(w, r, s, nil, err)
		return
	}
	pg := p.staffFinanceData(r, s)
	pg.Flags, pg.FlagsYear, pg.FlagsLogSeq = flags, year, e.Seq
	if pg.Flags == nil {
		pg.Flags = []finance.Flag{}
	}
	p.Render(w, r, site.Page{Template: "finance_staff.html", Title: "sfin.title", Active: "staff_finance", Data: pg})
}

// logPayeeAccess records an opening of payee data in the access log;
// without a log nothing is decrypted.
func (p *Portal) logPayeeAccess(s *site.Session, what, purpose string) (*audit.Entry, error) {
	if p.n.AccessLog == nil {
		return nil, errors.New("this node has no access log")
	}
	return p.n.AccessLog.Append(audit.Access{Staff: s.Address, StaffName: s.Name, Department: s.Department, Case: what,
		Purpose: purpose, Fields: []string{"payee_name", "payee_account", "payee_credit_code"}})
}
