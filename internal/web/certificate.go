package web

import (
	"net/http"
	"net/url"

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
