package workflow

import (
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Case is one application going through a process. The record is public
// state: it holds no personal data (that is stored encrypted under its own
// key, see SealedPersonalData).
type Case struct {
	Number     string `cbor:"1,keyasint" json:"number"`
	Definition string `cbor:"2,keyasint" json:"definition"`
	Version    uint32 `cbor:"3,keyasint" json:"version"`
	Owner      string `cbor:"4,keyasint" json:"owner"`
	// Origin is the module that opened the case through OpenCase ("" for
	// workflow.open_case) and Ref that module's own reference; the origin's
	// OutcomeHook runs when the case closes.
	Origin string           `cbor:"5,keyasint,omitempty" json:"origin,omitempty"`
	Ref    string           `cbor:"6,keyasint,omitempty" json:"ref,omitempty"`
	Fields map[string]Value `cbor:"7,keyasint,omitempty" json:"fields,omitempty"`
	// AccessCodeHash is Hash(domain || code); the code itself went to the
	// applicant once and is never on chain.
	AccessCodeHash HexBytes `cbor:"8,keyasint" json:"access_code_hash"`
	// Departments hold a wrapped personal-data key: every department the
	// definition names.
	Departments []string `cbor:"9,keyasint" json:"departments"`

	Status  string `cbor:"10,keyasint" json:"status"`
	Current string `cbor:"11,keyasint" json:"current"`
	// AwaitingMaterials: the case was returned and waits at Current for the
	// applicant's materials; no department's clock runs meanwhile.
	AwaitingMaterials bool `cbor:"12,keyasint,omitempty" json:"awaiting_materials,omitempty"`
	// NoticeEnds is when the current public notice ends (zero outside one).
	NoticeEnds time.Time   `cbor:"13,keyasint,omitempty" json:"notice_ends,omitzero"`
	Visits     []Visit     `cbor:"14,keyasint" json:"visits"`
	Objections []Objection `cbor:"15,keyasint,omitempty" json:"objections,omitempty"`
	History    []Entry     `cbor:"16,keyasint" json:"history"`
	Outcome    string      `cbor:"17,keyasint,omitempty" json:"outcome,omitempty"`
	OpenedAt   time.Time   `cbor:"18,keyasint" json:"opened_at"`
	ClosedAt   time.Time   `cbor:"19,keyasint,omitempty" json:"closed_at,omitzero"`
	OpenedBy   string      `cbor:"20,keyasint" json:"opened_by"` // signer address
	OpenedDept string      `cbor:"21,keyasint" json:"opened_department"`
	// RatingTokenHash is RatingTokenHash(RatingToken(code)): a rating of
	// the case must carry the token (see ratingtoken.go).
	RatingTokenHash HexBytes `cbor:"22,keyasint,omitempty" json:"rating_token_hash,omitempty"`
	// NoticeDays, when set, is the length of this case's public notices in
	// days, in place of the definition's duration_days: the module that
	// opened the case read it from a governed parameter when the case
	// opened (land: land.objection_limit), and the case keeps it, as it
	// keeps its definition's version.
	NoticeDays int `cbor:"23,keyasint,omitempty" json:"notice_days,omitempty"`
	// Participant is the applicant's keyed participant hash, when the
	// filer gave one (OpenCaseRequest.Participant): the evaluation counts
	// the case's rating under it. Not in the JSON: counted, never shown.
	Participant module.Hash `cbor:"24,keyasint,omitempty" json:"-"`
}

// noticeDays is how long a notice at st lasts for this case.
func (c *Case) noticeDays(st *Step) int {
	if c.NoticeDays > 0 {
		return c.NoticeDays
	}
	return st.DurationDays
}

// Visit is one department's stay at one step: entering starts its clock,
// the department's completing action (or the case leaving) stops it. A
// parallel step makes one visit per branch.
type Visit struct {
	Step        string    `cbor:"1,keyasint" json:"step"`
	Kind        string    `cbor:"2,keyasint" json:"kind"`
	Department  string    `cbor:"3,keyasint" json:"department"`
	EnteredAt   time.Time `cbor:"4,keyasint" json:"entered_at"`
	Deadline    time.Time `cbor:"5,keyasint" json:"deadline"`
	CompletedAt time.Time `cbor:"6,keyasint,omitempty" json:"completed_at,omitzero"`
	Result      string    `cbor:"7,keyasint,omitempty" json:"result,omitempty"` // the action, or "abandoned"
	// Late: completed after the deadline (kept for statistics).
	Late bool `cbor:"8,keyasint,omitempty" json:"late,omitempty"`
}

// Open reports whether the visit's department still has to act.
func (v *Visit) Open() bool { return v.CompletedAt.IsZero() }

// Entry is one action in a case's history. History is append-only.
type Entry struct {
	Seq         int          `cbor:"1,keyasint" json:"seq"`
	Step        string       `cbor:"2,keyasint" json:"step"`
	Action      string       `cbor:"3,keyasint" json:"action"`
	Actor       string       `cbor:"4,keyasint" json:"actor"` // signer address
	Department  string       `cbor:"5,keyasint" json:"department"`
	Role        string       `cbor:"6,keyasint,omitempty" json:"role,omitempty"` // the role that entitled the actor
	At          time.Time    `cbor:"7,keyasint" json:"at"`
	Height      int64        `cbor:"8,keyasint" json:"height"`
	TxHash      HexBytes     `cbor:"9,keyasint,omitempty" json:"tx_hash,omitempty"`
	Opinion     string       `cbor:"10,keyasint,omitempty" json:"opinion,omitempty"`
	Attachments []Attachment `cbor:"11,keyasint,omitempty" json:"attachments,omitempty"`
	Objection   int          `cbor:"12,keyasint,omitempty" json:"objection,omitempty"`
	// Late: the action came after the actor's deadline at this step.
	Late bool `cbor:"13,keyasint,omitempty" json:"late,omitempty"`
}

// Objection is filed during a public notice; the text and its answer are
// public. The objector's identity stays with the gateway, off chain.
type Objection struct {
	ID           int       `cbor:"1,keyasint" json:"id"` // 1, 2, … within the case
	Step         string    `cbor:"2,keyasint" json:"step"`
	Text         string    `cbor:"3,keyasint" json:"text"`
	FiledAt      time.Time `cbor:"4,keyasint" json:"filed_at"`
	FiledBy      string    `cbor:"5,keyasint" json:"filed_by"` // gateway or clerk address
	FiledDept    string    `cbor:"6,keyasint" json:"filed_department"`
	Answer       string    `cbor:"7,keyasint,omitempty" json:"answer,omitempty"`
	AnsweredAt   time.Time `cbor:"8,keyasint,omitempty" json:"answered_at,omitzero"`
	AnsweredBy   string    `cbor:"9,keyasint,omitempty" json:"answered_by,omitempty"`
	AnsweredDept string    `cbor:"10,keyasint,omitempty" json:"answered_department,omitempty"`
	// Outcome is ObjectionUpheld or ObjectionDismissed once answered.
	Outcome string `cbor:"11,keyasint,omitempty" json:"outcome,omitempty"`
}

// Answered reports whether the objection has its answer.
func (o *Objection) Answered() bool { return !o.AnsweredAt.IsZero() }

// OpenVisits are the visits whose departments still have to act; they all
// belong to the current step.
func (c *Case) OpenVisits() []*Visit {
	var out []*Visit
	for i := range c.Visits {
		if c.Visits[i].Open() {
			out = append(out, &c.Visits[i])
		}
	}
	return out
}

// Overdue lists the open visits past their deadline at now (the latest
// block time, never the wall clock, so every node and the index agree).
func (c *Case) Overdue(now time.Time) []Visit {
	var out []Visit
	for _, v := range c.OpenVisits() {
		if now.After(v.Deadline) {
			out = append(out, *v)
		}
	}
	return out
}

// UnansweredObjections counts objections still waiting for an answer.
func (c *Case) UnansweredObjections() int {
	n := 0
	for i := range c.Objections {
		if !c.Objections[i].Answered() {
			n++
		}
	}
	return n
}

// UpheldObjections counts objections answered as upheld.
func (c *Case) UpheldObjections() int {
	n := 0
	for i := range c.Objections {
		if c.Objections[i].Outcome == ObjectionUpheld {
			n++
		}
	}
	return n
}

// AttachmentKinds are the document kinds given so far (at open, with
// supplements and with actions).
func (c *Case) AttachmentKinds() map[string]bool {
	out := map[string]bool{}
	for _, e := range c.History {
		for _, a := range e.Attachments {
			out[a.Kind] = true
		}
	}
	return out
}

// openVisit finds the current step's open visit of a department.
func (c *Case) openVisit(dept string) *Visit {
	for _, v := range c.OpenVisits() {
		if v.Step == c.Current && v.Department == dept {
			return v
		}
	}
	return nil
}

// lastVisit finds the department's most recent visit to the current step.
func (c *Case) lastVisit(dept string) *Visit {
	for i := len(c.Visits) - 1; i >= 0; i-- {
		if v := &c.Visits[i]; v.Step == c.Current && v.Department == dept {
			return v
		}
	}
	return nil
}

// CheckCase verifies a case's invariants against its definition: current
// step exists; closed ⇔ at an end step with that outcome and no open
// visits; an open case has exactly its current step's work open (none
// while awaiting materials); history numbered in order; no objection left
// unanswered behind a notice the case has passed. The engine keeps these;
// tests and audit tools check them.
func CheckCase(d *Definition, c *Case) error {
	st := d.Step(c.Current)
	if st == nil {
		return fmt.Errorf("current step %q not in %s v%d", c.Current, d.ID, d.Version)
	}
	if c.Definition != d.ID || c.Version != d.Version {
		return fmt.Errorf("case is on %s v%d, checked against %s v%d", c.Definition, c.Version, d.ID, d.Version)
	}
	for i, e := range c.History {
		if e.Seq != i {
			return fmt.Errorf("history[%d] has seq %d", i, e.Seq)
		}
		if d.Step(e.Step) == nil {
			return fmt.Errorf("history[%d] at unknown step %q", i, e.Step)
		}
	}
	if len(c.History) == 0 || c.History[0].Action != ActOpen {
		return fmt.Errorf("history does not start with open")
	}
	open := c.OpenVisits()
	for _, v := range c.Visits {
		if d.Step(v.Step) == nil {
			return fmt.Errorf("visit at unknown step %q", v.Step)
		}
		if !v.Open() && v.CompletedAt.Before(v.EnteredAt) {
			return fmt.Errorf("visit %s/%s completed before it began", v.Step, v.Department)
		}
	}
	for _, v := range open {
		if v.Step != c.Current {
			return fmt.Errorf("open visit at %q while the case is at %q", v.Step, c.Current)
		}
	}
	switch c.Status {
	case StatusClosed:
		if st.Kind != KindEnd || c.Outcome != st.Outcome || c.Outcome == "" || c.ClosedAt.IsZero() {
			return fmt.Errorf("closed case at %s step %q with outcome %q", st.Kind, st.ID, c.Outcome)
		}
		if len(open) > 0 {
			return fmt.Errorf("closed case with %d open visits", len(open))
		}
	case StatusOpen:
		if st.Kind == KindEnd || c.Outcome != "" || !c.ClosedAt.IsZero() {
			return fmt.Errorf("open case at %s step %q with outcome %q", st.Kind, st.ID, c.Outcome)
		}
		if c.AwaitingMaterials {
			if st.Kind != KindTask || len(open) > 0 {
				return fmt.Errorf("awaiting materials at %s step with %d open visits", st.Kind, len(open))
			}
			break
		}
		want := 1
		if st.Kind == KindParallel {
			if len(open) == 0 || len(open) > len(st.Branches) {
				return fmt.Errorf("parallel step %q with %d open branches", st.ID, len(open))
			}
			for _, v := range open {
				if st.branch(v.Department) == nil {
					return fmt.Errorf("open visit of %q, not a branch of %q", v.Department, st.ID)
				}
			}
			want = len(open)
		} else if len(open) == 1 && open[0].Department != st.Department {
			return fmt.Errorf("open visit of %q at %q, which belongs to %q", open[0].Department, st.ID, st.Department)
		}
		if len(open) != want {
			return fmt.Errorf("%d open visits at %s step %q", len(open), st.Kind, st.ID)
		}
		if (st.Kind == KindNotice) == c.NoticeEnds.IsZero() {
			return fmt.Errorf("notice end %v at %s step", c.NoticeEnds, st.Kind)
		}
	default:
		return fmt.Errorf("status %q", c.Status)
	}
	for _, o := range c.Objections {
		if !o.Answered() && (c.Current != o.Step || c.Status == StatusClosed) {
			return fmt.Errorf("objection %d unanswered after leaving notice %q", o.ID, o.Step)
		}
	}
	return nil
}
