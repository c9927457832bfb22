package workflow_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/workflow"
)

func TestFullLifecycle(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		opened := c.Now()
		n, code := open(t, c, 5000)
		if n != "LAND-2026-000001" {
			t.Fatalf("case number %q", n)
		}
		k := getCase(t, c, n)
		if k.Current != "accept" || k.Status != workflow.StatusOpen || k.Version != 1 || len(k.OpenVisits()) != 1 {
			t.Fatalf("opened: %+v", k)
		}
		if want := opened.Add(5 * 24 * time.Hour); !k.Visits[0].Deadline.Equal(want) {
			t.Fatalf("accept deadline %v, want %v", k.Visits[0].Deadline, want)
		}
		mustAct(t, c, "nrb-clerk", n, "accept", workflow.ActAccept)
		mustAct(t, c, "nrb-reviewer", n, "review", workflow.ActOpinion)
		mustAct(t, c, "nrb-reviewer", n, "review", workflow.ActApprove)
		mustAct(t, c, "eeb-reviewer", n, "review", workflow.ActApprove, "environmental_opinion")
		mustAct(t, c, "hub-reviewer", n, "review", workflow.ActApprove)
		k = getCase(t, c, n)
		if k.Current != "notice" || k.NoticeEnds.IsZero() {
			t.Fatalf("after review: at %q, notice ends %v", k.Current, k.NoticeEnds)
		}
		c.Advance(7 * 24 * time.Hour)
		mustAct(t, c, "nrb-approver", n, "notice", workflow.ActComplete)
		mustAct(t, c, "nrb-approver", n, "decision", workflow.ActApprove)
		if k = getCase(t, c, n); k.Current != "issue" {
			t.Fatalf("area 5000 should go straight to issue, at %q", k.Current)
		}
		r := c.MustDo("nrb-clerk", "workflow", "act", act(n, "issue", workflow.ActIssueDocument, att(c, "land_use_permit")))
		if apptest.Event(r, "workflow.case_closed", "outcome") != workflow.OutcomeApproved {
			t.Fatalf("events: %v", r.Events)
		}
		k = getCase(t, c, n)
		if k.Status != workflow.StatusClosed || k.Outcome != workflow.OutcomeApproved || k.Current != "approved" || k.ClosedAt.IsZero() {
			t.Fatalf("closed: %+v", k)
		}
		wantActions := []string{"open", "accept", "opinion", "approve", "approve", "approve", "complete", "approve", "issue_document"}
		if len(k.History) != len(wantActions) {
			t.Fatalf("history %d entries, want %d", len(k.History), len(wantActions))
		}
		for i, e := range k.History {
			if e.Action != wantActions[i] || e.Seq != i || e.At.IsZero() || e.Actor == "" || e.Department == "" || len(e.TxHash) == 0 {
				t.Fatalf("history[%d] = %+v", i, e)
			}
		}
		if e := k.History[4]; e.Department != "eeb" || e.Role != "reviewer" || len(e.Attachments) != 1 {
			t.Fatalf("eeb's approval: %+v", e)
		}
		def, err := workflow.GetDefinition(c.State(), "land-use", k.Version)
		if err != nil {
			t.Fatal(err)
		}
		if err := workflow.CheckCase(def, k); err != nil {
			t.Fatal(err)
		}
		// The applicant follows the case with number and code only.
		v, err := workflow.ReadPublic(c.State(), c.Suite, n, code, c.Now())
		if err != nil || v.Outcome != workflow.OutcomeApproved || len(v.History) != len(wantActions) || v.CurrentNameZH != "准予许可" {
			t.Fatalf("public view %+v, %v", v, err)
		}
		if _, err := workflow.ReadPublic(c.State(), c.Suite, n, "WRONG-CODE", c.Now()); !errors.Is(err, workflow.ErrAccessDenied) {
			t.Fatalf("wrong code: %v", err)
		}
		if _, err := workflow.ReadPublic(c.State(), c.Suite, "LAND-2026-999999", code, c.Now()); !errors.Is(err, workflow.ErrAccessDenied) {
			t.Fatalf("unknown case: %v", err)
		}
		// Codes are typed loosely.
		if !workflow.CheckAccessCode(c.Suite, k, " "+strings.ToLower(code)+" ") {
			t.Fatal("access code normalization")
		}
		b, _ := json.Marshal(v)
		for _, bad := range []string{`"actor"`, `access_code`, `wrapped`, `ciphertext`, `opened_by`} {
			if strings.Contains(string(b), bad) {
				t.Fatalf("public view has %s: %s", bad, b)
			}
		}
	})
}

