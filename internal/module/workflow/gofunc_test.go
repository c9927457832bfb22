package workflow_test

import (
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
)

// TestGoAPIForOtherModules drives a case the way a land module would: from
// its own handlers, through OpenCase and Act, hearing the outcome in its hook.
func TestGoAPIForOtherModules(t *testing.T) {
	// What the "landtest" origin's hook saw.
	var closedByHook []string
	wf := workflow.New(map[string]workflow.OutcomeHook{"landtest": func(ctx *module.Context, c *workflow.Case) error {
		closedByHook = append(closedByHook, c.Ref+"="+c.Outcome)
		return ctx.KV.Set([]byte("landtest/"+c.Ref), []byte(c.Outcome))
	}})
	s, _ := cryptosuite.ByName("intl")
	db, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	kv := db.Working()
	keys := map[string]cryptosuite.PublicKey{}
	for _, id := range []string{"gov", "nrb", "eeb", "hub"} {
		k, _ := s.GenerateKey()
		keys[id] = k.Public()
		if err := identity.PutDepartment(kv, &identity.Department{ID: id, NameZH: id, NameEN: id, EncryptionKey: k.Public().Bytes()}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC) // 1 January 01:00 in Pingshan
	ctx := func(dept string, roles ...string) *module.Context {
		return &module.Context{KV: kv, Suite: s, BlockTime: now, Height: 9,
			Signer: module.Signer{Address: dept + "-" + roles[0], Department: dept, Roles: roles}}
	}
	// The land process involves several departments: it is published as
	// a passed proposal publishes it.
	if _, err := wf.PublishProcess(ctx("nrb", "admin"), landJSON(t), 1); err != nil {
		t.Fatal(err)
	}
	sealed, _ := workflow.SealPersonalData(s, keys, applicant)
	code, _ := workflow.NewAccessCode()
	req := workflow.OpenCaseRequest{Definition: "land-use", Origin: "landtest", Ref: "APP-7",
		Fields:         map[string]workflow.Value{"parcel_id": workflow.StringValue("P1"), "area_m2": workflow.NumberValue(1)},
		AccessCodeHash: workflow.AccessCodeHash(s, code), RatingTokenHash: workflow.RatingTokenHashFor(s, code), PersonalData: *sealed, Attachments: []workflow.Attachment{{Kind: "application_form", Hash: make([]byte, 32)}, {Kind: "site_plan", Hash: make([]byte, 32)}}}
	c, err := workflow.OpenCase(ctx("gsd", "gateway"), req)
	if err != nil {
		t.Fatal(err)
	}
	if c.Number != "LAND-2027-000001" || c.Origin != "landtest" {
		t.Fatalf("case %s origin %q", c.Number, c.Origin)
	}
	if _, err := wf.Act(ctx("nrb", "clerk"), workflow.ActRequest{Case: c.Number, Step: "accept", Action: "reject", Opinion: "用地性质不符"}); err != nil {
		t.Fatal(err)
	}
	if len(closedByHook) != 1 || closedByHook[0] != "APP-7=rejected" {
		t.Fatalf("hook saw %v", closedByHook)
	}
	if v, _ := kv.Get([]byte("landtest/APP-7")); string(v) != "rejected" {
		t.Fatalf("hook write: %q", v)
	}
}
