// Package errcode gives every error a client can see a stable (codespace,
// code) pair. Modules register their sentinels here at init; the ABCI
// boundary (internal/app) and the HTTP boundary (internal/api) translate
// through this one table, so a code never changes meaning between releases.
package errcode

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Error is a registered sentinel. Wrap it with fmt.Errorf("%w: detail", ...)
// so the message says what was wrong while errors.Is still matches.
type Error struct {
	Codespace string
	Code      uint32
	Desc      string
	// Kind tells the HTTP layer how to answer without knowing every code.
	Kind Kind
}

// Kind groups codes by what a client should do about them.
type Kind int

const (
	KindInvalid      Kind = iota // the request itself is wrong: 400
	KindUnauthorized             // signer unknown or signature bad: 401
	KindForbidden                // signer known but not allowed: 403
	KindNotFound                 // 404
	KindConflict                 // state does not allow it now: 409
	KindTooLarge                 // 413
	KindInternal                 // 500
	KindRateLimited              // 429: too many requests, try later
	KindUnavailable              // 503: this node does not offer it
)

func (e *Error) Error() string { return e.Desc }

var (
	mu       sync.Mutex
	registry = map[string]*Error{}
)

// Register declares a sentinel; a duplicate (codespace, code) is a
// programming error and panics at init, long before any user input.
func Register(codespace string, code uint32, kind Kind, desc string) *Error {
	if code == 0 {
		panic("errcode: code 0 means OK")
	}
	mu.Lock()
	defer mu.Unlock()
	key := fmt.Sprintf("%s/%d", codespace, code)
	if _, dup := registry[key]; dup {
		panic("errcode: duplicate registration " + key)
	}
	e := &Error{Codespace: codespace, Code: code, Desc: desc, Kind: kind}
	registry[key] = e
	return e
}

// ErrInternal is what an unregistered error becomes at a boundary.
var ErrInternal = Register("app", 1, KindInternal, "internal error")

// Of finds the registered sentinel inside err, or ErrInternal.
func Of(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return ErrInternal
}

// All lists every registered code, sorted, for docs and tests.
func All() []*Error {
	mu.Lock()
	defer mu.Unlock()
	out := make([]*Error, 0, len(registry))
	for _, e := range registry {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Codespace != out[j].Codespace {
			return out[i].Codespace < out[j].Codespace
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// Lookup finds a registered code, as returned by a node in a tx result.
func Lookup(codespace string, code uint32) (*Error, bool) {
	mu.Lock()
	defer mu.Unlock()
	e, ok := registry[fmt.Sprintf("%s/%d", codespace, code)]
	return e, ok
}
