package land_test

import (
	"crypto/sha256"
	"encoding/hex"
	"github.com/pingshan/govchain/internal/module"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
)

func h(s string) workflow.HexBytes {
	sum := sha256.Sum256([]byte(s))
	return sum[:]
}

func hexOf(s string) string { return hex.EncodeToString(h(s)) }

func newChain(t *testing.T, suite string) *apptest.Chain {
	g, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.Options{Suite: suite, Modules: map[string]any{"workflow": g}})
	for _, p := range []land.RegisterParcel{
		{ID: "PS-2026-001", District: "坑梓街道", Location: "青松路以东", AreaM2: 8000, Zoning: "industrial"},
		{ID: "PS-2026-002", District: "龙田街道", Location: "锦绣中路", AreaM2: 25000, Zoning: "residential"},
		{ID: "PS-2026-003", District: "碧岭街道", Location: "沙湖片区", AreaM2: 3000, Zoning: "commercial"},
	} {
		c.MustDo("nrb-clerk", "land", "register_parcel", p)
	}
	return c
}

// apply opens a case for a parcel through the gateway and returns its number
// and access code.
func apply(t *testing.T, c *apptest.Chain, parcel string) (string, string) {
	t.Helper()
	p, code, err := land.NewApplication(c.Suite, c.State(), parcel, "", workflow.PersonalData{Name: "张三丰", IDNumber: "440307199001011232", Phone: "13800138000"},
		[]workflow.Attachment{{Kind: "application_form", Hash: h("form " + parcel)}, {Kind: "site_plan", Hash: h("plan " + parcel)}})
	if err != nil {
		t.Fatal(err)
	}
	r := c.MustDo("gsd-gateway", "land", "apply", p)
	return apptest.Event(r, "land.applied", "case"), code
}

func act(c *apptest.Chain, who, caseNo, step, action string, att ...workflow.Attachment) {
	c.T.Helper()
	c.MustDo(who, "workflow", "act", workflow.ActRequest{Case: caseNo, Step: step, Action: action, Opinion: "同意", Attachments: att})
}

// throughDecision takes a case from acceptance to the decision's approval.
func throughDecision(t *testing.T, c *apptest.Chain, no string) {
	act(c, "nrb-clerk", no, "accept", "accept")
	act(c, "nrb-reviewer", no, "review", "approve")
	act(c, "eeb-reviewer", no, "review", "approve", workflow.Attachment{Kind: "environmental_opinion", Hash: h("eia " + no)})
	act(c, "hub-reviewer", no, "review", "approve")
	c.Advance(8 * 24 * time.Hour)
	act(c, "nrb-clerk", no, "notice", "complete")
	act(c, "nrb-approver", no, "decision", "approve")
}

func TestLandLifecycle(t *testing.T) {
	for _, suite := range []string{"gm", "intl"} {
		t.Run(suite, func(t *testing.T) {
			c := newChain(t, suite)
			no, code := apply(t, c, "PS-2026-001")
			if p, _ := land.GetParcel(c.State(), "PS-2026-001"); p.Status != land.ParcelInReview {
				t.Fatalf("parcel %s after apply", p.Status)
			}
			// A second application for a parcel under review is refused.
			if r := c.Do("gsd-gateway", "land", "apply", mustApplication(t, c, "PS-2026-001")); r.Codespace != "land" || r.Code != land.ErrParcelBusy.Code {
				t.Fatalf("second application: %s/%d %s", r.Codespace, r.Code, r.Log)
			}
			throughDecision(t, c, no)

			docHash := hexOf("permit " + no)
			r := c.MustDo("nrb-clerk", "land", "issue_permit", land.IssuePermit{Case: no, DocHash: module.Hash(docHash)})
			vcode := apptest.Event(r, "land.permit_issued", "code")
			permit, err := land.PermitByCode(c.State(), strings.ToLower(vcode))
			if err != nil || permit.Case != no || permit.DocHash.String() != docHash {
				t.Fatalf("permit by code %s: %+v %v", vcode, permit, err)
			}
			// Completing the fee step without recording the fee is refused.
			if r := c.Do("fin-officer", "workflow", "act", workflow.ActRequest{Case: no, Step: land.StepLandFee, Action: "approve"}); r.Code == 0 {
				t.Fatal("fee step completed without a fee")
			}
			// Only the Finance Bureau's finance role records the fee.
			fee := land.RecordFee{Case: no, AmountFen: 1_250_000_00, Payer: finance.Payee{Name: "深圳市坪山新材料有限公司", Kind: "organisation", CreditCode: "91440300MA5ABCDE1X"}}
			if r := c.Do("nrb-clerk", "land", "record_fee", fee); r.Code == 0 {
				t.Fatal("a clerk recorded the fee")
			}
			// A person paying is sealed like a payee: a name in clear is
			// refused; sealed (intl run), only the mask reaches the chain.
			if r := c.Do("fin-officer", "land", "record_fee", land.RecordFee{Case: no, AmountFen: 1_250_000_00,
				Payer: finance.Payee{Name: "王五", Kind: finance.PayeeIndividual}}); r.Code == 0 {
				t.Fatal("a person's name in clear was recorded")
			}
			if suite == "intl" {
				ps, err := finance.NewPayeeSealer(c.Suite, c.State())
				if err != nil {
					t.Fatal(err)
				}
				if fee.Payer, err = ps.Party(finance.PayeeData{Name: "王五", Kind: finance.PayeeIndividual, Account: "6222020200998877665"}, false); err != nil {
					t.Fatal(err)
				}
			}
			rf := c.MustDo("fin-officer", "land", "record_fee", fee)
			if suite == "intl" {
				raw, _ := c.State().Get(finance.RevenueKey(apptest.Event(rf, "land.fee_recorded", "revenue")))
				if len(raw) == 0 || strings.Contains(string(raw), "王五") || strings.Contains(string(raw), "6222020200998877665") {
					t.Fatalf("revenue record holds the payer in clear (%d bytes)", len(raw))
				}
			}

			cs, _ := workflow.GetCase(c.State(), no)
			if cs.Status != workflow.StatusClosed || cs.Outcome != workflow.OutcomeApproved {
				t.Fatalf("case %s %s", cs.Status, cs.Outcome)
			}
			if p, _ := land.GetParcel(c.State(), "PS-2026-001"); p.Status != land.ParcelAllocated {
				t.Fatalf("parcel %s after completion", p.Status)
			}
			if err := finance.CheckInvariants(c.State()); err != nil {
				t.Fatal(err)
			}
			view, err := workflow.ReadPublic(c.State(), c.Suite, no, code, c.Now())
			if err != nil || view.Outcome != workflow.OutcomeApproved {
				t.Fatalf("public view: %+v %v", view, err)
			}
		})
	}
}

