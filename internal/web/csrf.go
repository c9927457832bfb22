package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"mime"
	"net/http"
)

const csrfCookie = "gc_csrf"

// csrfToken is the token forms carry: an HMAC, under a per-process secret,
// of the session id (signed in) or of a random cookie (citizens). A page
// from another site can neither read it nor compute it.
func (p *Portal) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if s := p.currentSession(r); s != nil {
		return p.mac("s|" + s.ID)
	}
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		return p.mac("a|" + c.Value)
	}
	v := randomToken()
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true, Secure: p.https(r), SameSite: http.SameSiteLaxMode})
	// Later calls in this request see it too.
	r.AddCookie(&http.Cookie{Name: csrfCookie, Value: v})
	return p.mac("a|" + v)
}

func (p *Portal) mac(s string) string {
	m := hmac.New(sha256.New, p.secret)
	m.Write([]byte(s))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// csrfOK checks the form's token against the request's session or cookie.
func (p *Portal) csrfOK(r *http.Request) bool {
	got := r.PostFormValue("csrf")
	if got == "" {
		got = r.Header.Get("X-CSRF-Token")
	}
	if got == "" {
		return false
	}
	var want []string
	if s := p.currentSession(r); s != nil {
		want = append(want, p.mac("s|"+s.ID))
	}
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
		want = append(want, p.mac("a|"+c.Value))
	}
	for _, w := range want {
		if hmac.Equal([]byte(got), []byte(w)) {
			return true
		}
	}
	return false
}

// csrfGuard refuses any state-changing request whose token is missing or
// wrong, before the handler sees it.
func (p *Portal) csrfGuard(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			h(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
		if tooLarge(parseForm(r)) {
			p.fail(w, r, http.StatusRequestEntityTooLarge, T(p.lang(w, r), "err.too_large"))
			return
		}
		if !p.csrfOK(r) {
			p.fail(w, r, http.StatusForbidden, T(p.lang(w, r), "err.csrf"))
			return
		}
		if fe := checkFormText(r); fe != nil {
			p.fail(w, r, http.StatusBadRequest, formErrText(p.lang(w, r), fe))
			return
		}
		h(w, r)
	}
}

// maxFormBody caps a page POST before the CSRF check: an upload of
// maxUpload plus the form's other fields.
const maxFormBody = maxUpload + 64<<10

// parseForm reads the form (multipart when it is one, in memory: the cap
// is maxFormBody), so that a body over the cap is told apart from a
// missing CSRF token.
func parseForm(r *http.Request) error {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		return r.ParseMultipartForm(maxFormBody)
	}
	return r.ParseForm()
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}
