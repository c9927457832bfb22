package sharing_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/sharing"
)

// TestParamsAreGoverned: the time limit and the calendar come from the
// governance parameter registry (here set at genesis, as a passed proposal
// would): 4 working days, with Friday 6 March 2026 declared a holiday.
func TestParamsAreGoverned(t *testing.T) {
	c := apptest.New(t, apptest.Options{Start: monday, Modules: map[string]any{"governance": map[string]any{"params": map[string]any{
		sharing.ParamAnswerDays: 4,
		sharing.ParamCalendar:   map[string]any{"2026": map[string]any{"holidays": []string{"2026-03-06"}, "workdays": []string{}}},
		sharing.ParamDataBureau: "aud",
	}}}})
	registerAll(c)
	id := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id")
	// Tue 3, Wed 4, Thu 5, (Fri 6 off, weekend), Mon 9: due by Monday 24:00.
	if got, want := *request(t, c, id).Deadline, cst("2026-03-10 00:00:00"); !got.Equal(want) {
		t.Fatalf("deadline %s, want %s", got.In(module.CST()), want)
	}
	id = ask(t, c, "nrb-reviewer", "aud-working-papers", "audit_no")
	// The audit bureau owns it and also arbitrates here: gsd may not.
	wantCode(t, c.Do("gsd-admin", "sharing", "arbitrate", refuse(id, sharing.ReasonNotShared)), sharing.ErrNotDataBureau)
	c.MustDo("aud-admin", "sharing", "arbitrate", refuse(id, sharing.ReasonNotShared))
}
