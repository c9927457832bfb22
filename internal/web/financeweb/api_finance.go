package financeweb

import (
	"net/http"
	"strings"

	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/web/site"
)

// JSON routes of public finance: the finance module's public view only
// (individual payees masked, no accounts but an organisation's last four
// digits).

// financeSchemas are the OpenAPI components its JSON routes name.
func financeSchemas() map[string]any {
	return map[string]any{
		"FinanceSummary": FinanceSummary{},
		"PaymentTrace":   PaymentTrace{},
		"LineTrace":      LineTrace{},
		"FlagList": struct {
			Year   int            `json:"year"`
			Height int64          `json:"height"`
			Flags  []finance.Flag `json:"flags"`
		}{},
	}
}

func (p *Portal) financeAPIRoutes() {
	p.API("GET", "/api/v1/finance/budgets", site.APIDoc{Summary: "A year's budget by department: approved, allocated, executed, execution rate; revenue totals", Tag: "finance",
		Query: map[string]string{"year": "fiscal year (default: the latest with a budget)"}, Response: "FinanceSummary"}, p.apiBudgets)
	p.API("GET", "/api/v1/finance/payments/{id}/trace", site.APIDoc{Summary: "A payment traced up to its budget line: approvals, disbursement, refunds, reversal, allocation, line, adjustments", Tag: "finance",
		Response: "PaymentTrace"}, p.apiPaymentTrace)
	p.API("GET", "/api/v1/finance/lines/{id}/trace", site.APIDoc{Summary: "A budget line traced down to every payee: allocations, payees with net amounts, payments", Tag: "finance",
		Response: "LineTrace"}, p.apiLineTrace)
	p.API("GET", "/api/v1/finance/flags", site.APIDoc{Summary: "Red flags of a year (split payments, payees without contracts, execution-rate outliers)", Tag: "finance",
		Query: map[string]string{"year": "fiscal year (default: the latest with a budget)"}, Response: "FlagList"}, p.apiFlags)
}

func (p *Portal) apiBudgets(w http.ResponseWriter, r *http.Request) {
	year, years := p.finYear(r)
	s, err := p.financeSummary(r, year, years, "en")
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, s)
}

func (p *Portal) apiPaymentTrace(w http.ResponseWriter, r *http.Request) {
	t, err := p.paymentTrace(r.Context(), strings.ToUpper(r.PathValue("id")))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, t)
}

func (p *Portal) apiLineTrace(w http.ResponseWriter, r *http.Request) {
	t, err := p.lineTrace(r.Context(), strings.ToUpper(r.PathValue("id")))
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, t)
}

func (p *Portal) apiFlags(w http.ResponseWriter, r *http.Request) {
	year, _ := p.finYear(r)
	flags, err := p.redFlags(r.Context(), year)
	if err != nil {
		site.WriteError(w, err)
		return
	}
	site.WriteJSON(w, http.StatusOK, map[string]any{"year": year, "height": p.n.Height(), "flags": flags})
}
