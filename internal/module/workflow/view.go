package workflow

import (
	"errors"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/store"
)

// CaseView is what an applicant with the access code, or the public API,
// sees of a case: the process, its departments, times, deadlines,
// opinions, objections and document hashes. It has no personal data, no
// wrapped keys, no access-code hash and no staff addresses: it is built
// field by field, so a field added to Case stays out until added here.
type CaseView struct {
	Number            string           `json:"number"`
	Definition        string           `json:"definition"`
	Version           uint32           `json:"version"`
	Owner             string           `json:"owner"`
	Fields            map[string]Value `json:"fields,omitempty"`
	Status            string           `json:"status"`
	Current           string           `json:"current"`
	CurrentNameZH     string           `json:"current_name_zh,omitempty"`
	CurrentNameEN     string           `json:"current_name_en,omitempty"`
	AwaitingMaterials bool             `json:"awaiting_materials,omitempty"`
	NoticeEnds        time.Time        `json:"notice_ends,omitzero"`
	Outcome           string           `json:"outcome,omitempty"`
	OpenedAt          time.Time        `json:"opened_at"`
	ClosedAt          time.Time        `json:"closed_at,omitzero"`
	Departments       []string         `json:"departments"`
	Steps             []VisitView      `json:"steps"`
	History           []EntryView      `json:"history"`
	Objections        []ObjectionView  `json:"objections,omitempty"`
	// Overdue: some department's current step is past its deadline at the
	// time the view was made for.
	Overdue bool `json:"overdue"`
}

// VisitView is a department's stay at a step.
type VisitView struct {
	Step        string    `json:"step"`
	Department  string    `json:"department"`
	EnteredAt   time.Time `json:"entered_at"`
	Deadline    time.Time `json:"deadline"`
	CompletedAt time.Time `json:"completed_at,omitzero"`
	Result      string    `json:"result,omitempty"`
	Late        bool      `json:"late,omitempty"`
	Overdue     bool      `json:"overdue,omitempty"`
}

// EntryView is one action: which department, in which role, when; not who.
type EntryView struct {
	Step        string       `json:"step"`
	Action      string       `json:"action"`
	Department  string       `json:"department"`
	Role        string       `json:"role,omitempty"`
	At          time.Time    `json:"at"`
	Opinion     string       `json:"opinion,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	Objection   int          `json:"objection,omitempty"`
	Late        bool         `json:"late,omitempty"`
}

// ObjectionView is an objection and its answer.
type ObjectionView struct {
	ID         int       `json:"id"`
	Step       string    `json:"step"`
	Text       string    `json:"text"`
	FiledAt    time.Time `json:"filed_at"`
	Answer     string    `json:"answer,omitempty"`
	Outcome    string    `json:"outcome,omitempty"` // upheld or dismissed, once answered
	AnsweredAt time.Time `json:"answered_at,omitzero"`
}

// PublicView builds the public view of c, with overdue flags as of now
// (pass the latest block time). d may be nil; it only adds step names.
func PublicView(c *Case, d *Definition, now time.Time) *CaseView {
	v := &CaseView{Number: c.Number, Definition: c.Definition, Version: c.Version, Owner: c.Owner, Fields: c.Fields,
		Status: c.Status, Current: c.Current, AwaitingMaterials: c.AwaitingMaterials, NoticeEnds: c.NoticeEnds,
		Outcome: c.Outcome, OpenedAt: c.OpenedAt, ClosedAt: c.ClosedAt, Departments: c.Departments}
	if d != nil {
		if st := d.Step(c.Current); st != nil {
			v.CurrentNameZH, v.CurrentNameEN = st.NameZH, st.NameEN
		}
	}
	for _, x := range c.Visits {
		over := x.Open() && now.After(x.Deadline)
		v.Overdue = v.Overdue || over
		v.Steps = append(v.Steps, VisitView{Step: x.Step, Department: x.Department, EnteredAt: x.EnteredAt, Deadline: x.Deadline,
			CompletedAt: x.CompletedAt, Result: x.Result, Late: x.Late, Overdue: over})
	}
	for _, e := range c.History {
		v.History = append(v.History, EntryView{Step: e.Step, Action: e.Action, Department: e.Department, Role: e.Role, At: e.At,
			Opinion: e.Opinion, Attachments: e.Attachments, Objection: e.Objection, Late: e.Late})
	}
	for _, o := range c.Objections {
		v.Objections = append(v.Objections, ObjectionView{ID: o.ID, Step: o.Step, Text: o.Text, FiledAt: o.FiledAt, Answer: o.Answer, Outcome: o.Outcome, AnsweredAt: o.AnsweredAt})
	}
	return v
}

// ReadPublic is the citizen's lookup: case number plus access code. A
// wrong code and a missing case give the same error, so numbers cannot be
// probed for existence.
func ReadPublic(r store.Reader, s cryptosuite.Suite, number, code string, now time.Time) (*CaseView, error) {
	c, err := GetCase(r, number)
	if errors.Is(err, ErrCaseNotFound) || (err == nil && !CheckAccessCode(s, c, code)) {
		return nil, ErrAccessDenied
	}
	if err != nil {
		return nil, err
	}
	d, _ := GetDefinition(r, c.Definition, c.Version)
	return PublicView(c, d, now), nil
}
