package web

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
)

var (
	docTx       = regexp.MustCompile(`(?s)govchain tx (\S+) (\S+) --from (\S+) --payload (\S+)(?: <<'EOF'\n(.*?)\nEOF)?`)
	docDepts    = regexp.MustCompile(`land\.NewApplicationFor\(suite, \[\]string\{([^}]*)\}`)
	docPD       = regexp.MustCompile(`workflow\.PersonalData\{Name: "([^"]+)", IDNumber: "([^"]+)", Phone: "([^"]+)"\}`)
	docAppHash  = regexp.MustCompile("application form and site plan of the example have the hashes\\s+`([0-9a-f]{64})` and\\s+`([0-9a-f]{64})`")
	docCode     = regexp.MustCompile("verification code is `([A-Z2-7-]{19})` \\(for case\\s+`([^`]+)`\\)")
	docStepRows = regexp.MustCompile("(?m)^\\| \\d \\| `([a-z_]+)` [^|]*\\| ([a-z]+)[^|]*\\|[^|]*\\| (\\d+) days")
)

// TestLandApprovalDoc runs docs/land-approval.md's walk-through — exactly
// its payloads, signers and order — through the real app on a test chain
// (the notice period passed by moving block time), and checks the step
// table and the documented department list and verification code against
// the process, so the page cannot drift from the code.
func TestLandApprovalDoc(t *testing.T) {
	b, err := os.ReadFile("../../docs/land-approval.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	def, err := land.Process()
	if err != nil {
		t.Fatal(err)
	}

	// The step table.
	rows := docStepRows.FindAllStringSubmatch(doc, -1)
	if len(rows) != 7 {
		t.Fatalf("step table: %d rows", len(rows))
	}
	for _, r := range rows {
		st := def.Step(r[1])
		if st == nil || st.Kind != r[2] || strconv.Itoa(st.TimeLimitDays) != r[3] {
			t.Errorf("doc says step %s is a %s with %s days; process.json: %+v", r[1], r[2], r[3], st)
		}
	}
	// The Go example's department list is the process's.
	m := docDepts.FindStringSubmatch(doc)
	if m == nil {
		t.Fatal("no land.NewApplicationFor example")
	}
	var depts []string
	for _, d := range strings.Split(m[1], ",") {
		depts = append(depts, strings.Trim(strings.TrimSpace(d), `"`))
	}
	if !slices.Equal(depts, def.Departments()) {
		t.Fatalf("doc departments %v, process %v", depts, def.Departments())
	}

	g, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.Options{Modules: map[string]any{"workflow": g}})
	// Five applications first, as on a freshly seeded dev chain, so the
	// walk-through's case is LAND-2026-000006 as documented.
	for i := 1; i <= 5; i++ {
		id := fmt.Sprintf("PS-T00-%04d", i)
		c.MustDo("nrb-clerk", "land", "register_parcel", land.RegisterParcel{ID: id, District: "坪山街道", Location: "测试", AreaM2: 1000, Zoning: "mixed"})
		p, _, err := land.NewApplication(c.Suite, c.State(), id, "", workflow.PersonalData{Name: "测试", IDNumber: "440307199001011232"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		c.MustDo("gsd-gateway", "land", "apply", p)
	}

	steps := docTx.FindAllStringSubmatch(doc, -1)
	if len(steps) < 12 {
		t.Fatalf("found %d govchain tx commands in the walk-through", len(steps))
	}
	caseNo := ""
	var accessCode string
	ran := 0
	for _, s := range steps {
		mod, action, from, file, payload := s[1], s[2], s[3], s[4], s[5]
		if file != "-" {
			if mod != "land" || action != "apply" || file != "apply.json" {
				t.Fatalf("unexpected payload file %s for %s/%s", file, mod, action)
			}
			// apply.json is what the documented Go program writes.
			pd := docPD.FindStringSubmatch(doc)
			hs := docAppHash.FindStringSubmatch(doc)
			if pd == nil || hs == nil {
				t.Fatal("the apply example lacks its personal data or document hashes")
			}
			keys := map[string][]byte{}
			for _, id := range depts {
				d, err := identity.GetDepartment(c.State(), id)
				if err != nil {
					t.Fatal(err)
				}
				keys[id] = d.EncryptionKey
			}
			h1, _ := hex.DecodeString(hs[1])
			h2, _ := hex.DecodeString(hs[2])
			p, code, err := land.NewApplicationFor(c.Suite, depts, keys, "PS-G07-0718", "", workflow.PersonalData{Name: pd[1], IDNumber: pd[2], Phone: pd[3]},
				[]workflow.Attachment{{Kind: "application_form", Hash: h1}, {Kind: "site_plan", Hash: h2}})
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := json.Marshal(p)
			r := c.MustDo(from, mod, action, raw)
			caseNo, accessCode = apptest.Event(r, "land.applied", "case"), code
			if caseNo != "LAND-2026-000006" {
				t.Fatalf("the walk-through's case is %s", caseNo)
			}
			ran++
			continue
		}
		if !json.Valid([]byte(payload)) {
			t.Fatalf("%s %s: the payload is not JSON: %s", mod, action, payload)
		}
		if mod == "workflow" && action == "act" && strings.Contains(payload, `"action": "complete"`) {
			// Closing the notice early is refused, as documented…
			if r := c.Do(from, mod, action, []byte(payload)); r.Code == 0 || r.Codespace != "workflow" || r.Code != workflow.ErrNoticeNotElapsed.Code {
				t.Fatalf("complete before 7 days: %s/%d", r.Codespace, r.Code)
			}
			// …and allowed once 7 days of block time have passed.
			c.Advance(7*24*time.Hour + time.Minute)
		}
		if r := c.Do(from, mod, action, []byte(payload)); r.Code != 0 {
			t.Fatalf("documented step %s %s --from %s refused: %s/%d %s\n%s", mod, action, from, r.Codespace, r.Code, r.Log, payload)
		}
		ran++
	}
	if caseNo == "" {
		t.Fatal("the walk-through never applied")
	}

	// Where the documented case ends up.
	cs, err := workflow.GetCase(c.State(), caseNo)
	if err != nil {
		t.Fatal(err)
	}
	if cs.Status != workflow.StatusClosed || cs.Outcome != workflow.OutcomeApproved || !workflow.CheckAccessCode(c.Suite, cs, accessCode) {
		t.Fatalf("case %s: %s %s", caseNo, cs.Status, cs.Outcome)
	}
	visited := map[string]bool{}
	for _, v := range cs.Visits {
		visited[v.Step] = true
	}
	for _, s := range def.Steps {
		if s.Kind != workflow.KindEnd && !visited[s.ID] {
			t.Errorf("the walk-through skips step %s", s.ID)
		}
	}
	if len(cs.Objections) != 1 || !cs.Objections[0].Answered() {
		t.Errorf("objections: %+v", cs.Objections)
	}
	code, _ := land.PermitOfCase(c.State(), caseNo)
	dm := docCode.FindStringSubmatch(doc)
	if dm == nil || dm[2] != caseNo || dm[1] != code || land.VerificationCode(c.Suite, caseNo, "89f61d265a2617ecc752f15342cd98ecc52567b63762447967ee6ca64a53f126") != code {
		t.Fatalf("permit code on chain %s, in the doc %v", code, dm)
	}
	pc, err := land.GetParcel(c.State(), "PS-G07-0718")
	if err != nil || pc.Status != land.ParcelAllocated {
		t.Fatalf("parcel: %+v %v", pc, err)
	}
	fee, _ := c.State().Get([]byte("land/fee/" + caseNo))
	var rv finance.Revenue
	raw, err := c.State().Get(finance.RevenueKey(string(fee)))
	if err == nil {
		err = module.UnmarshalState(raw, &rv)
	}
	if err != nil || rv.AmountFen != 4_680_000_000 || rv.AccountCode != "1030148" || rv.Reference != caseNo {
		t.Fatalf("revenue %s: %+v %v", fee, rv, err)
	}
	if !strings.Contains(doc, finance.Yuan(rv.AmountFen)) {
		t.Errorf("the doc does not state the fee as %s yuan", finance.Yuan(rv.AmountFen))
	}
	t.Logf("ran %d documented transactions; case %s, permit %s, revenue %s", ran, caseNo, code, rv.ID)
}
