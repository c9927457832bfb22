package sharing_test

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// landChain is a chain with the land process and one parcel in review.
func landChain(t *testing.T) (*apptest.Chain, string) {
	t.Helper()
	g, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.Options{Start: monday, Modules: map[string]any{"workflow": g}})
	c.MustDo("nrb-clerk", "land", "register_parcel", land.RegisterParcel{ID: "PS-2026-001", District: "坑梓街道", Location: "青松路以东", AreaM2: 8000, Zoning: "industrial"})
	sum := sha256.Sum256([]byte("form"))
	p, _, err := land.NewApplication(c.Suite, c.State(), "PS-2026-001", "", workflow.PersonalData{Name: "张三丰", IDNumber: "440307199001011232", Phone: "13800138000"},
		[]workflow.Attachment{{Kind: "application_form", Hash: sum[:]}, {Kind: "site_plan", Hash: sum[:]}})
	if err != nil {
		t.Fatal(err)
	}
	no := apptest.Event(c.MustDo("gsd-gateway", "land", "apply", p), "land.applied", "case")
	return c, no
}

// TestAttachToCase: the housing bureau, reviewing a land case, asks the
// ecology bureau for the parcel's environmental-impact approval under the
// case; once delivered, the review attaches it and the case is spared the
// material. Each refusal names what is wrong: a grant made for another
// case, a department not reviewing yet, the same material twice, a
// delivery to another department.
func TestAttachToCase(t *testing.T) {
	c, no := landChain(t)
	c.MustDo("eeb-admin", "sharing", "register_resource", eiaResource())
	c.MustDo("hub-reviewer", "sharing", "request", sharing.RequestData{Resource: "eeb-eia-approvals", Fields: []string{"parcel_id", "conclusion"},
		Purpose: "建设用地审查", LegalBasis: "《土地管理法》", CaseNo: no, DurationDays: 30})
	id := uint64(1)
	c.MustDo("hub-reviewer", "sharing", "request", sharing.RequestData{Resource: "eeb-eia-approvals", Fields: []string{"parcel_id"},
		Purpose: "建设用地审查", LegalBasis: "《土地管理法》", CaseNo: "LAND-2026-999999", DurationDays: 30})
	other := uint64(2) // made for another case
	until := c.Now().Add(20 * 24 * time.Hour)
	c.MustDo("eeb-reviewer", "sharing", "answer", grant(id, until, 0, "parcel_id", "conclusion"))
	c.MustDo("eeb-reviewer", "sharing", "answer", grant(other, until, 0, "parcel_id"))
	c.MustDo("eeb-reviewer", "sharing", "record_access", sharing.RecordAccess{Grant: id, Fields: []string{"parcel_id", "conclusion"}, Purpose: "建设用地审查", DeliveredHash: hashA})
	c.MustDo("eeb-reviewer", "sharing", "record_access", sharing.RecordAccess{Grant: other, Fields: []string{"parcel_id"}, Purpose: "审查", DeliveredHash: hashA})

	// At acceptance nobody but the natural resources bureau is at work.
	wantCode(t, c.Do("hub-reviewer", "sharing", "attach_to_case", sharing.AttachToCase{Case: no, Access: 1}), sharing.ErrNotForCase)
	c.MustDo("nrb-clerk", "workflow", "act", workflow.ActRequest{Case: no, Step: "accept", Action: "accept", Opinion: "受理"})
	for _, tc := range []struct {
		name string
		who  string
		in   sharing.AttachToCase
		want *errcode.Error
	}{
		{"grant made for another case", "hub-reviewer", sharing.AttachToCase{Case: no, Access: 2}, sharing.ErrNotForCase},
		{"delivery to another department", "nrb-reviewer", sharing.AttachToCase{Case: no, Access: 1}, sharing.ErrOtherDepartment},
		{"no such access", "hub-reviewer", sharing.AttachToCase{Case: no, Access: 9}, sharing.ErrAccessNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, c.Do(tc.who, "sharing", "attach_to_case", tc.in), tc.want)
		})
	}
	res := c.MustDo("hub-reviewer", "sharing", "attach_to_case", sharing.AttachToCase{Case: no, Access: 1})
	if got := apptest.Event(res, "sharing.material_saved", "owner"); got != "eeb" {
		t.Fatalf("event owner %q", got)
	}
	wantCode(t, c.Do("hub-reviewer", "sharing", "attach_to_case", sharing.AttachToCase{Case: no, Access: 1}), sharing.ErrRequestState)
	ms, err := sharing.CaseMaterials(c.State(), no)
	if err != nil || len(ms) != 1 {
		t.Fatalf("materials %v %+v", err, ms)
	}
	if m := ms[0]; m.Owner != "eeb" || m.Requester != "hub" || m.Step != "review" || m.DeliveredHash != module.Hash(hashA) || m.NameZH != eiaResource().NameZH {
		t.Fatalf("material %+v", m)
	}
	ix, err := index.Open(":memory:", sharing.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		dept string
		want int
	}{{"", 1}, {"hub", 1}, {"nrb", 0}} {
		if n, err := sharing.MaterialsSavedSince(ix.DB(), tc.dept, 0); err != nil || n != tc.want {
			t.Errorf("index: %q saved %d (%v), want %d", tc.dept, n, err, tc.want)
		}
	}
	all, _ := sharing.Requests(c.State())
	mats, _ := sharing.Materials(c.State())
	if rows := sharing.Stats(all, mats, sharing.StatsQuery{By: sharing.ByRequester}); len(rows) != 1 || rows[0].MaterialsSaved != 1 {
		t.Fatalf("stats %+v", rows)
	}
}
