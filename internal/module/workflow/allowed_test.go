package workflow_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestAllowed runs each eligibility rule through the one function the
// engine and the console share, on hand-built cases of the land process.
func TestAllowed(t *testing.T) {
	d := landDef(t)
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	visit := func(step, dept string) workflow.Visit {
		return workflow.Visit{Step: step, Department: dept, EnteredAt: t0, Deadline: t0.Add(240 * time.Hour)}
	}
	at := func(step string, visits ...workflow.Visit) *workflow.Case {
		return &workflow.Case{Number: "LAND-2026-000001", Status: workflow.StatusOpen, Current: step, Visits: visits}
	}
	signer := func(dept string, roles ...string) module.Signer {
		return module.Signer{Address: "x", Department: dept, Roles: roles}
	}
	closed := at("approved")
	closed.Status = workflow.StatusClosed
	awaiting := at("accept", visit("accept", "nrb"))
	awaiting.AwaitingMaterials = true
	done := visit("review", "eeb")
	done.CompletedAt, done.Result = t0.Add(time.Hour), workflow.ActApprove
	notice := func(objections ...workflow.Objection) *workflow.Case {
		c := at("notice", visit("notice", "nrb"))
		c.NoticeEnds, c.Objections = t0.Add(7*24*time.Hour), objections
		return c
	}
	open := workflow.Objection{ID: 1, Step: "notice", Text: "too tall", FiledAt: t0}
	answered := open
	answered.Answer, answered.AnsweredAt = "it is not", t0.Add(time.Hour)
	after := t0.Add(8 * 24 * time.Hour)

	for _, tc := range []struct {
		name     string
		c        *workflow.Case
		s        module.Signer
		now      time.Time
		err      error
		actions  []string
		held     map[string]error
		required []string
	}{
		{name: "closed case", c: closed, s: signer("nrb", "clerk"), now: t0, err: workflow.ErrCaseClosed},
		{name: "awaiting materials", c: awaiting, s: signer("nrb", "clerk"), now: t0, err: workflow.ErrAwaitingMaterials},
		{name: "awaiting comes before department", c: awaiting, s: signer("eeb", "clerk"), now: t0, err: workflow.ErrAwaitingMaterials},
		{name: "task: wrong department", c: at("accept", visit("accept", "nrb")), s: signer("eeb", "clerk"), now: t0, err: workflow.ErrWrongDepartment},
		{name: "task: wrong role", c: at("accept", visit("accept", "nrb")), s: signer("nrb", "approver"), now: t0, err: workflow.ErrWrongRole},
		{name: "task: no open visit", c: at("accept"), s: signer("nrb", "clerk"), now: t0, err: workflow.ErrWrongStep},
		{name: "task: clerk may act", c: at("accept", visit("accept", "nrb")), s: signer("nrb", "clerk"), now: t0,
			actions: []string{"accept", "reject", "return", "opinion"}, required: []string{"application_form", "site_plan"}},
		{name: "parallel: department not on the step", c: at("review", visit("review", "nrb")), s: signer("gov", "reviewer"), now: t0, err: workflow.ErrWrongDepartment},
		{name: "parallel: wrong role", c: at("review", visit("review", "eeb")), s: signer("eeb", "clerk"), now: t0, err: workflow.ErrWrongRole},
		{name: "parallel: branch done", c: at("review", visit("review", "nrb"), done), s: signer("eeb", "reviewer"), now: t0, err: workflow.ErrBranchDone},
		{name: "parallel: branch attachments", c: at("review", visit("review", "eeb")), s: signer("eeb", "reviewer"), now: t0,
			actions: []string{"approve", "reject", "return", "opinion"}, required: []string{"environmental_opinion"}},
		{name: "notice running: complete held", c: notice(), s: signer("nrb", "approver"), now: t0,
			actions: []string{"opinion"}, held: map[string]error{"complete": workflow.ErrNoticeNotElapsed}},
		{name: "notice over: complete allowed", c: notice(), s: signer("nrb", "clerk"), now: after,
			actions: []string{"complete", "opinion"}},
		{name: "notice over, objection unanswered", c: notice(open), s: signer("nrb", "clerk"), now: after,
			actions: []string{"opinion"}, held: map[string]error{"complete": workflow.ErrObjectionsUnanswered}},
		{name: "objections come before the period", c: notice(open), s: signer("nrb", "clerk"), now: t0,
			actions: []string{"opinion"}, held: map[string]error{"complete": workflow.ErrObjectionsUnanswered}},
		{name: "notice over, objection answered", c: notice(answered), s: signer("nrb", "clerk"), now: after,
			actions: []string{"complete", "opinion"}},
		{name: "notice: wrong department", c: notice(), s: signer("hub", "clerk"), now: after, err: workflow.ErrWrongDepartment},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := workflow.Allowed(d, tc.c, tc.s, tc.now)
			if tc.err != nil {
				if !errors.Is(err, tc.err) || a != nil {
					t.Fatalf("Allowed = %v, %v; want %v", a, err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(a.Actions, tc.actions) {
				t.Errorf("actions %v, want %v", a.Actions, tc.actions)
			}
			if !slices.Equal(a.Required, tc.required) {
				t.Errorf("required %v, want %v", a.Required, tc.required)
			}
			if len(a.Held) != len(tc.held) {
				t.Errorf("held %v, want %v", a.Held, tc.held)
			}
			for _, h := range a.Held {
				if !errors.Is(h.Err, tc.held[h.Action]) || !errors.Is(a.Check(h.Action), tc.held[h.Action]) {
					t.Errorf("held %s: %v, want %v", h.Action, h.Err, tc.held[h.Action])
				}
			}
			for _, act := range tc.actions {
				if err := a.Check(act); err != nil {
					t.Errorf("Check(%s) = %v", act, err)
				}
			}
			if err := a.Check("issue_document"); !errors.Is(err, workflow.ErrActionNotAllowed) {
				t.Errorf("Check(issue_document) = %v, want ErrActionNotAllowed", err)
			}
		})
	}
}
