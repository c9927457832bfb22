package land_test

import (
	"context"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestApplyParticipant: the applicant's participant hash, given at filing,
// is kept on the case and in the index's wf_cases.participant (where the
// evaluation counts the case's rating under it), never in the case's
// JSON; it is optional; and it has one spelling: 64 lower-case hex digits,
// anything else refused before the case opens.
func TestApplyParticipant(t *testing.T) {
	good := module.Hash(strings.Repeat("ab", 32))
	for _, tc := range []struct {
		name        string
		participant module.Hash
		ok          bool
	}{
		{"with a hash", good, true},
		{"without one", "", true},
		{"upper case", module.Hash(strings.ToUpper(string(good))), false},
		{"63 digits", good[:63], false},
		{"65 digits", good + "a", false},
		{"not hex", module.Hash(strings.Repeat("zz", 32)), false},
		{"0x prefix", "0x" + good[:62], false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, "gm")
			p, _, err := land.NewApplication(c.Suite, c.State(), "PS-2026-001", "", workflow.PersonalData{Name: "张三丰", IDNumber: "440307199001011232", Phone: "13800138000"},
				[]workflow.Attachment{{Kind: "application_form", Hash: h("form")}, {Kind: "site_plan", Hash: h("plan")}})
			if err != nil {
				t.Fatal(err)
			}
			p.Participant = tc.participant
			r := c.Do("gsd-gateway", "land", "apply", p)
			if !tc.ok {
				if r.Code == 0 || !strings.Contains(r.Log, "participant") {
					t.Fatalf("accepted or unnamed: %d %s", r.Code, r.Log)
				}
				if pc, _ := land.GetParcel(c.State(), "PS-2026-001"); pc.Status != land.ParcelAvailable {
					t.Fatalf("parcel %s after a refused application", pc.Status)
				}
				return
			}
			if r.Code != 0 {
				t.Fatal(r.Log)
			}
			no := apptest.Event(r, "land.applied", "case")
			cs, err := workflow.GetCase(c.State(), no)
			if err != nil || cs.Participant != tc.participant {
				t.Fatalf("case %s participant %q, want %q (%v)", no, cs.Participant, tc.participant, err)
			}
			ix, err := index.Open(":memory:", workflow.IndexHandler{})
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
				t.Fatal(err)
			}
			var got string
			if err := ix.DB().QueryRow(`SELECT participant FROM wf_cases WHERE number = ?`, no).Scan(&got); err != nil || got != string(tc.participant) {
				t.Fatalf("index participant %q, want %q (%v)", got, tc.participant, err)
			}
		})
	}
}
