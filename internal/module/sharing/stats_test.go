package sharing_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/module/sharing"
)

func TestStats(t *testing.T) {
	mk := func(owner, created, state string, days int, by, reason string, overdue bool) *sharing.Request {
		r := &sharing.Request{Owner: owner, Created: cst(created), State: state, Overdue: overdue}
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
	rows := sharing.Stats(reqs, "", "")
	if len(rows) != 3 {
		t.Fatalf("rows %+v", rows)
	}
	m := rows[0]
	if m.Department != "eeb" || m.Month != "2026-03" || m.Requests != 5 || m.Grants != 3 || m.Refusals != 1 ||
		m.RefusalsByReason[sharing.ReasonPurpose] != 1 || m.Pending != 1 || m.Overdue != 1 || m.Answered != 4 {
		t.Fatalf("eeb March %+v", m)
	}
	// Answer days 1, 2, 4, 12: the lower middle is 2.
	if m.MedianAnswerDays == nil || *m.MedianAnswerDays != 2 {
		t.Fatalf("median %v", m.MedianAnswerDays)
	}
	if a := rows[1]; a.Month != "2026-04" || a.Arbitration != 1 || a.Overdue != 1 || a.MedianAnswerDays != nil {
		t.Fatalf("eeb April %+v", a)
	}
	if h := rows[2]; h.Automatic != 1 || h.Answered != 0 || h.MedianAnswerDays != nil {
		t.Fatalf("hub %+v", h)
	}
	if got := sharing.Stats(reqs, "hub", "2026-03"); len(got) != 1 || got[0].Department != "hub" {
		t.Fatalf("filtered %+v", got)
	}
}
