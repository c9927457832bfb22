package disclosure_test

import (
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/disclosure"
)

func pub(title string) disclosure.Publish {
	return disclosure.Publish{Title: title, Category: disclosure.CategoryNotice, Body: "正文 body", EffectiveDate: "2026-03-01"}
}

// TestPublishAmend: numbers per department and year; an amendment is a new
// version linked to the old one; every version stays readable.
func TestPublishAmend(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	c.MustDo("nrb-clerk", "disclosure", "publish", pub("关于土地供应计划的通知"))
	c.MustDo("nrb-clerk", "disclosure", "publish", pub("second"))
	c.MustDo("fin-admin", "disclosure", "publish", pub("budget"))
	d, err := disclosure.Get(c.State(), "nrb-2026-0002", 1)
	if err != nil || d.Title != "second" || d.Department != "nrb" || d.Version != 1 || d.Height == 0 || d.TxHash == "" {
		t.Fatalf("second: %+v %v", d, err)
	}
	if _, err := disclosure.Get(c.State(), "fin-2026-0001", 0); err != nil {
		t.Fatal(err)
	}
	am := disclosure.Amend{Number: "nrb-2026-0001", Amends: 1, Title: "关于土地供应计划的通知（修订）", Category: disclosure.CategoryNotice,
		Body: "new body", EffectiveDate: "2026-04-01", Reason: "dates corrected"}
	c.MustDo("nrb-approver", "disclosure", "amend", am)
	vs, err := disclosure.Versions(c.State(), "nrb-2026-0001")
	if err != nil || len(vs) != 2 || vs[0].Body != "正文 body" || vs[1].Amends != 1 || vs[1].Version != 2 || vs[1].Reason != "dates corrected" {
		t.Fatalf("versions: %+v %v", vs, err)
	}
	// Stale amendment, other department, unknown number.
	if r := c.Do("nrb-clerk", "disclosure", "amend", am); r.Codespace != "disclosure" || r.Code != disclosure.ErrStaleVersion.Code {
		t.Fatalf("stale: %d %s %s", r.Code, r.Codespace, r.Log)
	}
	am.Amends = 2
	if r := c.Do("fin-admin", "disclosure", "amend", am); r.Codespace != "disclosure" || r.Code != disclosure.ErrOtherDepartment.Code {
		t.Fatalf("other dept: %d %s %s", r.Code, r.Codespace, r.Log)
	}
	am.Number = "nrb-2026-0099"
	if r := c.Do("nrb-clerk", "disclosure", "amend", am); r.Codespace != "disclosure" || r.Code != disclosure.ErrNotFound.Code {
		t.Fatalf("unknown: %d %s %s", r.Code, r.Codespace, r.Log)
	}
}

func TestPublishRefusals(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	bad := []disclosure.Publish{
		{Title: "", Category: "notice", Body: "b", EffectiveDate: "2026-03-01"},
		{Title: "t", Category: "gossip", Body: "b", EffectiveDate: "2026-03-01"},
		{Title: "t", Category: "notice", Body: "", EffectiveDate: "2026-03-01"},
		{Title: "t", Category: "notice", Body: "b", EffectiveDate: "March"},
	}
	for i, p := range bad {
		if r := c.Do("nrb-clerk", "disclosure", "publish", p); r.Code == 0 || r.Codespace != "tx" {
			t.Errorf("%d: accepted or wrong code: %d %s %s", i, r.Code, r.Codespace, r.Log)
		}
	}
	// Roles: a reviewer and the gateway may not publish.
	for _, who := range []string{"nrb-reviewer", "gsd-gateway"} {
		if r := c.Do(who, "disclosure", "publish", pub("x")); r.Code == 0 {
			t.Errorf("%s could publish", who)
		}
	}
}

// TestNumberYearIsTheCitys: document numbers count years in China Standard
// Time like every other number: a notice published at 17:00 UTC on 31
// December is already the next year's in the city.
func TestNumberYearIsTheCitys(t *testing.T) {
	c := apptest.New(t, apptest.Options{Start: time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)})
	r := c.MustDo("nrb-clerk", "disclosure", "publish", pub("new year notice"))
	if got := apptest.Event(r, "disclosure.published", "number"); got != "nrb-2027-0001" {
		t.Fatalf("number %q, want nrb-2027-0001", got)
	}
}
