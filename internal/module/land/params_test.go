package land_test

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/tx"
)

// toNotice takes a case through acceptance and the joint review into the
// public notice before approval.
func toNotice(t *testing.T, c *apptest.Chain, no string) *workflow.Case {
	t.Helper()
	act(c, "nrb-clerk", no, "accept", "accept")
	act(c, "nrb-reviewer", no, "review", "approve")
	act(c, "eeb-reviewer", no, "review", "approve", workflow.Attachment{Kind: "environmental_opinion", Hash: h("eia " + no)})
	act(c, "hub-reviewer", no, "review", "approve")
	k, err := workflow.GetCase(c.State(), no)
	if err != nil || k.Current != "notice" {
		t.Fatalf("%s not in notice: %+v %v", no, k, err)
	}
	return k
}

// noticeOf is how long a case's notice runs and its step's time limit, in days.
func noticeOf(k *workflow.Case) (notice, limit int) {
	v := k.Visits[len(k.Visits)-1]
	return int(k.NoticeEnds.Sub(v.EnteredAt).Hours() / 24), int(v.Deadline.Sub(v.EnteredAt).Hours() / 24)
}

// TestObjectionLimitByProposal: land.objection_limit is 7 days at genesis
// (the process's own notice). A param proposal sets it to 10; a case opened
// after that runs a 10-day notice (and its step's time limit moves with
// it), while a case opened before keeps 7 days.
func TestObjectionLimitByProposal(t *testing.T) {
	c := newChain(t, "intl")
	if v, err := governance.ParamInt(c.State(), land.ObjectionLimitParam()); err != nil || v != 7 {
		t.Fatalf("default land.objection_limit = %d, %v", v, err)
	}
	before, _ := apply(t, c, "PS-2026-001")

	body, _ := json.Marshal(map[string]any{"name": land.ParamObjectionLimit, "value": 10})
	r := c.MustDo("nrb-admin", "governance", "propose", governance.Propose{Type: governance.TypeParam, Payload: body})
	id, _ := strconv.ParseUint(apptest.Event(r, "governance.proposed", "proposal"), 10, 64)
	for _, who := range []string{"gov-admin", "fin-admin", "eeb-admin", "hub-admin"} {
		c.MustDo(who, "governance", "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes})
	}
	ps, err := governance.GetParamState(c.State(), land.ParamObjectionLimit)
	if err != nil || ps == nil || string(ps.Value) != "10" || len(ps.History) != 1 || ps.History[0].Proposal != id {
		t.Fatalf("land.objection_limit after the proposal: %+v %v", ps, err)
	}
	after, _ := apply(t, c, "PS-2026-003")

	old, fresh := toNotice(t, c, before), toNotice(t, c, after)
	if n, l := noticeOf(old); n != 7 || l != 10 {
		t.Fatalf("case opened before the change: notice %d days, limit %d; want 7 and 10", n, l)
	}
	if fresh.NoticeDays != 10 {
		t.Fatalf("case opened after the change keeps notice_days %d", fresh.NoticeDays)
	}
	if n, l := noticeOf(fresh); n != 10 || l != 13 {
		t.Fatalf("case opened after the change: notice %d days, limit %d; want 10 and 13", n, l)
	}
	// Day 8: the old notice is over, the new one still takes objections.
	c.Advance(8 * 24 * time.Hour)
	act(c, "nrb-clerk", before, "notice", "complete")
	r = c.Do("nrb-clerk", "workflow", "act", workflow.ActRequest{Case: after, Step: "notice", Action: "complete", Opinion: "同意"})
	if r.Codespace != "workflow" || r.Code != workflow.ErrNoticeNotElapsed.Code {
		t.Fatalf("completing a 10-day notice on day 8: %d %s", r.Code, r.Log)
	}
	c.MustDo("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: after, Text: "影响周边交通"})
	if r := c.Do("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: before, Text: "太晚了"}); r.Code == 0 {
		t.Fatal("an objection was filed on a case whose notice is over")
	}
}

// TestObjectionLimitBounds: the parameter refuses values outside 5..60
// days before a proposal opens.
func TestObjectionLimitBounds(t *testing.T) {
	p := land.ObjectionLimitParam()
	for _, tc := range []struct {
		value string
		ok    bool
	}{{"4", false}, {"5", true}, {"60", true}, {"61", false}, {"7.5", false}, {`"7"`, false}} {
		_, err := p.Check(json.RawMessage(tc.value))
		if (err == nil) != tc.ok {
			t.Errorf("land.objection_limit = %s: err %v, want ok=%v", tc.value, err, tc.ok)
		}
	}
	c := newChain(t, "intl")
	body, _ := json.Marshal(map[string]any{"name": land.ParamObjectionLimit, "value": 61})
	r := c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: governance.TypeParam, Payload: body})
	if r.Codespace != tx.ErrInvalidPayload.Codespace || r.Code != tx.ErrInvalidPayload.Code {
		t.Fatalf("61 days: %s/%d %s", r.Codespace, r.Code, r.Log)
	}
}
