package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// Definition is a published process. Authors write everything but Version
// and the Published* fields, which the chain sets on publish.
type Definition struct {
	ID     string `cbor:"1,keyasint" json:"id"`
	Owner  string `cbor:"2,keyasint" json:"owner"`  // department that publishes and versions it
	Prefix string `cbor:"3,keyasint" json:"prefix"` // case numbers: PREFIX-YYYY-NNNNNN
	NameZH string `cbor:"4,keyasint" json:"name_zh"`
	NameEN string `cbor:"5,keyasint" json:"name_en"`
	Start  string `cbor:"6,keyasint" json:"start"`
	// Fields are the case's public, non-personal fields (parcel, area, use);
	// conditions branch on them.
	Fields []FieldSpec `cbor:"7,keyasint,omitempty" json:"fields,omitempty"`
	Steps  []Step      `cbor:"8,keyasint" json:"steps"`

	Version     uint32    `cbor:"9,keyasint,omitempty" json:"version,omitempty"`
	PublishedAt time.Time `cbor:"10,keyasint,omitempty" json:"published_at,omitzero"`
	PublishedBy string    `cbor:"11,keyasint,omitempty" json:"published_by,omitempty"` // signer address, or "genesis"
	Height      int64     `cbor:"12,keyasint,omitempty" json:"height,omitempty"`
	// Proposal is the governance proposal that published this version (0:
	// genesis or a department admin directly).
	Proposal uint64 `cbor:"13,keyasint,omitempty" json:"proposal,omitempty"`
}

// FieldSpec declares a case field.
type FieldSpec struct {
	Name     string `cbor:"1,keyasint" json:"name"`
	Type     string `cbor:"2,keyasint" json:"type"` // "number" | "string"
	Required bool   `cbor:"3,keyasint,omitempty" json:"required,omitempty"`
}

// Step is one node of the process graph.
type Step struct {
	ID     string `cbor:"1,keyasint" json:"id"`
	Kind   string `cbor:"2,keyasint" json:"kind"`
	NameZH string `cbor:"3,keyasint" json:"name_zh"`
	NameEN string `cbor:"4,keyasint" json:"name_en"`
	// Department and Roles act on task and notice steps.
	Department string   `cbor:"5,keyasint,omitempty" json:"department,omitempty"`
	Roles      []string `cbor:"6,keyasint,omitempty" json:"roles,omitempty"`
	// Branches are a parallel step's departments, all of which must act.
	Branches []Branch `cbor:"7,keyasint,omitempty" json:"branches,omitempty"`
	// Actions allowed here (see actionsByKind).
	Actions []string `cbor:"8,keyasint,omitempty" json:"actions,omitempty"`
	// RequiredAttachments must be on the case (given now or earlier) before
	// an action passes the step; on a parallel step, before each branch
	// approves.
	RequiredAttachments []string `cbor:"9,keyasint,omitempty" json:"required_attachments,omitempty"`
	TimeLimitDays       int      `cbor:"10,keyasint,omitempty" json:"time_limit_days,omitempty"`
	DurationDays        int      `cbor:"11,keyasint,omitempty" json:"duration_days,omitempty"` // notice period
	Next                Next     `cbor:"12,keyasint" json:"next,omitzero"`
	Outcome             string   `cbor:"13,keyasint,omitempty" json:"outcome,omitempty"` // end steps
}

// Branch is one department's part of a parallel step.
type Branch struct {
	Department          string   `cbor:"1,keyasint" json:"department"`
	Roles               []string `cbor:"2,keyasint" json:"roles"`
	RequiredAttachments []string `cbor:"3,keyasint,omitempty" json:"required_attachments,omitempty"`
}

// Next says where each outcome of a step leads.
type Next struct {
	Pass   *Target `cbor:"1,keyasint,omitempty" json:"pass,omitempty"`
	Reject *Target `cbor:"2,keyasint,omitempty" json:"reject,omitempty"`
	Return *Target `cbor:"3,keyasint,omitempty" json:"return,omitempty"`
}

func (n *Next) target(outcome string) *Target {
	switch outcome {
	case OutPass:
		return n.Pass
	case OutReject:
		return n.Reject
	case OutReturn:
		return n.Return
	}
	return nil
}

// Target is a step id, or a condition choosing between two targets. In
// JSON it is either "step_id" or {"if": {...}, "then": …, "else": …}.
type Target struct {
	Step string     `cbor:"1,keyasint,omitempty"`
	If   *Condition `cbor:"2,keyasint,omitempty"`
	Then *Target    `cbor:"3,keyasint,omitempty"`
	Else *Target    `cbor:"4,keyasint,omitempty"`
}