func TestAreaConditionAddsCityApproval(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		for _, tc := range []struct {
			area int64
			next string
		}{{10000, "issue"}, {10001, "city_approval"}, {250000, "city_approval"}} {
			n, _ := toDecision(t, c, tc.area)
			mustAct(t, c, "nrb-approver", n, "decision", workflow.ActApprove)
			if k := getCase(t, c, n); k.Current != tc.next {
				t.Fatalf("area %v: at %q, want %q", tc.area, k.Current, tc.next)
			}
			if tc.next == "city_approval" {
				wantCode(t, c.Do("nrb-approver", "workflow", "act", act(n, "city_approval", workflow.ActApprove, nil)), workflow.ErrWrongDepartment)
				mustAct(t, c, "gov-approver", n, "city_approval", workflow.ActApprove)
			}
			mustAct(t, c, "nrb-clerk", n, "issue", workflow.ActIssueDocument, "land_use_permit")
			if k := getCase(t, c, n); k.Outcome != workflow.OutcomeApproved {
				t.Fatalf("area %v: %s", tc.area, k.Outcome)
			}
		}
	})
}

func TestReturnForMaterials(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		// At acceptance, without the site plan.
		n, _ := open(t, c, 5000, "application_form")
		wantCode(t, c.Do("nrb-clerk", "workflow", "act", act(n, "accept", workflow.ActAccept, nil)), workflow.ErrMissingAttachment)
		r := c.MustDo("nrb-clerk", "workflow", "act", act(n, "accept", workflow.ActReturn, nil))
		if apptest.Event(r, "workflow.returned", "step") != "accept" {
			t.Fatalf("events %v", r.Events)
		}
		k := getCase(t, c, n)
		if !k.AwaitingMaterials || len(k.OpenVisits()) != 0 || k.Overdue(c.Now().Add(365*24*time.Hour)) != nil {
			t.Fatalf("returned: %+v", k)
		}
		wantCode(t, c.Do("nrb-clerk", "workflow", "act", act(n, "accept", workflow.ActAccept, att(c, "site_plan"))), workflow.ErrAwaitingMaterials)
		wantCode(t, c.Do("eeb-clerk", "workflow", "supplement", workflow.SupplementRequest{Case: n, Attachments: att(c, "site_plan")}), workflow.ErrWrongDepartment)
		c.Advance(30 * 24 * time.Hour) // the applicant takes a month; no department is late for it
		back := c.Now()
		c.MustDo("gsd-gateway", "workflow", "supplement", workflow.SupplementRequest{Case: n, Attachments: att(c, "site_plan"), Note: "补正材料"})
		k = getCase(t, c, n)
		if k.AwaitingMaterials || len(k.OpenVisits()) != 1 || !k.OpenVisits()[0].EnteredAt.Equal(back) {
			t.Fatalf("after supplement: %+v", k)
		}
		wantCode(t, c.Do("nrb-clerk", "workflow", "supplement", workflow.SupplementRequest{Case: n, Attachments: att(c, "x")}), workflow.ErrNotAwaitingMaterials)
		mustAct(t, c, "nrb-clerk", n, "accept", workflow.ActAccept)

		// A reviewer returning the case abandons the other branches.
		mustAct(t, c, "nrb-reviewer", n, "review", workflow.ActApprove)
		mustAct(t, c, "hub-reviewer", n, "review", workflow.ActReturn)
		k = getCase(t, c, n)
		if k.Current != "accept" || !k.AwaitingMaterials {
			t.Fatalf("review return: at %q awaiting=%v", k.Current, k.AwaitingMaterials)
		}
		if got := stepsOf(k); got != "accept/nrb=return accept/nrb=accept review/nrb=approve review/eeb=abandoned review/hub=return" {
			t.Fatalf("visits: %s", got)
		}
		c.MustDo("nrb-clerk", "workflow", "supplement", workflow.SupplementRequest{Case: n, Attachments: att(c, "revised_plan")})
		mustAct(t, c, "nrb-clerk", n, "accept", workflow.ActAccept)
		if k = getCase(t, c, n); k.Current != "review" || len(k.OpenVisits()) != 3 {
			t.Fatalf("second review: %s", stepsOf(k))
		}
	})
}

func TestRejection(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		n, _ := open(t, c, 5000)
		r := c.MustDo("nrb-clerk", "workflow", "act", act(n, "accept", workflow.ActReject, nil))
		if apptest.Event(r, "workflow.case_closed", "outcome") != workflow.OutcomeRejected {
			t.Fatalf("events %v", r.Events)
		}
		k := getCase(t, c, n)
		if k.Status != workflow.StatusClosed || k.Outcome != workflow.OutcomeRejected || k.History[1].Opinion == "" {
			t.Fatalf("rejected: %+v", k)
		}
		wantCode(t, c.Do("nrb-clerk", "workflow", "act", act(n, "rejected", workflow.ActAccept, nil)), workflow.ErrCaseClosed)

		// One department disagreeing in the joint review rejects, once all have spoken.
		n, _ = toReview(t, c, 5000)
		mustAct(t, c, "hub-reviewer", n, "review", workflow.ActReject)
		if k = getCase(t, c, n); k.Current != "review" {
			t.Fatalf("decided before all branches: %q", k.Current)
		}
		mustAct(t, c, "nrb-reviewer", n, "review", workflow.ActApprove)
		mustAct(t, c, "eeb-reviewer", n, "review", workflow.ActApprove, "environmental_opinion")
		if k = getCase(t, c, n); k.Outcome != workflow.OutcomeRejected {
			t.Fatalf("review reject: at %q outcome %q", k.Current, k.Outcome)
		}
	})
}

