package workflow

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
)

// Problem codes: what a definition gets wrong. Stable strings; clients may
// match on them.
const (
	ProblemField             = "bad_field"          // a header or field spec value is malformed
	ProblemDuplicateStep     = "duplicate_step"     // two steps share an id
	ProblemUnknownStep       = "unknown_step"       // a transition names no step
	ProblemBadStart          = "bad_start"          // start missing or not a task step
	ProblemUnreachable       = "unreachable"        // no path from start
	ProblemDeadEnd           = "dead_end"           // no path to an end step
	ProblemCycle             = "cycle"              // passing every step would loop forever
	ProblemUnknownDepartment = "unknown_department" // not in identity state
	ProblemNoEncryptionKey   = "no_encryption_key"  // department cannot receive personal data
	ProblemUnknownRole       = "unknown_role"       // not a role that exists
	ProblemRoleNotAllowed    = "role_not_allowed"   // gateway/observer cannot act on steps
	ProblemTimeLimit         = "bad_time_limit"     // limit or notice duration out of range
	ProblemAction            = "bad_action"         // action unknown for the kind, or a needed one missing
	ProblemTransition        = "bad_transition"     // missing, superfluous or ill-placed transition
	ProblemCondition         = "bad_condition"      // condition on an undeclared/optional field, wrong op or type
	ProblemStepShape         = "bad_step"           // fields that do not belong to the step's kind
)

// Problem is one thing wrong with a definition.
type Problem struct {
	Step   string `json:"step,omitempty"` // "" for the definition header
	Code   string `json:"code"`
	Detail string `json:"detail"`
}

func (p Problem) String() string {
	if p.Step == "" {
		return p.Code + ": " + p.Detail
	}
	return fmt.Sprintf("step %q: %s: %s", p.Step, p.Code, p.Detail)
}

// DefinitionError lists every problem found, so an author fixes them in one
// round rather than one per rejected transaction.
type DefinitionError struct{ Problems []Problem }

func (e *DefinitionError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return ErrDefinitionInvalid.Desc + ": " + strings.Join(parts, "; ")
}

// Unwrap makes errors.Is(err, ErrDefinitionInvalid) and errcode.Of work.
func (e *DefinitionError) Unwrap() error { return ErrDefinitionInvalid }

// Has reports whether a problem with the code was found (at step, if given).
func (e *DefinitionError) Has(code, step string) bool {
	for _, p := range e.Problems {
		if p.Code == code && (step == "" || p.Step == step) {
			return true
		}
	}
	return false
}

// DepartmentLookup tells the validator whether a department exists and has
// an encryption key. Publishing reads identity state; tools may stub it.
type DepartmentLookup func(id string) (exists, hasKey bool)

// stepRoles are the roles that may act on a step. Gateways write on behalf
// of citizens and observers only read; neither decides a case.
var stepRoles = []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer, module.RoleApprover, module.RoleFinance, module.RoleAuditor}

// personalFieldNames are refused as case fields: case fields are public,
// and a field with such a name would invite putting personal data in clear.
var personalFieldNames = []string{"name", "applicant", "applicant_name", "id", "id_number", "id_card", "identity", "phone", "mobile", "tel", "telephone", "address", "email", "birth", "birthday"}

type validator struct {
	d     *Definition
	depts DepartmentLookup
	out   []Problem
}

func (v *validator) add(step, code, format string, args ...any) {
	v.out = append(v.out, Problem{Step: step, Code: code, Detail: fmt.Sprintf(format, args...)})
}

// ValidateDefinition checks a definition completely: header, fields, every
// step's shape, and the graph (every step reachable from start, an end
// reachable from every step, and no loop along "pass" transitions). It
// returns a *DefinitionError listing every problem, or nil.
func ValidateDefinition(d *Definition, depts DepartmentLookup) error {
	v := &validator{d: d, depts: depts}
	v.header()
	ids := v.steps()
	if !v.hasUnknownStep() { // a graph with dangling names would only add noise
		v.graph(ids)
	}
	if len(v.out) == 0 {
		return nil
	}
	return &DefinitionError{Problems: v.out}
}

func (v *validator) hasUnknownStep() bool {
	for _, p := range v.out {
		if p.Code == ProblemUnknownStep || p.Code == ProblemDuplicateStep || p.Code == ProblemBadStart {
			return true
		}
	}
	return false
}

func (v *validator) name(step, what, s string) {
	if s == "" || !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxNameRunes {
		v.add(step, ProblemField, "%s is required (at most %d characters)", what, maxNameRunes)
	}
}

