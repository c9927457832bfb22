package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/skip2/go-qrcode"

	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/land"
)

// Certificate is a printable e-certificate (电子证照) of an approval on
// chain: the record's particulars and a QR code of the verify address with
// its verification code, so whoever holds the paper can scan it and see on
// the verify page that the record exists and which nodes signed it.
type Certificate struct {
	Title     string
	Fields    [][2]string
	CodeLabel string // message key
	Code      string
	VerifyURL string
	// QR is a data: URI of the QR code as PNG: inline, so the page prints
	// whole and needs nothing but img-src 'self' data: from the CSP.
	QR template.URL
}

// qrSize is the QR image's side in pixels: about 34 mm at 192 dpi, large
// enough for phone cameras from a printed A4 page.
const qrSize = 256

// verifyURL is the absolute address of the verify page for code, on the
// host and scheme the request came in on (HTTPS as a trusted proxy says).
func (p *Portal) verifyURL(r *http.Request, code string) string {
	scheme := "http"
	if p.https(r) {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host, Path: "/verify", RawQuery: url.Values{"code": {code}}.Encode()}).String()
}

func qrDataURI(content string) (template.URL, error) {
	// Medium error correction (15%) survives a crease or a stamp.
	png, err := qrcode.Encode(content, qrcode.Medium, qrSize)
	if err != nil {
		return "", err
	}
	// template.URL: the bytes are our own PNG, not user input.
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png)), nil
}

// permitCertificate renders a land-use approval document's certificate.
func (p *Portal) permitCertificate(w http.ResponseWriter, r *http.Request) {
	lang := p.lang(w, r)
	pm, err := land.PermitByCode(p.n.Store.Committed(), land.NormalizeCode(r.PathValue("code")))
	if errors.Is(err, land.ErrDocNotFound) {
		p.fail(w, r, http.StatusNotFound, T(lang, "verify.not_found"))
		return
	}
	if err != nil {
		p.fail(w, r, http.StatusInternalServerError, T(lang, "err.internal"))
		return
	}
	c := Certificate{Title: T(lang, "land.permit_title", pm.Case), CodeLabel: "land.permit_code", Code: pm.Code,
		VerifyURL: p.verifyURL(r, pm.Code),
		Fields: [][2]string{{T(lang, "land.case_no"), pm.Case}, {T(lang, "land.parcel"), pm.Parcel},
			{T(lang, "land.issued_by"), p.deptName(lang, pm.IssuedBy)}, {T(lang, "land.issued_at"), pm.IssuedAt.In(cst).Format("2006-01-02 15:04")},
			{T(lang, "verify.doc_hash"), pm.DocHash.String()}, {T(lang, "verify.height"), strconv.FormatInt(pm.Height, 10)}}}
	if c.QR, err = qrDataURI(c.VerifyURL); err != nil {
		p.fail(w, r, http.StatusInternalServerError, T(lang, "err.internal"))
		return
	}
	p.Render(w, r, Page{Template: "certificate.html", Title: "cert.permit", Active: "land", Data: c})
}

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