// Condition compares a case field with a constant.
type Condition struct {
	Field string `cbor:"1,keyasint" json:"field"`
	Op    string `cbor:"2,keyasint" json:"op"` // > >= < <= == !=  (strings: == !=)
	Value Value  `cbor:"3,keyasint" json:"value"`
}

type targetJSON struct {
	If   *Condition `json:"if"`
	Then *Target    `json:"then"`
	Else *Target    `json:"else"`
}

// JSONObjectShape tells the payload decoder's strict scan that a
// conditional target's keys are targetJSON's (module.JSONObjectShape).
func (Target) JSONObjectShape() any { return targetJSON{} }

// MarshalJSON writes the short form for a plain step.
func (t Target) MarshalJSON() ([]byte, error) {
	if t.If == nil {
		return json.Marshal(t.Step)
	}
	return json.Marshal(targetJSON{If: t.If, Then: t.Then, Else: t.Else})
}

// UnmarshalJSON reads either form, refusing unknown keys as the payload
// decoder does for everything else.
func (t *Target) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '"' {
		*t = Target{}
		return json.Unmarshal(b, &t.Step)
	}
	var tj targetJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&tj); err != nil {
		return fmt.Errorf("a target is a step id or {\"if\",\"then\",\"else\"}: %v", err)
	}
	if tj.If == nil || tj.Then == nil || tj.Else == nil {
		return fmt.Errorf("a conditional target needs if, then and else")
	}
	*t = Target{If: tj.If, Then: tj.Then, Else: tj.Else}
	return nil
}

// Holds evaluates the condition on case fields. A missing field or a type
// mismatch is false; validation makes both impossible for published
// definitions (conditions may only name required fields of the right type).
func (c *Condition) Holds(fields map[string]Value) bool {
	v, ok := fields[c.Field]
	if !ok || v.IsNum != c.Value.IsNum {
		return false
	}
	if v.IsNum {
		a, b := v.Num, c.Value.Num
		switch c.Op {
		case ">":
			return a > b
		case ">=":
			return a >= b
		case "<":
			return a < b
		case "<=":
			return a <= b
		case "==":
			return a == b
		case "!=":
			return a != b
		}
		return false
	}
	switch c.Op {
	case "==":
		return v.Str == c.Value.Str
	case "!=":
		return v.Str != c.Value.Str
	}
	return false
}

// Resolve follows conditions to a step id.
func (t *Target) Resolve(fields map[string]Value) string {
	for depth := 0; t != nil && depth <= maxConditionDepth; depth++ {
		if t.If == nil {
			return t.Step
		}
		if t.If.Holds(fields) {
			t = t.Then
		} else {
			t = t.Else
		}
	}
	return ""
}

// leaves lists every step a target can lead to, in both arms of every
// condition; the validator follows all of them.
func (t *Target) leaves(out []string) []string {
	if t == nil {
		return out
	}
	if t.If == nil {
		return append(out, t.Step)
	}
	return t.Else.leaves(t.Then.leaves(out))
}

// Step finds a step by id.
func (d *Definition) Step(id string) *Step {
	for i := range d.Steps {
		if d.Steps[i].ID == id {
			return &d.Steps[i]
		}
	}
	return nil
}

// Field finds a field spec by name.
func (d *Definition) Field(name string) *FieldSpec {
	for i := range d.Fields {
		if d.Fields[i].Name == name {
			return &d.Fields[i]
		}
	}
	return nil
}

// Departments are every department named by any step, sorted: the ones a
// case's personal data key is wrapped for. Steps a case may never reach
// (the other arm of a condition) count too, because the route is not known
// when the case opens.
func (d *Definition) Departments() []string {
	set := map[string]bool{}
	for _, s := range d.Steps {
		if s.Department != "" {
			set[s.Department] = true
		}
		for _, b := range s.Branches {
			set[b.Department] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// branch finds a parallel step's branch for a department.
func (s *Step) branch(dept string) *Branch {
	for i := range s.Branches {
		if s.Branches[i].Department == dept {
			return &s.Branches[i]
		}
	}
	return nil
}

// ParseDefinition decodes a definition strictly (unknown fields refused).
// It does not validate; see ValidateDefinition.
func ParseDefinition(b []byte) (*Definition, error) {
	var d Definition
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDefinitionInvalid, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data after the definition", ErrDefinitionInvalid)
	}
	return &d, nil
}
