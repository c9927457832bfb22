package disclosureweb

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/web/site"
)

// disclosureCertificate renders a published document's certificate (a
// decision, a notice …): the latest version, verified by its number.
func (p *Portal) disclosureCertificate(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	number := r.PathValue("number")
	if !disclosure.ValidNumber(number) {
		p.NotFound(w, r)
		return
	}
	d, err := disclosure.Get(p.n.Store.Committed(), number, 0)
	if errors.Is(err, disclosure.ErrNotFound) {
		p.NotFound(w, r)
		return
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	c := site.Certificate{Title: d.Title, CodeLabel: "disc.number", Code: d.Number, VerifyURL: p.VerifyURL(r, d.Number),
		Fields: [][2]string{{p.T(lang, "disc.version"), strconv.Itoa(d.Version)}, {p.T(lang, "disc.category"), p.T(lang, "cat."+d.Category)},
			{p.T(lang, "disc.department"), p.DeptName(lang, d.Department)}, {p.T(lang, "disc.effective"), d.EffectiveDate},
			{p.T(lang, "disc.published"), d.Time.In(module.CST()).Format("2006-01-02 15:04")},
			{p.T(lang, "verify.tx_hash"), d.TxHash}, {p.T(lang, "verify.height"), strconv.FormatInt(d.Height, 10)}}}
	if d.Ref != "" {
		c.Fields = append([][2]string{{p.T(lang, "disc.ref"), d.Ref}}, c.Fields...)
	}
	if c.QR, err = site.QRDataURI(c.VerifyURL); err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	p.Render(w, r, site.Page{Template: "certificate.html", Title: "cert.disclosure", Active: "disclosures", Data: c})
}
