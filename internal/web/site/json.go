package site

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/errcode"
)

// Codespace "portal": refusals of the portal's own JSON routes. Chain
// refusals keep their module's code.
var (
	ErrBadRequest   = errcode.Register("portal", 1, errcode.KindInvalid, "bad request")
	ErrNotFound     = errcode.Register("portal", 2, errcode.KindNotFound, "not found")
	ErrRateLimited  = errcode.Register("portal", 3, errcode.KindRateLimited, "too many requests: try again later")
	ErrUnavailable  = errcode.Register("portal", 4, errcode.KindUnavailable, "this service is not available on this node")
	ErrAccessCode   = errcode.Register("portal", 5, errcode.KindForbidden, "case number or access code is wrong")
	ErrBodyTooLarge = errcode.Register("portal", 6, errcode.KindTooLarge, "request body too large")

	// ErrTooManyWrongCodes: wrong case numbers and access codes are
	// counted per client (LimitWrongCode); a client that used them up waits,
	// everyone else is unaffected. There is no per-case count: an access
	// code has 80 bits (workflow.NewAccessCode), so guessing one is hopeless
	// at any rate a limiter allows, while a per-case count would let one
	// client lock the applicant out of their own case.
	ErrTooManyWrongCodes = fmt.Errorf("%w: too many wrong case numbers or access codes from this client", ErrRateLimited)

	// ErrContact is a named submission without contact details (the
	// feedback area refuses it; the core's ErrText words it).
	ErrContact = fmt.Errorf("%w: contact details (name, phone or e-mail) are required unless you submit anonymously", ErrBadRequest)
)

// APIDoc documents a JSON route in the OpenAPI document.
type APIDoc struct {
	Summary string
	Tag     string
	// Params are query parameters: name → description. Path parameters
	// are taken from the pattern.
	Query map[string]string
	// Body names the request schema (components/schemas), if any.
	Body string
	// Response names the 2xx schema; Status is its code (default 200).
	Response string
	Status   int
	// Also are other answers with a body of their own: status → schema
	// (POST /api/v1/verify answers 422 with the failed Verification).
	Also map[int]string
	// Signed: the body carries its own signature (a transaction), so any
	// client may send it; the signer's permissions are checked on chain.
	Signed bool
	// Staff: the body is signed by a staff key of a department (security
	// scheme staffSignature).
	Staff bool
}

// StatusOf and WriteError go through the node API's one error mapping.
func StatusOf(err error) int { return api.HTTPStatus(err) }

// WriteError writes err as the node API's JSON error, not cached.
func WriteError(w http.ResponseWriter, err error) {
	w.Header().Set("Cache-Control", "no-store")
	api.WriteError(w, err)
}

// WriteJSON is the API's, plus no caching: portal answers carry live
// chain state and sometimes a citizen's own case.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	api.WriteJSON(w, status, v)
}

// BadRequest is an ErrBadRequest saying what was wrong.
func BadRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
}

// NotFound is an ErrNotFound saying what was not found.
func NotFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

// MaxJSONBody is the largest JSON request body a portal route reads.
const MaxJSONBody = 1 << 20

// DecodeBody reads a JSON request body strictly. A body over MaxJSONBody
// is ErrBodyTooLarge (413), not a bad request: the client should send
// less, not fix its syntax.
func DecodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, MaxJSONBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return fmt.Errorf("%w: the body is over %d bytes", ErrBodyTooLarge, tooLarge.Limit)
		}
		return BadRequest("body: %v", err)
	}
	return nil
}

// ProofPath is the proof route of a state key.
func ProofPath(key string) string { return "/api/v1/proofs?key=" + url.QueryEscape(key) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// LimitParam is the ?limit= of a list route: def when absent or bad, at
// most max.
func LimitParam(r *http.Request, def, max int) int {
	n, err := strconv.Atoi(r.URL.Query().Get("limit"))
	if err != nil || n <= 0 {
		return def
	}
	if n > max {
		return max
	}
	return n
}

// LangOf is the request's language without remembering it (for code that
// has no ResponseWriter, such as extension hooks): ?lang=, then the
// "lang" cookie, then Chinese.
func LangOf(r *http.Request) string {
	if q := r.URL.Query().Get("lang"); q == "en" || q == "zh" {
		return q
	}
	if c, err := r.Cookie("lang"); err == nil && c.Value == "en" {
		return "en"
	}
	return "zh"
}

// FormUint is a form field as an unsigned number (0 when absent or bad;
// the payload's Validate then names the field).
func FormUint(r *http.Request, name string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return n
}
