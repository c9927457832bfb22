package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/pingshan/govchain/internal/errcode"
)

// ErrBadRequest is a malformed HTTP request (bad path parameter, body).
var ErrBadRequest = errcode.Register("api", 1, errcode.KindInvalid, "bad request")

// ErrNotFound is an unknown route or record.
var ErrNotFound = errcode.Register("api", 2, errcode.KindNotFound, "not found")

// ErrorBody is every error the API returns.
type ErrorBody struct {
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace"`
	Message   string `json:"message"`
}

// HTTPStatus is the HTTP status of any error: the one mapping, used by the
// node API and the portal alike.
func HTTPStatus(err error) int { return statusOf(errcode.Of(err).Kind) }

// statusOf is the one place an error kind becomes an HTTP status.
func statusOf(k errcode.Kind) int {
	switch k {
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
	case errcode.KindRateLimited:
		return http.StatusTooManyRequests
	case errcode.KindUnavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// WriteError answers with err as {code, codespace, message} and its status.
func WriteError(w http.ResponseWriter, err error) { writeError(w, err) }

// WriteJSON answers with v as indented JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) { writeJSON(w, status, v) }

func writeError(w http.ResponseWriter, err error) {
	e := errcode.Of(err)
	msg := err.Error()
	if e == errcode.ErrInternal && !errors.Is(err, errcode.ErrInternal) {
		// Do not leak internals (paths, driver errors) to clients.
		msg = "internal error"
	}
	writeJSON(w, statusOf(e.Kind), ErrorBody{Code: e.Code, Codespace: e.Codespace, Message: msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
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
