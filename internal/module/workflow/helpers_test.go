package workflow_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/network"
)

// The applicant of every test case. These strings must never appear in
// chain state or in a public view.
var applicant = workflow.PersonalData{Name: "张三丰", IDNumber: "440300199001011238", Phone: "13800138000", Address: "坪山区龙田街道龙兴路8号"}

var suites = []string{cryptosuite.GM, cryptosuite.Intl}

func forSuites(t *testing.T, fn func(t *testing.T, suite string)) {
	for _, s := range suites {
		t.Run(s, func(t *testing.T) { fn(t, s) })
	}
}

func landJSON(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/land.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func landDef(t testing.TB) *workflow.Definition {
	d, err := workflow.ParseDefinition(landJSON(t))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// staff adds a clerk outside nrb to the demo staff, to try opening a case
// from the wrong department.
func staff() []apptest.Staff {
	var out []apptest.Staff
	for _, a := range network.DemoAccounts() {
		out = append(out, apptest.Staff{Name: a.Name, Department: a.Department, Roles: a.Roles})
	}
	return append(out, apptest.Staff{Name: "eeb-clerk", Department: "eeb", Roles: []string{module.RoleClerk}})
}

// newChain starts a chain with the land definition published at genesis.
func newChain(t testing.TB, suite string) *apptest.Chain {
	return apptest.New(t, apptest.Options{Suite: suite, Staff: staff(),
		Modules: map[string]any{"workflow": map[string]any{"definitions": []json.RawMessage{landJSON(t)}}}})
}

// h is a 32-byte document hash of a name.
func h(c *apptest.Chain, name string) workflow.HexBytes { return c.Suite.Hash([]byte("doc:" + name)) }

func att(c *apptest.Chain, kinds ...string) []workflow.Attachment {
	var out []workflow.Attachment
	for _, k := range kinds {
		out = append(out, workflow.Attachment{Kind: k, Hash: h(c, k)})
	}
	return out
}

// deptKeys are the departments' encryption keys from chain state.
func deptKeys(t testing.TB, c *apptest.Chain, ids []string) map[string]cryptosuite.PublicKey {
	out := map[string]cryptosuite.PublicKey{}
	for _, id := range ids {
		d, err := identity.GetDepartment(c.State(), id)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := c.Suite.ParsePublicKey(d.EncryptionKey)
		if err != nil {
			t.Fatal(err)
		}
		out[id] = pub
	}
	return out
}

// openReq builds an open_case payload as a window client would: fresh
// access code, personal data sealed for the process's departments.
func openReq(t testing.TB, c *apptest.Chain, area int64, attachments ...string) (workflow.OpenCaseRequest, string) {
	t.Helper()
	code, err := workflow.NewAccessCode()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := workflow.SealPersonalData(c.Suite, deptKeys(t, c, landDef(t).Departments()), applicant)
	if err != nil {
		t.Fatal(err)
	}
	if attachments == nil {
		attachments = []string{"application_form", "site_plan"}
	}
	return workflow.OpenCaseRequest{Definition: "land-use",
		Fields:         map[string]workflow.Value{"parcel_id": workflow.StringValue("PS-2026-0042"), "area_m2": workflow.NumberValue(area), "use": workflow.StringValue("industrial")},
		AccessCodeHash: workflow.AccessCodeHash(c.Suite, code), RatingTokenHash: workflow.RatingTokenHashFor(c.Suite, code), PersonalData: *sealed, Attachments: att(c, attachments...)}, code
}

// open opens a land case as nrb-clerk and returns its number and access code.
func open(t testing.TB, c *apptest.Chain, area int64, attachments ...string) (string, string) {
	t.Helper()
	req, code := openReq(t, c, area, attachments...)
	r := c.MustDo("nrb-clerk", "workflow", "open_case", req)
	n := apptest.Event(r, "workflow.case_opened", "case")
	if n == "" {
		t.Fatalf("no case number in %v", r.Events)
	}
	return n, code
}

func act(number, step, action string, attachments []workflow.Attachment) workflow.ActRequest {
	op := ""
	if action == workflow.ActReject || action == workflow.ActReturn || action == workflow.ActOpinion {
		op = "理由：" + action
	}
	return workflow.ActRequest{Case: number, Step: step, Action: action, Opinion: op, Attachments: attachments}
}

func mustAct(t testing.TB, c *apptest.Chain, who, number, step, action string, attachments ...string) {
	t.Helper()
	c.MustDo(who, "workflow", "act", act(number, step, action, att(c, attachments...)))
}

func getCase(t testing.TB, c *apptest.Chain, number string) *workflow.Case {
	t.Helper()
	k, err := workflow.GetCase(c.State(), number)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// wantCode checks a refusal's (codespace, code) against a registered error.
func wantCode(t testing.TB, r *abci.ExecTxResult, want *errcode.Error) {
	t.Helper()
	if r.Codespace != want.Codespace || r.Code != want.Code {
		t.Fatalf("got %s/%d %q, want %s/%d (%s)", r.Codespace, r.Code, r.Log, want.Codespace, want.Code, want.Desc)
	}
}

// toReview takes a fresh case through acceptance.
func toReview(t testing.TB, c *apptest.Chain, area int64) (string, string) {
	n, code := open(t, c, area)
	mustAct(t, c, "nrb-clerk", n, "accept", workflow.ActAccept)
	return n, code
}

// toNotice takes a fresh case through the joint review.
func toNotice(t testing.TB, c *apptest.Chain, area int64) (string, string) {
	n, code := toReview(t, c, area)
	mustAct(t, c, "nrb-reviewer", n, "review", workflow.ActApprove)
	mustAct(t, c, "eeb-reviewer", n, "review", workflow.ActApprove, "environmental_opinion")
	mustAct(t, c, "hub-reviewer", n, "review", workflow.ActApprove)
	return n, code
}

// toDecision lets the notice run out and closes it.
func toDecision(t testing.TB, c *apptest.Chain, area int64) (string, string) {
	n, code := toNotice(t, c, area)
	c.Advance(7 * 24 * time.Hour)
	mustAct(t, c, "nrb-clerk", n, "notice", workflow.ActComplete)
	return n, code
}

func stepsOf(k *workflow.Case) string {
	var s []string
	for _, v := range k.Visits {
		s = append(s, v.Step+"/"+v.Department+"="+v.Result)
	}
	return strings.Join(s, " ")
}
