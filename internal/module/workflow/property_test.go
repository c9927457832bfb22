package workflow_test

import (
	"bytes"
	"flag"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/workflow"
)

var (
	propSteps = flag.Int("workflow.steps", 600, "random actions per suite in TestRandomActions")
	propSeed  = flag.Uint64("workflow.seed", 1, "seed of TestRandomActions")
)

// TestRandomActions drives random action sequences (random signer, action,
// step, case, time) through two independent apps fed the same txs. After
// every block: same result codes and app hash on both, and every case
// satisfies CheckCase (current step exists, closed ⇔ outcome, open work
// only at the current step, …) with its history an extension of what it
// was before (append-only).
func TestRandomActions(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		a, b := newChain(t, suite), newChain(t, suite)
		if a.AppHash() != b.AppHash() {
			t.Fatal("genesis differs")
		}
		def := landDef(t)
		def.Version = 1
		r := rand.New(rand.NewPCG(*propSeed, 42))
		staff := staff()
		history := map[string][]workflow.Entry{}
		var cases []string
		outcomes := map[string]int{}
		codes := map[string]int{}
		pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
		// responsible picks staff able to act at a step (or anyone, sometimes).
		responsible := func(st *workflow.Step) string {
			var names []string
			for _, s := range staff {
				for _, role := range s.Roles {
					ok := st.Department == s.Department && slices.Contains(st.Roles, role)
					for _, br := range st.Branches {
						ok = ok || (br.Department == s.Department && slices.Contains(br.Roles, role))
					}
					if ok {
						names = append(names, s.Name)
					}
				}
			}
			if len(names) == 0 || r.IntN(5) == 0 {
				return staff[r.IntN(len(staff))].Name
			}
			return pick(names)
		}
		kinds := []string{"application_form", "site_plan", "environmental_opinion", "land_use_permit"}
		randomAtt := func() []workflow.Attachment {
			var ks []string
			for _, k := range kinds {
				if r.IntN(8) != 0 {
					ks = append(ks, k)
				}
			}
			return att(a, ks...)
		}
		for i := 0; i < *propSteps; i++ {
			var who, action string
			var payload any
			var live []string
			for _, n := range cases {
				if getCase(t, a, n).Status == workflow.StatusOpen {
					live = append(live, n)
				}
			}
			target := func() string {
				if len(live) > 0 && r.IntN(10) != 0 {
					return pick(live)
				}
				return pick(cases)
			}
			switch op := r.IntN(20); {
			case op < 1 || len(live) < 2:
				area := []int64{800, 10000, 10001, 52000}[r.IntN(4)]
				req, _ := openReq(t, a, area)
				if r.IntN(5) == 0 {
					req.Attachments = att(a, "application_form")
				}
				who, action, payload = pick([]string{"nrb-clerk", "nrb-clerk", "gsd-gateway", "eeb-clerk", "nrb-reviewer"}), "open_case", req
			case op < 4:
				d := []time.Duration{time.Hour, 24 * time.Hour, 3 * 24 * time.Hour, 8 * 24 * time.Hour}[r.IntN(4)]
				a.Advance(d)
				b.Advance(d)
				continue
			case op < 6:
				who, action = pick([]string{"gsd-gateway", "nrb-clerk", "eeb-reviewer"}), "file_objection"
				payload = workflow.FileObjectionRequest{Case: target(), Text: "异议"}
			case op < 8:
				who, action = pick([]string{"nrb-clerk", "nrb-approver", "hub-reviewer"}), "answer_objection"
				payload = workflow.AnswerObjectionRequest{Case: target(), Objection: 1 + r.IntN(3), Answer: "答复",
					Outcome: []string{workflow.ObjectionUpheld, workflow.ObjectionDismissed}[r.IntN(2)]}
			case op < 9:
				who, action = pick([]string{"nrb-clerk", "gsd-gateway", "eeb-reviewer"}), "supplement"
				payload = workflow.SupplementRequest{Case: target(), Attachments: randomAtt()}
			default:
				n := target()
				k := getCase(t, a, n)
				step := k.Current
				if r.IntN(6) == 0 {
					step = def.Steps[r.IntN(len(def.Steps))].ID
				}
				st := def.Step(step)
				verbs := st.Actions
				var passes []string
				for _, v := range verbs {
					if v != "reject" && v != "return" && v != "opinion" {
						passes = append(passes, v)
					}
				}
				if len(passes) > 0 && r.IntN(3) != 0 {
					verbs = passes // mostly move forward, so cases get deep
				}
				if len(verbs) == 0 || r.IntN(6) == 0 {
					verbs = []string{"accept", "approve", "reject", "return", "opinion", "issue_document", "complete"}
				}
				who, action = responsible(st), "act"
				payload = workflow.ActRequest{Case: n, Step: step, Action: pick(verbs), Opinion: "意见", Attachments: randomAtt()}
			}
			raw := a.Sign(who, "workflow", action, payload)
			ra, rb := a.Block(raw)[0], b.Block(raw)[0]
			if ra.Code != rb.Code || ra.Codespace != rb.Codespace {
				t.Fatalf("step %d: %s/%d vs %s/%d", i, ra.Codespace, ra.Code, rb.Codespace, rb.Code)
			}
			codes[fmt.Sprintf("%s/%d", ra.Codespace, ra.Code)]++
			if ra.Code != 0 && ra.Codespace == "tx" {
				a.Seqs[who]-- // not executed: the sequence was not consumed
			}
			if a.AppHash() != b.AppHash() {
				t.Fatalf("step %d (%s %s): app hashes differ", i, who, action)
			}
			if n := apptest.Event(ra, "workflow.case_opened", "case"); n != "" {
				cases = append(cases, n)
			}
			for _, n := range cases {
				k := getCase(t, a, n)
				if err := workflow.CheckCase(def, k); err != nil {
					t.Fatalf("step %d (%s %s %+v): %s: %v", i, who, action, payload, n, err)
				}
				prev := history[n]
				if len(k.History) < len(prev) {
					t.Fatalf("step %d: %s history shrank", i, n)
				}
				for j := range prev {
					if !sameEntry(prev[j], k.History[j]) {
						t.Fatalf("step %d: %s history[%d] rewritten", i, n, j)
					}
				}
				history[n] = k.History
			}
		}
		for _, n := range cases {
			k := getCase(t, a, n)
			outcomes[k.Current]++
		}
		t.Logf("%d cases, ending at %v; result codes %v", len(cases), outcomes, codes)
		if outcomes["approved"] == 0 || outcomes["rejected"] == 0 {
			t.Fatal("random cases never reached both ends: the generator is not exploring")
		}
	})
}

func sameEntry(x, y workflow.Entry) bool {
	return x.Seq == y.Seq && x.Step == y.Step && x.Action == y.Action && x.Actor == y.Actor && x.At.Equal(y.At) &&
		x.Opinion == y.Opinion && bytes.Equal(x.TxHash, y.TxHash) && x.Late == y.Late && len(x.Attachments) == len(y.Attachments)
}