func (v *validator) header() {
	d := v.d
	if !defIDPattern.MatchString(d.ID) {
		v.add("", ProblemField, "id %q must match %s", d.ID, defIDPattern)
	}
	if !prefixPattern.MatchString(d.Prefix) {
		v.add("", ProblemField, "prefix %q must match %s", d.Prefix, prefixPattern)
	}
	v.name("", "name_zh", d.NameZH)
	v.name("", "name_en", d.NameEN)
	if exists, _ := v.dept(d.Owner); !exists {
		v.add("", ProblemUnknownDepartment, "owner %q is not a department", d.Owner)
	}
	if len(d.Fields) > maxFields {
		v.add("", ProblemField, "at most %d fields", maxFields)
	}
	seen := map[string]bool{}
	for i, f := range d.Fields {
		switch {
		case !namePattern.MatchString(f.Name):
			v.add("", ProblemField, "fields[%d].name %q must match %s", i, f.Name, namePattern)
		case contains(personalFieldNames, f.Name):
			v.add("", ProblemField, "field %q looks like personal data; case fields are public, personal data goes in the encrypted part", f.Name)
		case seen[f.Name]:
			v.add("", ProblemField, "field %q declared twice", f.Name)
		}
		seen[f.Name] = true
		if f.Type != TypeNumber && f.Type != TypeString {
			v.add("", ProblemField, "field %q: type must be %q or %q", f.Name, TypeNumber, TypeString)
		}
	}
}

func (v *validator) dept(id string) (exists, hasKey bool) {
	if v.depts == nil || id == "" {
		return false, false
	}
	return v.depts(id)
}

// steps checks each step on its own and returns the set of ids.
func (v *validator) steps() map[string]*Step {
	d := v.d
	ids := map[string]*Step{}
	if len(d.Steps) == 0 || len(d.Steps) > maxSteps {
		v.add("", ProblemField, "a definition has 1 to %d steps, not %d", maxSteps, len(d.Steps))
	}
	for i := range d.Steps {
		s := &d.Steps[i]
		if !stepIDPattern.MatchString(s.ID) {
			v.add(s.ID, ProblemField, "steps[%d].id %q must match %s", i, s.ID, stepIDPattern)
		}
		if ids[s.ID] != nil {
			v.add(s.ID, ProblemDuplicateStep, "id used by more than one step")
			continue
		}
		ids[s.ID] = s
	}
	for i := range d.Steps {
		v.step(&d.Steps[i], ids)
	}
	switch st := ids[d.Start]; {
	case st == nil:
		v.add("", ProblemBadStart, "start %q is not a step", d.Start)
	case st.Kind != KindTask:
		v.add("", ProblemBadStart, "start %q is a %s step; a case starts at a task step (its department receives the application)", d.Start, st.Kind)
	}
	return ids
}

func (v *validator) roles(step string, roles []string) {
	if len(roles) == 0 {
		v.add(step, ProblemUnknownRole, "at least one role is required")
	}
	for _, r := range roles {
		switch {
		case !module.ValidRole(r):
			v.add(step, ProblemUnknownRole, "role %q does not exist (known: %v)", r, module.Roles())
		case !contains(stepRoles, r):
			v.add(step, ProblemRoleNotAllowed, "role %q cannot act on a step (allowed: %v)", r, stepRoles)
		}
	}
}

func (v *validator) department(step, id string) {
	exists, hasKey := v.dept(id)
	switch {
	case id == "":
		v.add(step, ProblemUnknownDepartment, "department is required")
	case !exists:
		v.add(step, ProblemUnknownDepartment, "department %q does not exist", id)
	case !hasKey:
		v.add(step, ProblemNoEncryptionKey, "department %q has no encryption key, so it could not read the applicant's data", id)
	}
}

func (v *validator) attachments(step string, kinds []string) {
	if len(kinds) > maxAttachments {
		v.add(step, ProblemField, "at most %d required attachments", maxAttachments)
	}
	seen := map[string]bool{}
	for _, k := range kinds {
		if !namePattern.MatchString(k) || seen[k] {
			v.add(step, ProblemField, "required attachment %q must match %s and appear once", k, namePattern)
		}
		seen[k] = true
	}
}

