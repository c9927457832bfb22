package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/web/site"
)

// Certificate is a printable e-certificate (电子证照) of an approval on
// chain (site.Certificate, shared with the areas' packages).
type Certificate = site.Certificate

// verifyURL is the absolute address of the verify page for code, on the
// host and scheme the request came in on (HTTPS as a trusted proxy says).
func (p *Portal) verifyURL(r *http.Request, code string) string {
	scheme := "http"
	if p.https(r) {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host, Path: "/verify", RawQuery: url.Values{"code": {code}}.Encode()}).String()
}

func qrDataURI(content string) (template.URL, error) { return site.QRDataURI(content) }

// disclosureCertificate renders a published document's certificate (a
// decision, a notice …): the latest version, verified by its number.
func (p *Portal) disclosureCertificate(w http.ResponseWriter, r *http.Request) {
	lang := p.lang(w, r)
	number := r.PathValue("number")
	if !disclosure.ValidNumber(number) {
		p.notFound(w, r)
		return
	}
	d, err := disclosure.Get(p.n.Store.Committed(), number, 0)
	if errors.Is(err, disclosure.ErrNotFound) {
		p.notFound(w, r)
		return
	}
	if err != nil {
		p.fail(w, r, http.StatusInternalServerError, T(lang, "err.internal"))
		return
	}
	c := Certificate{Title: d.Title, CodeLabel: "disc.number", Code: d.Number, VerifyURL: p.verifyURL(r, d.Number),
		Fields: [][2]string{{T(lang, "disc.version"), strconv.Itoa(d.Version)}, {T(lang, "disc.category"), T(lang, "cat."+d.Category)},
			{T(lang, "disc.department"), p.deptName(lang, d.Department)}, {T(lang, "disc.effective"), d.EffectiveDate},
			{T(lang, "disc.published"), d.Time.In(cst).Format("2006-01-02 15:04")},
			{T(lang, "verify.tx_hash"), d.TxHash}, {T(lang, "verify.height"), strconv.FormatInt(d.Height, 10)}}}
	if d.Ref != "" {
		c.Fields = append([][2]string{{T(lang, "disc.ref"), d.Ref}}, c.Fields...)
	}
	if c.QR, err = qrDataURI(c.VerifyURL); err != nil {
		p.fail(w, r, http.StatusInternalServerError, T(lang, "err.internal"))
		return
	}
	p.Render(w, r, Page{Template: "certificate.html", Title: "cert.disclosure", Active: "disclosures", Data: c})
}
