package web

import (
	"encoding/base64"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/skip2/go-qrcode"

	"github.com/pingshan/govchain/internal/module/land"
)

// Certificate is a printable e-certificate (电子证照) of an approval on
// chain: the record's particulars and a QR code of the verify address with
// its verification code, so whoever holds the paper can scan it and see on
// the verify page that the record exists and which nodes signed it.
type Certificate struct {
	Heading   string // message key of the document kind
	Title     string
	Fields    [][2]string
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
	c := Certificate{Heading: "cert.permit", Title: T(lang, "land.permit_title", pm.Case), Code: pm.Code, VerifyURL: p.verifyURL(r, pm.Code),
		Fields: [][2]string{{T(lang, "land.case_no"), pm.Case}, {T(lang, "land.parcel"), pm.Parcel},
			{T(lang, "land.issued_by"), p.deptName(lang, pm.IssuedBy)}, {T(lang, "land.issued_at"), pm.IssuedAt.In(cst).Format("2006-01-02 15:04")},
			{T(lang, "verify.doc_hash"), pm.DocHash}, {T(lang, "verify.height"), strconv.FormatInt(pm.Height, 10)}}}
	if c.QR, err = qrDataURI(c.VerifyURL); err != nil {
		p.fail(w, r, http.StatusInternalServerError, T(lang, "err.internal"))
		return
	}
	p.Render(w, r, Page{Template: "certificate.html", Title: "cert.permit", Active: "land", Data: c})
}
