package landweb

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/web/site"
)

// permitCertificate renders a land-use approval document's certificate.
func (p *Portal) permitCertificate(w http.ResponseWriter, r *http.Request) {
	lang := p.Lang(w, r)
	pm, err := land.PermitByCode(p.n.Store.Committed(), land.NormalizeCode(r.PathValue("code")))
	if errors.Is(err, land.ErrDocNotFound) {
		p.Fail(w, r, http.StatusNotFound, p.T(lang, "verify.not_found"))
		return
	}
	if err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	c := site.Certificate{Title: p.T(lang, "land.permit_title", pm.Case), CodeLabel: "land.permit_code", Code: pm.Code,
		VerifyURL: p.VerifyURL(r, pm.Code),
		Fields: [][2]string{{p.T(lang, "land.case_no"), pm.Case}, {p.T(lang, "land.parcel"), pm.Parcel},
			{p.T(lang, "land.issued_by"), p.DeptName(lang, pm.IssuedBy)}, {p.T(lang, "land.issued_at"), pm.IssuedAt.In(module.CST()).Format("2006-01-02 15:04")},
			{p.T(lang, "verify.doc_hash"), pm.DocHash.String()}, {p.T(lang, "verify.height"), strconv.FormatInt(pm.Height, 10)}}}
	if c.QR, err = site.QRDataURI(c.VerifyURL); err != nil {
		p.Fail(w, r, http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	p.Render(w, r, site.Page{Template: "certificate.html", Title: "cert.permit", Active: "land", Data: c})
}
