// Package module holds what every domain module shares: the context a
// handler runs in, the action table it declares, and the events it emits.
// Modules live in the subpackages (identity, notary, …) and own their types,
// state keys, handlers and queries.
package module

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// Role names. An account holds one or more; actions declare which they admit.
const (
	RoleAdmin    = "admin"
	RoleClerk    = "clerk"
	RoleReviewer = "reviewer"
	RoleApprover = "approver"
	RoleFinance  = "finance"
	RoleAuditor  = "auditor"
	RoleObserver = "observer"
	RoleGateway  = "gateway" // a node's account for citizens' public writes
)

// Roles lists every role that exists, in a stable order.
func Roles() []string {
	return []string{RoleAdmin, RoleClerk, RoleReviewer, RoleApprover, RoleFinance, RoleAuditor, RoleObserver, RoleGateway}
}

// ValidRole reports whether r is a known role.
func ValidRole(r string) bool {
	for _, x := range Roles() {
		if x == r {
			return true
		}
	}
	return false
}

// Signer is the authenticated sender of a transaction, as loaded from state.
type Signer struct {
	Address    string
	Department string
	Roles      []string
}

// HasRole reports whether the signer holds role r.
func (s Signer) HasRole(r string) bool {
	for _, x := range s.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Context is everything a handler may look at. It carries block time and
// height, never the wall clock, so every node computes the same result.
type Context struct {
	KV        store.KV
	Suite     cryptosuite.Suite
	ChainID   string
	Height    int64
	BlockTime time.Time
	TxHash    []byte
	// TxIndex is the tx's position in its block: with Height, where the
	// tx's bytes can be read back from the block store (a record that keeps
	// its text off state points there).
	TxIndex uint32
	Signer  Signer
	events  []Event
}

// Emit records an event for the tx result.
func (c *Context) Emit(typ string, attrs ...string) {
	e := Event{Type: typ}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.Attrs = append(e.Attrs, Attr{Key: attrs[i], Value: attrs[i+1]})
	}
	c.events = append(c.events, e)
}

// Events returns what the handler emitted.
func (c *Context) Events() []Event { return c.events }

// Event is an ABCI event in a form modules can build without ABCI types.
type Event struct {
	Type  string
	Attrs []Attr
}

// Attr is one key/value of an event; order is kept.
type Attr struct{ Key, Value string }

// Payload is a decoded action payload; Validate does the stateless checks
// CheckTx can afford.
type Payload interface {
	Validate() error
}

// Action is one entry of a module's action table: who may send it, how its
// payload decodes, and what it does.
type Action struct {
	Name string
	// Roles that may send it; the app checks this in one place before the
	// handler runs. An account needs any one of them.
	Roles []string
	// Decode parses and validates the payload (no state).
	Decode func(payload []byte) (Payload, error)
	// Handle applies it. It must be deterministic, write only through
	// ctx.KV, and return a wrapped registered error to refuse.
	Handle func(ctx *Context, p Payload) error
}

// Module is a domain module as the app sees it.
type Module interface {
	Name() string
	Actions() []Action
}

// DecodeJSON is the common payload decoder: a strict pre-scan (strictScan:
// depth, duplicate and wrong-case keys, clean text in every string), then
// JSON into a fresh T with unknown fields refused, then T's own Validate.
// Every refusal wraps tx.ErrInvalidPayload except a refused character,
// which wraps tx.ErrTextControl; both name the field.
func DecodeJSON[T any, PT interface {
	*T
	Payload
}](payload []byte) (Payload, error) {
	if err := strictScan(payload, reflect.TypeFor[T]()); err != nil {
		return nil, err
	}
	var v T
	dec := json.NewDecoder(bytesReader(payload))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("%w: %s", tx.ErrInvalidPayload, describeJSONError(err))
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the JSON object", tx.ErrInvalidPayload)
	}
	p := PT(&v)
	if err := p.Validate(); err != nil {
		// One code for every stateless payload refusal; the message keeps
		// the module's own words about what was wrong.
		return nil, fmt.Errorf("%w: %v", tx.ErrInvalidPayload, err)
	}
	return p, nil
}

// maxJSONDepth bounds how deeply a payload's arrays and objects nest. No
// action needs more than about 20 (a workflow definition with conditions
// nested to their limit of 8); custom decoders such as workflow.Target
// re-read their subtree at each level, so an unbounded depth would make a
// 64 KiB payload cost seconds to decode before anyone checked its signer.
const maxJSONDepth = 64

// GenesisModule is a module with initial state in app_state.modules[name].
// raw is nil when genesis has no entry for the module. InitGenesis writes
// through ctx.KV; ctx.Signer is empty (genesis has no signer) and
// ctx.BlockTime is the genesis time.
type GenesisModule interface {
	Module
	InitGenesis(ctx *Context, raw []byte) error
}