func (v *validator) step(s *Step, ids map[string]*Step) {
	v.name(s.ID, "name_zh", s.NameZH)
	v.name(s.ID, "name_en", s.NameEN)
	if s.Kind == KindEnd {
		if s.Department != "" || len(s.Roles) > 0 || len(s.Branches) > 0 || len(s.Actions) > 0 || len(s.RequiredAttachments) > 0 ||
			s.TimeLimitDays != 0 || s.DurationDays != 0 || s.Next != (Next{}) {
			v.add(s.ID, ProblemStepShape, "an end step has only id, kind, names and outcome")
		}
		if s.Outcome != OutcomeApproved && s.Outcome != OutcomeRejected && s.Outcome != OutcomeWithdrawn {
			v.add(s.ID, ProblemStepShape, "outcome %q must be %s, %s or %s", s.Outcome, OutcomeApproved, OutcomeRejected, OutcomeWithdrawn)
		}
		return
	}
	allowed, ok := actionsByKind[s.Kind]
	if !ok {
		v.add(s.ID, ProblemStepShape, "kind %q must be task, parallel, notice or end", s.Kind)
		return
	}
	if s.Outcome != "" {
		v.add(s.ID, ProblemStepShape, "only end steps have an outcome")
	}
	v.attachments(s.ID, s.RequiredAttachments)
	switch s.Kind {
	case KindParallel:
		if s.Department != "" || len(s.Roles) > 0 {
			v.add(s.ID, ProblemStepShape, "a parallel step names its departments in branches, not department/roles")
		}
		if len(s.Branches) < 2 || len(s.Branches) > maxBranches {
			v.add(s.ID, ProblemStepShape, "a parallel step has 2 to %d branches", maxBranches)
		}
		seen := map[string]bool{}
		for _, b := range s.Branches {
			v.department(s.ID, b.Department)
			if seen[b.Department] {
				v.add(s.ID, ProblemStepShape, "department %q has two branches", b.Department)
			}
			seen[b.Department] = true
			v.roles(s.ID, b.Roles)
			v.attachments(s.ID, b.RequiredAttachments)
		}
	default:
		if len(s.Branches) > 0 {
			v.add(s.ID, ProblemStepShape, "only parallel steps have branches")
		}
		v.department(s.ID, s.Department)
		v.roles(s.ID, s.Roles)
	}
	if s.TimeLimitDays < 1 || s.TimeLimitDays > maxLimitDays {
		v.add(s.ID, ProblemTimeLimit, "time_limit_days must be 1 to %d, not %d", maxLimitDays, s.TimeLimitDays)
	}
	if s.Kind == KindNotice {
		switch {
		case s.DurationDays < 1 || s.DurationDays > maxNoticeDays:
			v.add(s.ID, ProblemTimeLimit, "duration_days of a notice must be 1 to %d, not %d", maxNoticeDays, s.DurationDays)
		case s.TimeLimitDays < s.DurationDays:
			v.add(s.ID, ProblemTimeLimit, "time_limit_days (%d) cannot be shorter than the notice period (%d days)", s.TimeLimitDays, s.DurationDays)
		}
	} else if s.DurationDays != 0 {
		v.add(s.ID, ProblemStepShape, "only notice steps have duration_days")
	}
	outcomes := map[string]bool{}
	seen := map[string]bool{}
	for _, a := range s.Actions {
		if !contains(allowed, a) {
			v.add(s.ID, ProblemAction, "action %q is not possible at a %s step (possible: %v)", a, s.Kind, allowed)
			continue
		}
		if seen[a] {
			v.add(s.ID, ProblemAction, "action %q listed twice", a)
		}
		seen[a] = true
		if o := outcomeOf(a); o != "" {
			outcomes[o] = true
		}
	}
	switch {
	case s.Kind == KindParallel && !seen[ActApprove]:
		v.add(s.ID, ProblemAction, "a parallel step must allow approve, which completes a branch")
	case s.Kind == KindNotice && !seen[ActComplete]:
		v.add(s.ID, ProblemAction, "a notice step must allow complete, which closes the notice")
	}
	for _, o := range []string{OutPass, OutReject, OutReturn} {
		t := s.Next.target(o)
		switch {
		case outcomes[o] && t == nil:
			v.add(s.ID, ProblemTransition, "next.%s is required: an allowed action leads there", o)
		case !outcomes[o] && t != nil:
			v.add(s.ID, ProblemTransition, "next.%s is given but no allowed action leads there", o)
		case t != nil:
			v.target(s.ID, o, t, ids, 0)
		}
	}
}