func mustApplication(t *testing.T, c *apptest.Chain, parcel string) *land.Apply {
	p, _, err := land.NewApplication(c.Suite, c.State(), parcel, "", workflow.PersonalData{Name: "李四", IDNumber: "440307198001011115"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLargeParcelNeedsCityApproval(t *testing.T) {
	c := newChain(t, "intl")
	no, _ := apply(t, c, "PS-2026-002")
	throughDecision(t, c, no)
	cs, _ := workflow.GetCase(c.State(), no)
	if cs.Current != "city_approval" {
		t.Fatalf("25,000 m² case at %q, want city_approval", cs.Current)
	}
	if r := c.Do("nrb-clerk", "land", "issue_permit", land.IssuePermit{Case: no, DocHash: module.Hash(hexOf("p"))}); r.Code == 0 {
		t.Fatal("permit issued before the City Government approved")
	}
	act(c, "gov-approver", no, "city_approval", "approve")
	c.MustDo("nrb-clerk", "land", "issue_permit", land.IssuePermit{Case: no, DocHash: module.Hash(hexOf("p"))})
}

func TestRejectionFreesParcel(t *testing.T) {
	c := newChain(t, "intl")
	no, _ := apply(t, c, "PS-2026-003")
	c.MustDo("nrb-clerk", "workflow", "act", workflow.ActRequest{Case: no, Step: "accept", Action: "reject", Opinion: "用途不符合规划"})
	if p, _ := land.GetParcel(c.State(), "PS-2026-003"); p.Status != land.ParcelAvailable {
		t.Fatalf("parcel %s after rejection", p.Status)
	}
	apply(t, c, "PS-2026-003") // may apply again
}

func TestRegistryRefusals(t *testing.T) {
	c := newChain(t, "intl")
	cases := []struct {
		name, who string
		p         land.RegisterParcel
		space     string
		code      uint32
	}{
		{"duplicate", "nrb-clerk", land.RegisterParcel{ID: "PS-2026-001", District: "d", Location: "l", AreaM2: 1, Zoning: "industrial"}, "land", land.ErrParcelExists.Code},
		{"other department", "eeb-admin", land.RegisterParcel{ID: "PS-2026-009", District: "d", Location: "l", AreaM2: 1, Zoning: "industrial"}, "land", land.ErrWrongDepartment.Code},
		{"bad zoning", "nrb-clerk", land.RegisterParcel{ID: "PS-2026-010", District: "d", Location: "l", AreaM2: 1, Zoning: "castle"}, "tx", 9},
		{"zero area", "nrb-clerk", land.RegisterParcel{ID: "PS-2026-011", District: "d", Location: "l", AreaM2: 0, Zoning: "public"}, "tx", 9},
	}
	for _, tc := range cases {
		r := c.Do(tc.who, "land", "register_parcel", tc.p)
		if r.Codespace != tc.space || r.Code != tc.code {
			t.Errorf("%s: got %s/%d (%s), want %s/%d", tc.name, r.Codespace, r.Code, r.Log, tc.space, tc.code)
		}
	}
}
