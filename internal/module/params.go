package module

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/store"
)

// Param is one governable value a module declares (see ParamModule). Its
// current value lives in state, set at genesis or by a passed proposal of
// the governance module, which keeps its history; the default applies
// until then.
type Param struct {
	// Name is "<area>.<name>", e.g. "feedback.rectify_days".
	Name string
	Doc  string
	// Default is the value's canonical JSON.
	Default json.RawMessage
	// Check decodes a proposed JSON value strictly, validates it and
	// returns its canonical JSON (the bytes stored, so equal values are
	// equal bytes). It is pure: it must not depend on state or time.
	Check func(raw json.RawMessage) (json.RawMessage, error)
}

// ParamModule is a module with governable values. The app reads the
// declarations from its module list; there is no registration.
type ParamModule interface {
	Module
	Params() []Param
}

// BlockEnder is a module with work to do at the end of every block, after
// the block's transactions (expiring what reached its deadline). The app
// calls EndBlock in module order through a store overlay it writes only on
// success; ctx has the block's height and time and an empty signer. An
// error stops the node (it is a storage or programming failure: a
// condition a user can cause must be handled, not returned).
type BlockEnder interface {
	Module
	EndBlock(ctx *Context) error
}

// IntParam declares an integer parameter within [min, max].
func IntParam(name, doc string, def, min, max int64) Param {
	return Param{Name: name, Doc: doc, Default: json.RawMessage(strconv.FormatInt(def, 10)),
		Check: func(raw json.RawMessage) (json.RawMessage, error) {
			v, err := ParseIntParam(raw)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", name, err)
			}
			if v < min || v > max {
				return nil, fmt.Errorf("%s: %d is outside [%d, %d]", name, v, min, max)
			}
			return json.RawMessage(strconv.FormatInt(v, 10)), nil
		}}
}

// ParseIntParam reads a JSON integer (no fraction, no exponent, no string).
func ParseIntParam(raw json.RawMessage) (int64, error) {
	s := string(bytes.TrimSpace(raw))
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("value %q is not an integer", s)
	}
	return v, nil
}

// DepartmentMover is a module that holds open work for departments. When
// governance merges a department into a successor it calls MoveDepartment
// on every such module, in module order, inside the proposal's isolated
// execution: open work of from moves to to (to is "" when the department
// is retired without a successor; a module that cannot leave its work
// ownerless refuses, and the whole decision fails). why names the
// authority; the count is what moved.
type DepartmentMover interface {
	Module
	MoveDepartment(ctx *Context, from, to, why string) (int, error)
}

// ProcessKeeper is the module that holds versioned process definitions
// (workflow). A new version of a process that involves several departments
// is decided by a governance proposal, which checks and publishes it
// through these, so the engine's own validation runs when the proposal
// opens and again when it executes.
type ProcessKeeper interface {
	Module
	// CanonicalProcess decodes a proposed definition without state and
	// returns it in canonical JSON with its id.
	CanonicalProcess(raw json.RawMessage) (json.RawMessage, string, error)
	// ValidateProcess checks it against state as publishing would; it
	// writes nothing.
	ValidateProcess(r store.Reader, raw json.RawMessage) error
	// PublishProcess publishes it as the process's next version, by the
	// proposal, and returns that version.
	PublishProcess(ctx *Context, raw json.RawMessage, proposal uint64) (uint32, error)
}