func (v *validator) target(step, outcome string, t *Target, ids map[string]*Step, depth int) {
	if depth > maxConditionDepth {
		v.add(step, ProblemCondition, "conditions nest deeper than %d", maxConditionDepth)
		return
	}
	if t.If == nil {
		dst := ids[t.Step]
		switch {
		case dst == nil:
			v.add(step, ProblemUnknownStep, "next.%s names %q, which is not a step", outcome, t.Step)
		case outcome == OutReturn && dst.Kind != KindTask:
			v.add(step, ProblemTransition, "next.return leads to %q, a %s step; a returned case waits for materials at a task step", t.Step, dst.Kind)
		}
		return
	}
	if t.Then == nil || t.Else == nil {
		v.add(step, ProblemCondition, "a condition needs then and else")
		return
	}
	c := t.If
	f := v.d.Field(c.Field)
	switch {
	case f == nil:
		v.add(step, ProblemCondition, "condition on %q, which is not a declared field", c.Field)
	case !f.Required:
		v.add(step, ProblemCondition, "condition on optional field %q; conditions may only use required fields", c.Field)
	case f.Type != c.Value.Type():
		v.add(step, ProblemCondition, "field %q is a %s, compared with a %s", c.Field, f.Type, c.Value.Type())
	case f.Type == TypeNumber && !contains([]string{">", ">=", "<", "<=", "==", "!="}, c.Op):
		v.add(step, ProblemCondition, "op %q must be one of > >= < <= == !=", c.Op)
	case f.Type == TypeString && c.Op != "==" && c.Op != "!=":
		v.add(step, ProblemCondition, "op %q on text field %q must be == or !=", c.Op, c.Field)
	}
	v.target(step, outcome, t.Then, ids, depth+1)
	v.target(step, outcome, t.Else, ids, depth+1)
}

// graph checks the process as a whole. Returns for materials may loop back
// (that is what they are for) as long as an end stays reachable; passing
// every step, though, must make progress, or a case could circle forever
// with every department approving.
func (v *validator) graph(ids map[string]*Step) {
	d := v.d
	all := map[string][]string{}  // every transition
	pass := map[string][]string{} // pass transitions only
	for _, s := range d.Steps {
		for _, o := range []string{OutPass, OutReject, OutReturn} {
			for _, l := range s.Next.target(o).leaves(nil) {
				if ids[l] == nil {
					continue
				}
				all[s.ID] = append(all[s.ID], l)
				if o == OutPass {
					pass[s.ID] = append(pass[s.ID], l)
				}
			}
		}
	}
	// Reachable from start.
	seen := map[string]bool{}
	if ids[d.Start] != nil {
		stack := []string{d.Start}
		seen[d.Start] = true
		for len(stack) > 0 {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, m := range all[n] {
				if !seen[m] {
					seen[m] = true
					stack = append(stack, m)
				}
			}
		}
	}
	// Can reach an end: walk the reversed graph from every end step.
	rev := map[string][]string{}
	for from, tos := range all {
		for _, to := range tos {
			rev[to] = append(rev[to], from)
		}
	}
	ends := map[string]bool{}
	var stack []string
	for _, s := range d.Steps {
		if s.Kind == KindEnd && !ends[s.ID] {
			ends[s.ID] = true
			stack = append(stack, s.ID)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, m := range rev[n] {
			if !ends[m] {
				ends[m] = true
				stack = append(stack, m)
			}
		}
	}
	hasEnd := false
	for _, s := range d.Steps {
		hasEnd = hasEnd || s.Kind == KindEnd
	}
	if !hasEnd {
		v.add("", ProblemDeadEnd, "no end step: no case could ever close")
	}
	for _, s := range d.Steps {
		if !seen[s.ID] {
			v.add(s.ID, ProblemUnreachable, "no path from start %q leads here", d.Start)
		}
		if hasEnd && !ends[s.ID] {
			if len(all[s.ID]) == 0 {
				v.add(s.ID, ProblemDeadEnd, "no transition leaves this step and it is not an end step")
			} else {
				v.add(s.ID, ProblemDeadEnd, "no path from here reaches an end step")
			}
		}
	}
	if c := findCycle(d.Steps, pass); c != nil {
		v.add(c[0], ProblemCycle, "passing every step loops: %s", strings.Join(c, " → "))
	}
}

// findCycle returns one cycle of the graph (first node repeated at the end)
// or nil, visiting in step order so the report is deterministic.
func findCycle(steps []Step, edges map[string][]string) []string {
	const (
		white = iota
		grey
		black
	)
	color := map[string]int{}
	var path []string
	var found []string
	var visit func(n string) bool
	visit = func(n string) bool {
		color[n] = grey
		path = append(path, n)
		next := append([]string(nil), edges[n]...)
		sort.Strings(next)
		for _, m := range next {
			switch color[m] {
			case grey:
				for i, p := range path {
					if p == m {
						found = append(append([]string(nil), path[i:]...), m)
						return true
					}
				}
			case white:
				if visit(m) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		color[n] = black
		return false
	}
	for _, s := range steps {
		if color[s.ID] == white && visit(s.ID) {
			return found
		}
	}
	return nil
}
