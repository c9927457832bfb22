package workflow

import (
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Workflow eligibility, in one place: the engine's act handler and the
// staff console both ask Allowed, so the console never offers a button the
// chain would refuse, nor hides one it would accept. Pure: it reads the
// definition, the case, the signer and the time it is given, nothing else.

// Allowance is what a signer may do on a case's current step at a time.
type Allowance struct {
	Step   *Step
	Branch *Branch // the signer's branch, for a parallel step
	Visit  *Visit  // the signer's department's open visit (its clock)
	Role   string  // the role that entitles the signer
	// Actions are the step's workflow.act actions the signer may take now,
	// in the step's order.
	Actions []string
	// Held are the step's actions the signer is responsible for but may
	// not take yet, each with its typed reason (ErrObjectionsUnanswered,
	// ErrNoticeNotElapsed).
	Held []HeldAction
	// Required are the attachment kinds a passing action needs (the step's,
	// then the branch's); the caller compares them with what the case has.
	Required []string
}

// HeldAction is an action held back for now, and why.
type HeldAction struct {
	Action string
	Err    error
}

// Allowed says what signer s may do on c at time now, or why nothing: the
// error wraps ErrCaseClosed, ErrAwaitingMaterials, ErrWrongDepartment,
// ErrWrongRole, ErrBranchDone, ErrWrongStep (no open work for the
// department) or ErrDefinitionInvalid. The checks run in the order the
// engine has always refused in, so the codes in tx results do not change.
func Allowed(d *Definition, c *Case, s module.Signer, now time.Time) (*Allowance, error) {
	if c.Status == StatusClosed {
		return nil, fmt.Errorf("%w: %s closed %s (%s)", ErrCaseClosed, c.Number, c.ClosedAt.Format(time.RFC3339), c.Outcome)
	}
	if c.AwaitingMaterials {
		return nil, fmt.Errorf("%w: %s was returned to step %q; it moves again when materials are supplemented", ErrAwaitingMaterials, c.Number, c.Current)
	}
	st := d.Step(c.Current)
	if st == nil {
		// Validation makes this impossible; refuse rather than panic.
		return nil, fmt.Errorf("%w: %s v%d has no step %q", ErrDefinitionInvalid, d.ID, d.Version, c.Current)
	}
	visit, branch, role, err := responsible(c, st, s)
	if err != nil {
		return nil, err
	}
	a := &Allowance{Step: st, Branch: branch, Visit: visit, Role: role}
	a.Required = append(a.Required, st.RequiredAttachments...)
	if branch != nil {
		a.Required = append(a.Required, branch.RequiredAttachments...)
	}
	for _, act := range st.Actions {
		if err := held(st, c, act, now); err != nil {
			a.Held = append(a.Held, HeldAction{Action: act, Err: err})
			continue
		}
		a.Actions = append(a.Actions, act)
	}
	return a, nil
}

// Check is nil if the allowance covers action now; otherwise it wraps
// ErrActionNotAllowed (not an action of the step) or the reason the action
// is held.
func (a *Allowance) Check(action string) error {
	if contains(a.Actions, action) {
		return nil
	}
	for _, h := range a.Held {
		if h.Action == action {
			return h.Err
		}
	}
	return fmt.Errorf("%w: %q at step %q (allowed: %v)", ErrActionNotAllowed, action, a.Step.ID, a.Step.Actions)
}

// held is why an action of a notice step must wait: an action that moves
// the case waits for every objection to be answered, and complete also
// waits for the notice period to end. Opinions never wait.
func held(st *Step, c *Case, action string, now time.Time) error {
	if st.Kind != KindNotice || outcomeOf(action) == "" {
		return nil
	}
	if n := c.UnansweredObjections(); n > 0 {
		return fmt.Errorf("%w: %d objection(s) to %s must be answered before it moves on", ErrObjectionsUnanswered, n, c.Number)
	}
	if action == ActComplete && now.Before(c.NoticeEnds) {
		return fmt.Errorf("%w: the notice of %s runs until %s", ErrNoticeNotElapsed, c.Number, c.NoticeEnds.Format(time.RFC3339))
	}
	return nil
}
