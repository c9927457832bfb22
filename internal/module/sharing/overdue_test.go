package sharing_test

import (
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/sharing"
)

// TestOverdueExactlyAtTheTenthWorkingDay walks a conditional request made
// on Wednesday 16 September 2026 block by block, one block a day at noon
// CST: the ten working days are 17, 18, 20 (a make-up working Sunday, 调休),
// 21–24, then Mid-Autumn (25–27 off), 28, 29, 30. The request stays
// pending through 30 September 23:59:59 CST and turns overdue in the block
// at 1 October 00:00:00 CST, which escalates it to the data bureau; an
// answer by the owner in that very block is refused; the bureau's grant is
// final.
func TestOverdueExactlyAtTheTenthWorkingDay(t *testing.T) {
	c := newChain(t, cst("2026-09-16 09:00:00"))
	registerAll(c)
	id := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id", "conclusion")
	// A second request the owner answers in the last second of its time.
	late := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id")
	deadline := cst("2026-10-01 00:00:00")
	if got := *request(t, c, id).Deadline; !got.Equal(deadline) {
		t.Fatalf("deadline %s, want %s", got.In(module.CST()), deadline)
	}
	to := func(at time.Time) { c.Advance(at.Sub(c.Now())) }
	for d := cst("2026-09-17 12:00:00"); d.Before(deadline); d = d.AddDate(0, 0, 1) {
		to(d)
		c.Block()
		if s := request(t, c, id).State; s != sharing.StatePending {
			t.Fatalf("on %s the request is %s, want pending", d.Format("01-02"), s)
		}
	}
	to(cst("2026-09-30 23:59:59"))
	c.Block(c.Sign("eeb-reviewer", "sharing", "answer", grant(late, deadline.Add(24*time.Hour), 0, "parcel_id")))
	if r := request(t, c, late); r.State != sharing.StateGranted || r.Answer.WorkingDays != 10 {
		t.Fatalf("answer in the last second: %+v", r)
	}
	if r := request(t, c, id); r.State != sharing.StatePending || r.Overdue {
		t.Fatalf("at 23:59:59 of the 10th working day: %+v", r)
	}
	to(deadline)
	res := c.Block(c.Sign("eeb-reviewer", "sharing", "answer", grant(id, deadline.Add(24*time.Hour), 0, "parcel_id")))
	wantCode(t, res[0], sharing.ErrOverdue)
	r := request(t, c, id)
	if r.State != sharing.StateArbitration || !r.Overdue || r.Escalation != sharing.EscalationOverdue || !r.Escalated.Equal(deadline) {
		t.Fatalf("at the deadline: %+v", r)
	}
	// Late answers stay refused; the bureau decides, once, for good.
	wantCode(t, c.Do("eeb-admin", "sharing", "answer", refuse(id, sharing.ReasonOther)), sharing.ErrRequestState)
	c.MustDo("gsd-admin", "sharing", "arbitrate", grant(id, c.Now().Add(10*24*time.Hour), 1, "parcel_id"))
	r = request(t, c, id)
	if r.State != sharing.StateGranted || !r.Answer.Final || r.Answer.Department != "gsd" || r.Grant.MaxUses != 1 {
		t.Fatalf("after arbitration: %+v %+v", r, r.Answer)
	}
	wantCode(t, c.Do("gsd-admin", "sharing", "arbitrate", refuse(id, sharing.ReasonOther)), sharing.ErrRequestState)
}

// TestArbitrationLapses: the request above, escalated at 1 October 2026
// 00:00 CST in the middle of the National Day holiday (1–7 October off,
// Saturday 10 October a make-up working day), gives the data bureau ten
// working days: 8, 9, 10, 12–16, 19, 20 October, so its decision is due by
// 21 October 00:00 CST. Until then nothing changes; in the block at the
// deadline the request is marked arbitration-overdue and stays with the
// bureau, whose late decision is still taken and final; the statistics
// count the lapse.
func TestArbitrationLapses(t *testing.T) {
	c := newChain(t, cst("2026-09-16 09:00:00"))
	registerAll(c)
	id := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id")
	to := func(at time.Time) { c.Advance(at.Sub(c.Now())); c.Block() }
	to(cst("2026-10-01 00:00:00"))
	due := cst("2026-10-21 00:00:00")
	if r := request(t, c, id); r.State != sharing.StateArbitration || r.ArbitrationDeadline == nil || !r.ArbitrationDeadline.Equal(due) {
		t.Fatalf("escalated: %+v (deadline %v, want %s)", r, r.ArbitrationDeadline, due)
	}
	to(cst("2026-10-20 23:59:59"))
	if r := request(t, c, id); r.ArbitrationOverdue {
		t.Fatal("arbitration overdue a second early")
	}
	to(due)
	r := request(t, c, id)
	if r.State != sharing.StateArbitration || !r.ArbitrationOverdue {
		t.Fatalf("at the bureau's deadline: %+v", r)
	}
	all, _ := sharing.Requests(c.State())
	if rows := sharing.Stats(all, nil, sharing.StatsQuery{}); len(rows) != 1 || rows[0].ArbitrationOverdue != 1 || rows[0].Overdue != 1 {
		t.Fatalf("stats %+v", rows)
	}
	c.MustDo("gsd-admin", "sharing", "arbitrate", refuse(id, sharing.ReasonPurpose))
	if r := request(t, c, id); r.State != sharing.StateRefused || !r.Answer.Final || !r.ArbitrationOverdue {
		t.Fatalf("late decision: %+v", r)
	}
}

// TestNotSharedArbitrationDeadline: a 不予共享 request on a legal basis goes
// to the bureau at once, with the bureau's deadline; decided in time, it
// never turns arbitration-overdue.
func TestNotSharedArbitrationDeadline(t *testing.T) {
	c := newChain(t, monday)
	registerAll(c)
	id := ask(t, c, "nrb-reviewer", "aud-working-papers", "audit_no")
	r := request(t, c, id)
	if r.Escalation != sharing.EscalationNotShared || r.ArbitrationDeadline == nil {
		t.Fatalf("%+v", r)
	}
	c.MustDo("gsd-admin", "sharing", "arbitrate", refuse(id, sharing.ReasonNotShared))
	c.Advance(60 * 24 * time.Hour)
	c.Block()
	if r := request(t, c, id); r.ArbitrationOverdue || r.State != sharing.StateRefused {
		t.Fatalf("decided in time, then: %+v", r)
	}
}
