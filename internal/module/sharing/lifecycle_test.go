package sharing_test

import (
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/tx"
)

var monday = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 CST

func TestCatalogueVersionsAndRetire(t *testing.T) {
	c := newChain(t, monday)
	registerAll(c)
	r := eiaResource()
	r.Description = "环评批复（含验收）"
	c.MustDo("eeb-admin", "sharing", "register_resource", r)
	res, err := sharing.GetResource(c.State(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if res.Current.Version != 2 || res.Current.Description != r.Description || res.Department != "eeb" {
		t.Fatalf("resource %+v", res)
	}
	// Another department cannot overwrite it.
	wantCode(t, c.Do("hub-admin", "sharing", "register_resource", r), sharing.ErrOtherDepartment)
	wantCode(t, c.Do("hub-admin", "sharing", "retire_resource", sharing.RetireResource{ID: r.ID, Reason: "x"}), sharing.ErrOtherDepartment)
	c.MustDo("eeb-admin", "sharing", "retire_resource", sharing.RetireResource{ID: r.ID, Reason: "并入新目录"})
	vs, err := sharing.ResourceVersions(c.State(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Version != 1 || vs[0].Description != eiaResource().Description {
		t.Fatalf("versions %+v", vs)
	}
	res, _ = sharing.GetResource(c.State(), r.ID)
	if res.Retired == nil || res.RetiredWhy != "并入新目录" {
		t.Fatalf("retired %+v", res)
	}
	wantCode(t, c.Do("eeb-admin", "sharing", "register_resource", r), sharing.ErrRetired)
	wantCode(t, c.Do("hub-reviewer", "sharing", "request", sharing.RequestData{Resource: r.ID, Fields: []string{"parcel_id"},
		Purpose: "p", DurationDays: 1}), sharing.ErrRetired)
}

func TestRegisterValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*sharing.RegisterResource)
	}{
		{"conditional without legal basis", func(r *sharing.RegisterResource) { r.LegalBasis = "" }},
		{"unknown class", func(r *sharing.RegisterResource) { r.ShareClass = "maybe" }},
		{"unknown field type", func(r *sharing.RegisterResource) { r.Fields[0].Type = "blob" }},
		{"field twice", func(r *sharing.RegisterResource) { r.Fields[1].Name = r.Fields[0].Name }},
		{"no fields", func(r *sharing.RegisterResource) { r.Fields = nil }},
		{"open to public with a personal field", func(r *sharing.RegisterResource) { r.OpenToPublic = true }},
		{"bad id", func(r *sharing.RegisterResource) { r.ID = "EEB EIA" }},
		{"bad frequency", func(r *sharing.RegisterResource) { r.Frequency = "sometimes" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := eiaResource()
			tc.edit(&r)
			if err := r.Validate(); err == nil {
				t.Fatal("accepted")
			}
		})
	}
	c := newChain(t, monday)
	r := eiaResource()
	r.LegalBasis = ""
	if res := c.Do("eeb-admin", "sharing", "register_resource", r); res.Codespace != tx.ErrInvalidPayload.Codespace || res.Code != tx.ErrInvalidPayload.Code {
		t.Fatalf("got %s/%d", res.Codespace, res.Code)
	}
}

func TestUnconditionalGrantedInTheSameBlock(t *testing.T) {
	c := newChain(t, monday)
	registerAll(c)
	h := c.Height()
	id := ask(t, c, "nrb-reviewer", "hub-enterprise-qualifications", "enterprise_name", "qualification")
	req := request(t, c, id)
	if req.State != sharing.StateGranted || req.Height != h+1 || req.Answer.Height != req.Height || req.Answer.By != "catalogue" {
		t.Fatalf("request %+v answer %+v", req, req.Answer)
	}
	if want := req.Created.AddDate(0, 0, 30); !req.Grant.ValidUntil.Equal(want) || len(req.Grant.Fields) != 2 {
		t.Fatalf("grant %+v", req.Grant)
	}
	// A field the resource does not have.
	wantCode(t, c.Do("nrb-reviewer", "sharing", "request", sharing.RequestData{Resource: "hub-enterprise-qualifications",
		Fields: []string{"owner_phone"}, Purpose: "p", DurationDays: 1}), sharing.ErrFieldNotInScope)
	// A department does not request its own data.
	wantCode(t, c.Do("hub-reviewer", "sharing", "request", sharing.RequestData{Resource: "hub-enterprise-qualifications",
		Fields: []string{"credit_code"}, Purpose: "p", DurationDays: 1}), sharing.ErrOwnResource)
}

func TestNotSharedRefusedWithoutLegalBasis(t *testing.T) {
	c := newChain(t, monday)
	registerAll(c)
	wantCode(t, c.Do("fin-admin", "sharing", "request", sharing.RequestData{Resource: "aud-working-papers",
		Fields: []string{"finding"}, Purpose: "了解审计发现", DurationDays: 5}), sharing.ErrNotShared)
	if reqs, _ := sharing.Requests(c.State()); len(reqs) != 0 {
		t.Fatalf("a refused request was stored: %+v", reqs)
	}
	// With a legal basis it goes to the data bureau, which upholds the refusal.
	id := ask(t, c, "nrb-reviewer", "aud-working-papers", "audit_no")
	req := request(t, c, id)
	if req.State != sharing.StateArbitration || req.Escalation != sharing.EscalationNotShared {
		t.Fatalf("request %+v", req)
	}
	// The owner cannot answer it; only the bureau decides.
	wantCode(t, c.Do("aud-admin", "sharing", "answer", refuse(id, sharing.ReasonNotShared)), sharing.ErrRequestState)
	wantCode(t, c.Do("nrb-admin", "sharing", "arbitrate", refuse(id, sharing.ReasonNotShared)), sharing.ErrNotDataBureau)
	c.MustDo("gsd-admin", "sharing", "arbitrate", refuse(id, sharing.ReasonNotShared))
	req = request(t, c, id)
	if req.State != sharing.StateRefused || !req.Answer.Final || req.Answer.Department != "gsd" || req.Answer.Reason != sharing.ReasonNotShared {
		t.Fatalf("request %+v answer %+v", req, req.Answer)
	}
	wantCode(t, c.Do("gsd-admin", "sharing", "arbitrate", grant(id, c.Now().Add(time.Hour), 0, "audit_no")), sharing.ErrRequestState)
}

func TestConditionalGrantAccessRevoke(t *testing.T) {
	c := newChain(t, monday)
	registerAll(c)
	id := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id", "approval_no", "conclusion")
	req := request(t, c, id)
	if req.State != sharing.StatePending || req.Deadline == nil {
		t.Fatalf("request %+v", req)
	}
	// 10 working days from Monday 2 March: due by 16 March, 24:00 CST.
	if want := cst("2026-03-17 00:00:00"); !req.Deadline.Equal(want) {
		t.Fatalf("deadline %s, want %s", req.Deadline.In(module.CST()), want)
	}
	until := c.Now().Add(30 * 24 * time.Hour)
	wantCode(t, c.Do("nrb-admin", "sharing", "answer", grant(id, until, 2, "parcel_id")), sharing.ErrOtherDepartment)
	wantCode(t, c.Do("eeb-reviewer", "sharing", "answer", grant(id, until, 2, "applicant_name")), sharing.ErrFieldNotInScope)
	wantCode(t, c.Do("eeb-reviewer", "sharing", "answer", grant(id, c.Now().Add(31*24*time.Hour), 2, "parcel_id")), sharing.ErrInvalid)
	c.Advance(24 * time.Hour)
	c.MustDo("eeb-reviewer", "sharing", "answer", grant(id, c.Now().Add(30*24*time.Hour), 2, "parcel_id", "conclusion"))
	req = request(t, c, id)
	if req.State != sharing.StateGranted || req.Answer.WorkingDays != 1 || req.Answer.Final {
		t.Fatalf("request %+v answer %+v", req, req.Answer)
	}
	wantCode(t, c.Do("eeb-reviewer", "sharing", "answer", refuse(id, sharing.ReasonOther)), sharing.ErrRequestState)

	access := func(who string, fields ...string) sharing.RecordAccess {
		return sharing.RecordAccess{Grant: id, Fields: fields, Purpose: "审查 LAND-2026-000001", RequesterAccount: c.Addrs["hub-reviewer"], DeliveredHash: hashA}
	}
	wantCode(t, c.Do("eeb-reviewer", "sharing", "record_access", access("eeb-reviewer", "approval_no")), sharing.ErrFieldNotInScope)
	wantCode(t, c.Do("hub-admin", "sharing", "record_access", access("hub-admin", "parcel_id")), sharing.ErrOtherDepartment)
	c.MustDo("eeb-reviewer", "sharing", "record_access", access("eeb-reviewer", "parcel_id", "conclusion"))
	c.MustDo("eeb-admin", "sharing", "record_access", access("eeb-admin", "parcel_id"))
	if g := request(t, c, id).Grant; g.Uses != 2 || g.UsesLeft() != 0 {
		t.Fatalf("grant %+v", g)
	}
	wantCode(t, c.Do("eeb-reviewer", "sharing", "record_access", access("eeb-reviewer", "parcel_id")), sharing.ErrGrantInvalid)
	acc, err := sharing.Accesses(c.State())
	if err != nil || len(acc) != 2 || acc[0].DeliveredHash != hashA || acc[0].Requester != "hub" || acc[0].Grant != id {
		t.Fatalf("accesses %+v %v", acc, err)
	}

	// A second grant, revoked: the next delivery is refused.
	id2 := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id")
	c.MustDo("eeb-admin", "sharing", "answer", grant(id2, c.Now().Add(24*time.Hour), 0, "parcel_id"))
	c.MustDo("eeb-reviewer", "sharing", "record_access", sharing.RecordAccess{Grant: id2, Fields: []string{"parcel_id"}, Purpose: "p", DeliveredHash: hashA})
	wantCode(t, c.Do("hub-admin", "sharing", "revoke", sharing.Revoke{Grant: id2, Reason: "x"}), sharing.ErrOtherDepartment)
	c.MustDo("eeb-admin", "sharing", "revoke", sharing.Revoke{Grant: id2, Reason: "地块信息更正中"})
	wantCode(t, c.Do("eeb-reviewer", "sharing", "record_access", sharing.RecordAccess{Grant: id2, Fields: []string{"parcel_id"}, Purpose: "p", DeliveredHash: hashA}), sharing.ErrGrantInvalid)
	wantCode(t, c.Do("eeb-admin", "sharing", "revoke", sharing.Revoke{Grant: id2, Reason: "again"}), sharing.ErrRequestState)

	// A third, expired: delivery after valid_until is refused.
	id3 := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id")
	c.MustDo("eeb-admin", "sharing", "answer", grant(id3, c.Now().Add(time.Hour), 0, "parcel_id"))
	c.Advance(time.Hour)
	wantCode(t, c.Do("eeb-reviewer", "sharing", "record_access", sharing.RecordAccess{Grant: id3, Fields: []string{"parcel_id"}, Purpose: "p", DeliveredHash: hashA}), sharing.ErrGrantInvalid)

	// A refusal must carry a reason code and text.
	id4 := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "applicant_name")
	bad := refuse(id4, sharing.ReasonPurpose)
	bad.ReasonText = ""
	if r := c.Do("eeb-admin", "sharing", "answer", bad); r.Codespace != "tx" || r.Code != tx.ErrInvalidPayload.Code {
		t.Fatalf("refusal without text: %s/%d", r.Codespace, r.Code)
	}
	c.MustDo("eeb-admin", "sharing", "answer", refuse(id4, sharing.ReasonPurpose))
	if req := request(t, c, id4); req.State != sharing.StateRefused || req.Answer.Reason != sharing.ReasonPurpose {
		t.Fatalf("request %+v", req)
	}
}
