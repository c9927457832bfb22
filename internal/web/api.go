package web

import (
	"fmt"
	"net/http"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/web/site"
)

// Codespace "portal": refusals of the portal's own JSON routes (defined
// in package site, so that the areas' packages share them).
var (
	ErrBadRequest  = site.ErrBadRequest
	ErrNotFound    = site.ErrNotFound
	ErrRateLimited = site.ErrRateLimited
	ErrUnavailable = site.ErrUnavailable
	ErrAccessCode  = site.ErrAccessCode
)

// ErrorBody is every JSON error: the node API's shape.
type ErrorBody = api.ErrorBody

// statusOf and writeError go through the node API's one error mapping.
func statusOf(err error) int { return api.HTTPStatus(err) }

func writeError(w http.ResponseWriter, err error) {
	w.Header().Set("Cache-Control", "no-store")
	api.WriteError(w, err)
}

// writeJSON is the API's, plus no caching: portal answers carry live
// chain state and sometimes a citizen's own case.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	api.WriteJSON(w, status, v)
}

func badRequest(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrBadRequest, fmt.Sprintf(format, args...))
}

func notFound(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
}

// APIDoc documents a JSON route in the OpenAPI document.
type APIDoc = site.APIDoc

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
