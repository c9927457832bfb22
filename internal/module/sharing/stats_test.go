package sharing_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/module/sharing"
)

func TestStats(t *testing.T) {
	mk := func(owner, created, state string, days int, by, reason string, overdue bool) *sharing.Request {
		r := &sharing.Request{Owner: owner, Requester: "hub", Created: cst(created), State: state, Overdue: overdue}
		if by != "" {
			r.Answer = &sharing.Answer{By: by, WorkingDays: days, Reason: reason}
		}
		return r
	}
	reqs := []*sharing.Request{
		mk("eeb", "2026-03-02 09:00:00", sharing.StateGranted, 1, "a1", "", false),
		mk("eeb", "2026-03-03 09:00:00", sharing.StateRefused, 4, "a1", sharing.ReasonPurpose, false),
		mk("eeb", "2026-03-04 09:00:00", sharing.StateGranted, 12, "gsd1", "", true),
		mk("eeb", "2026-03-05 09:00:00", sharing.StateGranted, 2, "a1", "", false),
		mk("eeb", "2026-03-06 09:00:00", sharing.StatePending, 0, "", "", false),
		// 1 April 07:00 CST is still 31 March in UTC: counted in April.
		mk("eeb", "2026-04-01 07:00:00", sharing.StateArbitration, 0, "", "", true),
		mk("hub", "2026-03-02 09:00:00", sharing.StateGranted, 0, "catalogue", "", false),
	}
	reqs[6].Requester = "nrb"
	reqs[5].ArbitrationOverdue = true
	mats := []*sharing.CaseMaterial{{Owner: "eeb", Requester: "hub", Time: cst("2026-03-20 10:00:00")}}
	rows := sharing.Stats(reqs, mats, sharing.StatsQuery{})
	if len(rows) != 3 {
		t.Fatalf("rows %+v", rows)
	}
	m := rows[0]
	if m.Department != "eeb" || m.Month != "2026-03" || m.Requests != 5 || m.Grants != 3 || m.Refusals != 1 ||
		m.RefusalsByReason[sharing.ReasonPurpose] != 1 || m.Pending != 1 || m.Overdue != 1 || m.Answered != 4 || m.MaterialsSaved != 1 {
		t.Fatalf("eeb March %+v", m)
	}
	// Answer days 1, 2, 4, 12: the lower middle is 2.
	if m.MedianAnswerDays == nil || *m.MedianAnswerDays != 2 {
		t.Fatalf("median %v", m.MedianAnswerDays)
	}
	if a := rows[1]; a.Month != "2026-04" || a.Arbitration != 1 || a.Overdue != 1 || a.ArbitrationOverdue != 1 || a.MedianAnswerDays != nil {
		t.Fatalf("eeb April %+v", a)
	}
	if h := rows[2]; h.Automatic != 1 || h.Answered != 0 || h.MedianAnswerDays != nil {
		t.Fatalf("hub %+v", h)
	}
	if got := sharing.Stats(reqs, mats, sharing.StatsQuery{Department: "hub", Month: "2026-03"}); len(got) != 1 || got[0].Department != "hub" {
		t.Fatalf("filtered %+v", got)
	}
	// By requester: hub asked six times in March (one saved material), nrb once.
	by := sharing.Stats(reqs, mats, sharing.StatsQuery{By: sharing.ByRequester})
	if len(by) != 3 || by[0].Department != "hub" || by[0].Month != "2026-03" || by[0].Requests != 5 || by[0].MaterialsSaved != 1 ||
		by[2].Department != "nrb" || by[2].Automatic != 1 {
		t.Fatalf("by requester %+v", by)
	}
	if err := (sharing.StatsQuery{By: "city"}).Check(); err == nil {
		t.Fatal("by=city accepted")
	}
}
