package workflow

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// This file is the state machine. Its functions change a Case in memory
// and read nothing else: no store, no clock, no map iteration that could
// order anything. The handlers load, call one of these, and save; a
// refusal returns before the first change, and even where it does not, the
// handler discards the record, so a refused action never leaves a trace.

// actor is who acts, and when, as the engine sees it.
type actor struct {
	Signer module.Signer
	Now    time.Time // block time, truncated to the second
	Height int64
	TxHash []byte
}

func (a actor) entry(c *Case, step, action, role string) Entry {
	return Entry{Seq: len(c.History), Step: step, Action: action, Actor: a.Signer.Address, Department: a.Signer.Department,
		Role: role, At: a.Now, Height: a.Height, TxHash: HexBytes(a.TxHash)}
}

// matchRole is the first role (in the step's order) the signer holds.
func matchRole(s module.Signer, roles []string) string {
	for _, r := range roles {
		if s.HasRole(r) {
			return r
		}
	}
	return ""
}

// responsible finds what the signer may act on at the current step: the
// visit (their department's clock), the branch for parallel steps, and
// the role that entitles them.
func responsible(c *Case, st *Step, s module.Signer) (*Visit, *Branch, string, error) {
	if st.Kind == KindParallel {
		b := st.branch(s.Department)
		if b == nil {
			var ds []string
			for _, x := range st.Branches {
				ds = append(ds, x.Department)
			}
			return nil, nil, "", fmt.Errorf("%w: step %q is for %s; signer is in %q", ErrWrongDepartment, st.ID, strings.Join(ds, ", "), s.Department)
		}
		role := matchRole(s, b.Roles)
		if role == "" {
			return nil, nil, "", fmt.Errorf("%w: %s's part of step %q needs one of %v; signer has %v", ErrWrongRole, b.Department, st.ID, b.Roles, s.Roles)
		}
		v := c.openVisit(s.Department)
		if v == nil {
			done := c.lastVisit(s.Department)
			res := ""
			if done != nil {
				res = done.Result
			}
			return nil, nil, "", fmt.Errorf("%w: %s already completed step %q (%s)", ErrBranchDone, s.Department, st.ID, res)
		}
		return v, b, role, nil
	}
	if s.Department != st.Department {
		return nil, nil, "", fmt.Errorf("%w: step %q is for %q; signer is in %q", ErrWrongDepartment, st.ID, st.Department, s.Department)
	}
	role := matchRole(s, st.Roles)
	if role == "" {
		return nil, nil, "", fmt.Errorf("%w: step %q needs one of %v; signer has %v", ErrWrongRole, st.ID, st.Roles, s.Roles)
	}
	v := c.openVisit(s.Department)
	if v == nil {
		return nil, nil, "", fmt.Errorf("%w: no open work for %q at step %q", ErrWrongStep, s.Department, st.ID)
	}
	return v, nil, role, nil
}

// enter puts the case at step st and starts the clocks of its departments.
func enter(c *Case, st *Step, now time.Time) {
	c.Current, c.AwaitingMaterials, c.NoticeEnds = st.ID, false, time.Time{}
	switch st.Kind {
	case KindEnd:
		c.Status, c.Outcome, c.ClosedAt = StatusClosed, st.Outcome, now
	case KindParallel:
		for _, b := range st.Branches {
			c.Visits = append(c.Visits, Visit{Step: st.ID, Kind: st.Kind, Department: b.Department, EnteredAt: now, Deadline: now.Add(days(st.TimeLimitDays))})
		}
	default:
		limit := st.TimeLimitDays
		if st.Kind == KindNotice {
			// A case's own notice length moves the step's deadline with it:
			// the time the step allows after the notice stays the same.
			n := c.noticeDays(st)
			limit += n - st.DurationDays
			c.NoticeEnds = now.Add(days(n))
		}
		c.Visits = append(c.Visits, Visit{Step: st.ID, Kind: st.Kind, Department: st.Department, EnteredAt: now, Deadline: now.Add(days(limit))})
	}
}

// move leaves st by outcome: remaining visits are abandoned, the
// transition's conditions are evaluated on the case fields, and the case
// enters the target (or waits there for materials, after a return).
func move(d *Definition, c *Case, st *Step, outcome string, now time.Time) error {
	t := st.Next.target(outcome)
	dst := d.Step(t.Resolve(c.Fields))
	if t == nil || dst == nil {
		// Validation makes this impossible; refuse rather than corrupt.
		return fmt.Errorf("%w: %s v%d: step %q has no usable next.%s", ErrDefinitionInvalid, d.ID, d.Version, st.ID, outcome)
	}
	for _, v := range c.OpenVisits() {
		v.CompletedAt, v.Result, v.Late = now, ResultAbandoned, now.After(v.Deadline)
	}
	if outcome == OutReturn {
		c.Current, c.AwaitingMaterials, c.NoticeEnds = dst.ID, true, time.Time{}
		return nil
	}
	enter(c, dst, now)
	return nil
}

