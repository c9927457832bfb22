package workflow_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module"
)

// TestOpenCaseParticipant: workflow.open_case keeps the applicant's
// participant hash on the case (and out of its JSON: counted, never
// shown), opens without one, and refuses any other spelling than 64
// lower-case hex digits with a message naming the field.
func TestOpenCaseParticipant(t *testing.T) {
	good := module.Hash(strings.Repeat("0f", 32))
	for _, tc := range []struct {
		name        string
		participant module.Hash
		ok          bool
	}{
		{"with a hash", good, true},
		{"without one", "", true},
		{"upper case", module.Hash(strings.ToUpper(string(good))), false},
		{"short", good[:62], false},
		{"not hex", module.Hash(strings.Repeat("g0", 32)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, "gm")
			req, _ := openReq(t, c, 5000)
			req.Participant = tc.participant
			r := c.Do("nrb-clerk", "workflow", "open_case", req)
			if !tc.ok {
				if r.Code == 0 || !strings.Contains(r.Log, "participant") {
					t.Fatalf("accepted or unnamed: %d %s", r.Code, r.Log)
				}
				return
			}
			if r.Code != 0 {
				t.Fatal(r.Log)
			}
			cs := getCase(t, c, apptest.Event(r, "workflow.case_opened", "case"))
			if cs.Participant != tc.participant {
				t.Fatalf("participant %q, want %q", cs.Participant, tc.participant)
			}
			if b, _ := json.Marshal(cs); tc.participant != "" && strings.Contains(string(b), string(tc.participant)) {
				t.Fatal("the participant hash is in the case's JSON")
			}
		})
	}
}
