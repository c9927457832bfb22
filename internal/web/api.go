package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/pingshan/govchain/internal/errcode"
)

// Codespace "portal": refusals of the portal's own JSON routes. Chain
// refusals keep their module's code.
var (
	ErrBadRequest  = errcode.Register("portal", 1, errcode.KindInvalid, "bad request")
	ErrNotFound    = errcode.Register("portal", 2, errcode.KindNotFound, "not found")
	ErrRateLimited = errcode.Register("portal", 3, errcode.KindConflict, "too many requests: try again later")
	ErrUnavailable = errcode.Register("portal", 4, errcode.KindConflict, "this service is not available on this node")
	ErrAccessCode  = errcode.Register("portal", 5, errcode.KindForbidden, "case number or access code is wrong")
)

// ErrorBody is every JSON error: the same shape as the node API's.
type ErrorBody struct {
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace"`
	Message   string `json:"message"`
}

func statusOf(err error) int {
	switch {
	case errors.Is(err, ErrRateLimited):
		return http.StatusTooManyRequests
	case errors.Is(err, ErrUnavailable):
		return http.StatusServiceUnavailable
	}
	switch errcode.Of(err).Kind {
	case errcode.KindInvalid:
		return http.StatusBadRequest
	case errcode.KindUnauthorized:
		return http.StatusUnauthorized
	case errcode.KindForbidden:
		return http.StatusForbidden
	case errcode.KindNotFound:
		return http.StatusNotFound
	case errcode.KindConflict:
		return http.StatusConflict
	case errcode.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

func writeError(w http.ResponseWriter, err error) {
	e := errcode.Of(err)
	msg := err.Error()
	if e == errcode.ErrInternal && !errors.Is(err, errcode.ErrInternal) {
		msg = "internal error"
	}
	writeJSON(w, statusOf(err), ErrorBody{Code: e.Code, Codespace: e.Codespace, Message: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

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
}

type apiRoute struct {
	Method, Path string
	Doc          APIDoc
}

// API registers a JSON route under /api/v1 and records it for
// /api/v1/openapi.json, so the document cannot forget a route.
func (p *Portal) API(method, path string, doc APIDoc, h http.HandlerFunc) {
	p.apiRoutes = append(p.apiRoutes, apiRoute{Method: method, Path: path, Doc: doc})
	p.mux.Handle(method+" "+path, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h(w, r)
	}))
}

// decodeBody reads a JSON request body strictly.
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, 1<<20)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return badRequest("body: %v", err)
	}
	return nil
}