// openCase builds a new case at the definition's start step; the caller
// numbers it once every check has passed, so a refusal uses up no number.
func openCase(d *Definition, req *OpenCaseRequest, a actor) (*Case, error) {
	start := d.Step(d.Start)
	role := ""
	switch {
	case a.Signer.HasRole(module.RoleGateway):
		role = module.RoleGateway // online applications come through a gateway
	case a.Signer.Department != start.Department:
		return nil, fmt.Errorf("%w: cases of %s are opened by %q (step %q) or a gateway; signer is in %q",
			ErrWrongDepartment, d.ID, start.Department, start.ID, a.Signer.Department)
	case a.Signer.HasRole(module.RoleClerk):
		role = module.RoleClerk
	default:
		return nil, fmt.Errorf("%w: opening a case needs a clerk of %q or a gateway; signer has %v", ErrWrongRole, start.Department, a.Signer.Roles)
	}
	fields, err := checkFields(d, req.Fields)
	if err != nil {
		return nil, err
	}
	depts := d.Departments()
	if err := checkWrappedKeys(depts, req.PersonalData.WrappedKeys); err != nil {
		return nil, err
	}
	c := &Case{Definition: d.ID, Version: d.Version, Owner: d.Owner, Origin: req.Origin, Ref: req.Ref, NoticeDays: req.NoticeDays,
		Fields: fields, AccessCodeHash: req.AccessCodeHash, RatingTokenHash: req.RatingTokenHash, Departments: depts, Status: StatusOpen,
		Participant: req.Participant, OpenedAt: a.Now, OpenedBy: a.Signer.Address, OpenedDept: a.Signer.Department}
	e := a.entry(c, start.ID, ActOpen, role)
	e.Attachments = req.Attachments
	c.History = append(c.History, e)
	enter(c, start, a.Now)
	return c, nil
}

// checkFields checks case fields against the definition's declarations.
func checkFields(d *Definition, in map[string]Value) (map[string]Value, error) {
	var problems []string
	for _, f := range d.Fields {
		v, ok := in[f.Name]
		switch {
		case !ok && f.Required:
			problems = append(problems, fmt.Sprintf("%s is required", f.Name))
		case ok && v.Type() != f.Type:
			problems = append(problems, fmt.Sprintf("%s must be a %s", f.Name, f.Type))
		}
	}
	for name := range in {
		if d.Field(name) == nil {
			problems = append(problems, fmt.Sprintf("%s is not a field of %s", name, d.ID))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems) // map order must not reach the error text: it is in the tx result
		return nil, fmt.Errorf("%w: %s", ErrInvalidField, strings.Join(problems, "; "))
	}
	if len(in) == 0 {
		return nil, nil
	}
	return in, nil
}

// checkWrappedKeys demands a wrapped key for exactly the departments on the
// process: a missing one could not read the applicant's data; an extra one
// would let a department outside the process read it.
func checkWrappedKeys(depts []string, keys map[string]HexBytes) error {
	var missing, extra []string
	for _, d := range depts {
		if len(keys[d]) == 0 {
			missing = append(missing, d)
		}
	}
	for d := range keys {
		if !contains(depts, d) {
			extra = append(extra, d)
		}
	}
	sort.Strings(extra)
	switch {
	case len(missing) > 0:
		return fmt.Errorf("%w: no wrapped key for %s (the process involves %s)", ErrPersonalDataKeys, strings.Join(missing, ", "), strings.Join(depts, ", "))
	case len(extra) > 0:
		return fmt.Errorf("%w: %s not on the process and must not receive a key", ErrPersonalDataKeys, strings.Join(extra, ", "))
	}
	return nil
}