func TestParallelReviewNeedsAllThree(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		n, _ := toReview(t, c, 5000)
		mustAct(t, c, "eeb-reviewer", n, "review", workflow.ActApprove, "environmental_opinion")
		wantCode(t, c.Do("eeb-reviewer", "workflow", "act", act(n, "review", workflow.ActApprove, nil)), workflow.ErrBranchDone)
		mustAct(t, c, "nrb-reviewer", n, "review", workflow.ActApprove)
		k := getCase(t, c, n)
		if k.Current != "review" || len(k.OpenVisits()) != 1 || k.OpenVisits()[0].Department != "hub" {
			t.Fatalf("two of three: %s", stepsOf(k))
		}
		wantCode(t, c.Do("nrb-clerk", "workflow", "act", act(n, "notice", workflow.ActComplete, nil)), workflow.ErrWrongStep)
		mustAct(t, c, "hub-reviewer", n, "review", workflow.ActApprove)
		if k = getCase(t, c, n); k.Current != "notice" {
			t.Fatalf("all three: at %q", k.Current)
		}
	})
}

func TestObjectionBlocksUntilAnswered(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		n, code := toNotice(t, c, 5000)
		wantCode(t, c.Do("nrb-clerk", "workflow", "act", act(n, "notice", workflow.ActComplete, nil)), workflow.ErrNoticeNotElapsed)
		r := c.MustDo("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: n, Text: "该地块紧邻水源保护区，建议重新评估。"})
		if apptest.Event(r, "workflow.objection_filed", "objection") != "1" {
			t.Fatalf("events %v", r.Events)
		}
		c.Advance(7 * 24 * time.Hour)
		wantCode(t, c.Do("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: n, Text: "too late"}), workflow.ErrNotInNotice)
		wantCode(t, c.Do("nrb-clerk", "workflow", "act", act(n, "notice", workflow.ActComplete, nil)), workflow.ErrObjectionsUnanswered)
		ans := workflow.AnswerObjectionRequest{Case: n, Objection: 1, Outcome: workflow.ObjectionDismissed, Answer: "经核查，地块距水源保护区 2 公里，符合规定。"}
		wantCode(t, c.Do("eeb-reviewer", "workflow", "answer_objection", ans), workflow.ErrWrongDepartment)
		wantCode(t, c.Do("nrb-reviewer", "workflow", "answer_objection", ans), workflow.ErrWrongRole)
		wantCode(t, c.Do("nrb-clerk", "workflow", "answer_objection", workflow.AnswerObjectionRequest{Case: n, Objection: 2, Outcome: workflow.ObjectionUpheld, Answer: "x"}), workflow.ErrObjectionNotFound)
		c.MustDo("nrb-clerk", "workflow", "answer_objection", ans)
		wantCode(t, c.Do("nrb-approver", "workflow", "answer_objection", ans), workflow.ErrObjectionAnswered)
		mustAct(t, c, "nrb-clerk", n, "notice", workflow.ActComplete)
		k := getCase(t, c, n)
		if k.Current != "decision" || k.Objections[0].Answer != ans.Answer || k.UnansweredObjections() != 0 {
			t.Fatalf("after answer: %+v", k)
		}
		v, err := workflow.ReadPublic(c.State(), c.Suite, n, code, c.Now())
		if err != nil || len(v.Objections) != 1 || v.Objections[0].Answer == "" || v.Objections[0].Text == "" {
			t.Fatalf("public objections: %+v %v", v, err)
		}
	})
}

func TestOverdueFromBlockTime(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		n, _ := open(t, c, 5000)
		if got := getCase(t, c, n).Overdue(c.Now()); got != nil {
			t.Fatalf("fresh case overdue: %v", got)
		}
		c.Advance(5*24*time.Hour + time.Hour)
		c.Block()
		k := getCase(t, c, n)
		if got := k.Overdue(c.Now()); len(got) != 1 || got[0].Step != "accept" || got[0].Department != "nrb" {
			t.Fatalf("overdue: %+v", got)
		}
		mustAct(t, c, "nrb-clerk", n, "accept", workflow.ActAccept)
		k = getCase(t, c, n)
		if e := k.History[len(k.History)-1]; !e.Late || !k.Visits[0].Late {
			t.Fatalf("late acceptance not recorded: %+v %+v", e, k.Visits[0])
		}
		c.Advance(19 * 24 * time.Hour)
		mustAct(t, c, "eeb-reviewer", n, "review", workflow.ActApprove, "environmental_opinion") // in time
		c.Advance(2 * 24 * time.Hour)
		k = getCase(t, c, n)
		got := k.Overdue(c.Now())
		if len(got) != 2 || got[0].Department != "nrb" || got[1].Department != "hub" {
			t.Fatalf("review overdue: %+v", got)
		}
		if v := workflow.PublicView(k, nil, c.Now()); !v.Overdue {
			t.Fatal("public view not overdue")
		}
		if k.Visits[2].Late || k.Visits[2].Department != "eeb" {
			t.Fatalf("eeb was in time: %+v", k.Visits[2])
		}
	})
}