// act applies a workflow.act action. Who may act, and when, is Allowed's
// to say; act adds only what depends on the payload (the step it was
// prepared against, its attachments).
func act(d *Definition, c *Case, p *ActRequest, a actor) error {
	if c.Status != StatusClosed && p.Step != c.Current {
		return fmt.Errorf("%w: %s is at step %q, not %q", ErrWrongStep, c.Number, c.Current, p.Step)
	}
	al, err := Allowed(d, c, a.Signer, a.Now)
	if err != nil {
		return err
	}
	st, visit, role := al.Step, al.Visit, al.Role
	// A missing attachment has always been reported before a held notice
	// action, so the attachment check sits between the two refusals.
	checkErr := al.Check(p.Action)
	if errors.Is(checkErr, ErrActionNotAllowed) {
		return checkErr
	}
	outcome := outcomeOf(p.Action)
	if outcome == OutPass {
		have := c.AttachmentKinds()
		for _, at := range p.Attachments {
			have[at.Kind] = true
		}
		var missing []string
		for _, k := range al.Required {
			if !have[k] {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			return fmt.Errorf("%w: %s at step %q needs %s", ErrMissingAttachment, p.Action, st.ID, strings.Join(missing, ", "))
		}
	}
	if checkErr != nil {
		return checkErr
	}
	e := a.entry(c, st.ID, p.Action, role)
	e.Opinion, e.Attachments, e.Late = p.Opinion, p.Attachments, a.Now.After(visit.Deadline)
	c.History = append(c.History, e)
	if outcome == "" {
		return nil // an opinion: recorded, nothing moves
	}
	visit.CompletedAt, visit.Result, visit.Late = a.Now, p.Action, a.Now.After(visit.Deadline)
	if st.Kind == KindParallel && outcome != OutReturn {
		if len(c.OpenVisits()) > 0 {
			return nil // 会签: wait for the other departments
		}
		// Every branch has acted; any one refusing sends the step down
		// its reject transition.
		outcome = OutPass
		for _, v := range c.Visits[len(c.Visits)-len(st.Branches):] {
			if v.Result == ActReject {
				outcome = OutReject
			}
		}
	}
	return move(d, c, st, outcome, a.Now)
}

// supplement records the applicant's materials for a returned case and
// restarts the step's clock.
func supplement(d *Definition, c *Case, p *SupplementRequest, a actor) error {
	if c.Status == StatusClosed {
		return fmt.Errorf("%w: %s (%s)", ErrCaseClosed, c.Number, c.Outcome)
	}
	if !c.AwaitingMaterials {
		return fmt.Errorf("%w: %s is at step %q", ErrNotAwaitingMaterials, c.Number, c.Current)
	}
	st := d.Step(c.Current)
	role := ""
	switch {
	case a.Signer.HasRole(module.RoleGateway):
		role = module.RoleGateway
	case a.Signer.Department != st.Department:
		return fmt.Errorf("%w: materials for step %q go to %q or a gateway; signer is in %q", ErrWrongDepartment, st.ID, st.Department, a.Signer.Department)
	default:
		if role = matchRole(a.Signer, append([]string{module.RoleClerk}, st.Roles...)); role == "" {
			return fmt.Errorf("%w: receiving materials needs clerk or one of %v", ErrWrongRole, st.Roles)
		}
	}
	e := a.entry(c, st.ID, ActSupplement, role)
	e.Opinion, e.Attachments = p.Note, p.Attachments
	c.History = append(c.History, e)
	enter(c, st, a.Now)
	return nil
}

// fileObjection records an objection during a public notice.
func fileObjection(d *Definition, c *Case, p *FileObjectionRequest, a actor) (int, error) {
	if c.Status == StatusClosed {
		return 0, fmt.Errorf("%w: %s (%s)", ErrCaseClosed, c.Number, c.Outcome)
	}
	st := d.Step(c.Current)
	if st.Kind != KindNotice {
		return 0, fmt.Errorf("%w: %s is at step %q", ErrNotInNotice, c.Number, c.Current)
	}
	if !a.Now.Before(c.NoticeEnds) {
		return 0, fmt.Errorf("%w: the notice of %s ended %s", ErrNotInNotice, c.Number, c.NoticeEnds.Format(time.RFC3339))
	}
	id := len(c.Objections) + 1
	c.Objections = append(c.Objections, Objection{ID: id, Step: st.ID, Text: p.Text, FiledAt: a.Now, FiledBy: a.Signer.Address, FiledDept: a.Signer.Department})
	e := a.entry(c, st.ID, ActFileObjection, matchRole(a.Signer, []string{module.RoleGateway, module.RoleClerk}))
	e.Objection = id
	c.History = append(c.History, e)
	return id, nil
}

// answerObjection records the notice department's answer.
func answerObjection(d *Definition, c *Case, p *AnswerObjectionRequest, a actor) error {
	if c.Status == StatusClosed {
		return fmt.Errorf("%w: %s (%s)", ErrCaseClosed, c.Number, c.Outcome)
	}
	if p.Objection < 1 || p.Objection > len(c.Objections) {
		return fmt.Errorf("%w: %s has no objection %d", ErrObjectionNotFound, c.Number, p.Objection)
	}
	o := &c.Objections[p.Objection-1]
	if o.Answered() {
		return fmt.Errorf("%w: objection %d to %s was answered %s", ErrObjectionAnswered, o.ID, c.Number, o.AnsweredAt.Format(time.RFC3339))
	}
	st := d.Step(c.Current)
	if st.ID != o.Step || st.Kind != KindNotice {
		return fmt.Errorf("%w: %s is at step %q", ErrNotInNotice, c.Number, c.Current)
	}
	visit, _, role, err := responsible(c, st, a.Signer)
	if err != nil {
		return err
	}
	o.Answer, o.Outcome, o.AnsweredAt, o.AnsweredBy, o.AnsweredDept = p.Answer, p.Outcome, a.Now, a.Signer.Address, a.Signer.Department
	e := a.entry(c, st.ID, ActAnswerObjection, role)
	e.Objection, e.Attachments, e.Late = o.ID, p.Attachments, a.Now.After(visit.Deadline)
	c.History = append(c.History, e)
	return nil
}
