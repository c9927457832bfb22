package app_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/network"
)

const hash64 = "5f0c3e1a9b7d2c4e6f8a0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f6"

// permissionSamples are payloads that pass each action's Decode (so the
// role check is what decides); docs/examples/<module>/*.json are tried as
// well. A new action needs a sample here or an example there, else
// TestPermissionMatrix fails and says so.
var permissionSamples = map[string]string{
	"identity/add_member":       `{"name":"matrix-new","public_key":"04ab","roles":["clerk"]}`,
	"identity/suspend_member":   `{"address":"00000000000000000000000000000000000000aa","reason":"matrix"}`,
	"identity/reinstate_member": `{"address":"00000000000000000000000000000000000000aa","reason":"matrix"}`,
	"identity/set_validity":     `{"address":"00000000000000000000000000000000000000aa","valid_until_unix":1900000000,"reason":"matrix"}`,
	"identity/set_roles":        `{"address":"00000000000000000000000000000000000000aa","roles":["clerk"]}`,
	"notary/anchor":             `{"doc_hash":"` + hash64 + `","title":"matrix"}`,
	"disclosure/publish":        `{"title":"matrix","category":"notice","body":"matrix","effective_date":"2026-03-01"}`,
	"disclosure/amend":          `{"number":"nrb-2026-0001","amends":1,"title":"matrix","category":"notice","body":"matrix","effective_date":"2026-03-01","reason":"matrix"}`,
	"feedback/submit":           `{"kind":"suggestion","department":"nrb","subject":"matrix","text":"matrix","salt":"00112233445566778899aabbccddeeff","anonymous":true}`,
	"feedback/rate":             `{"case_no":"FB-2026-000001","level":"satisfied","rating_token":"` + hash64 + `"}`,
	"feedback/reply":            `{"receipt":"R1","text":"matrix"}`,
	"feedback/close_task":       `{"task":"T1","text":"matrix"}`,
	"feedback/hide":             `{"receipt":"R1","reason":"matrix"}`,
	"land/register_parcel":      `{"id":"PS-MATRIX-1","district":"坪山","location":"matrix","area_m2":100,"zoning":"industrial"}`,
	"land/apply":                `{"parcel":"PS-MATRIX-1"}`,
	"land/issue_permit":         `{"case":"LAND-2026-000001","doc_hash":"` + hash64 + `"}`,
	"finance/request_payment": `{"allocation_id":"AL-2026-0001","amount_fen":100,"purpose":"matrix","date":"2026-03-01","payee":{"name":"宋*","kind":"individual","commitment":"` +
		hash64 + `","sealed":{"ciphertext":"abcd","wrapped_keys":{"fin":"abcd","aud":"abcd"}}}}`,
	"land/record_fee":             `{"case":"LAND-2026-000001","amount_fen":100,"payer":{"name":"matrix","kind":"organisation"}}`,
	"workflow/publish_definition": `{}`,
	"workflow/open_case": `{"definition":"land-use","access_code_hash":"` + hash64 + `","rating_token_hash":"` + hash64 +
		`","personal_data":{"ciphertext":"abcd","wrapped_keys":{"nrb":"abcd"}}}`,
	"workflow/act":                `{"case":"LAND-2026-000001","step":"review","action":"approve"}`,
	"workflow/supplement":         `{"case":"LAND-2026-000001","attachments":[{"kind":"plan","hash":"` + hash64 + `"}]}`,
	"workflow/file_objection":     `{"case":"LAND-2026-000001","text":"matrix"}`,
	"workflow/answer_objection":   `{"case":"LAND-2026-000001","objection":1,"outcome":"dismissed","answer":"matrix"}`,
	"governance/propose":          `{"type":"param","payload":{"name":"feedback.rectify_days","value":10}}`,
	"governance/vote":             `{"proposal":1,"choice":"yes"}`,
	"governance/withdraw":         `{"proposal":1,"reason":"matrix"}`,
	"governance/freeze":           `{"kind":"process","target":"land-use","reason":"matrix"}`,
	"governance/cosign_freeze":    `{"freeze":1}`,
	"governance/validator_attest": `{"pub_key":"` + hash64 + `","height":2,"block_hash":"` + hash64 + `","signature":"` + hash64 + hash64 + `"}`,
	"governance/rotate_enc_key":   `{"department":"nrb","new_key":"04ab","reason":"matrix"}`,
	"governance/rewrap":           `{"department":"nrb","entries":[{"module":"workflow","ref":"LAND-2026-000001","wrapped_key":"0a0b"}]}`,
	"governance/incident_open":    `{"type":"node_lost","severity":4,"departments":["nrb"],"description":"matrix"}`,
	"governance/incident_update":  `{"incident":1,"kind":"note","text":"matrix"}`,
	"governance/incident_close":   `{"incident":1,"review":"matrix"}`,
	"governance/incident_publish": `{"incident":1}`,
	"sharing/register_resource":   `{"id":"matrix-res","name_zh":"矩阵","name_en":"matrix","description":"matrix","fields":[{"name":"a","type":"text"}],"share_class":"unconditional","update_frequency":"daily"}`,
	"sharing/retire_resource":     `{"id":"matrix-res","reason":"matrix"}`,
	"sharing/request":             `{"resource":"matrix-res","fields":["a"],"purpose":"matrix","duration_days":1}`,
	"sharing/answer":              `{"request":1,"decision":"refuse","reason":"other","reason_text":"matrix"}`,
	"sharing/arbitrate":           `{"request":1,"decision":"refuse","reason":"other","reason_text":"matrix"}`,
	"sharing/revoke":              `{"grant":1,"reason":"matrix"}`,
	"sharing/record_access":       `{"grant":1,"fields":["a"],"purpose":"matrix","delivered_hash":"` + hash64 + `"}`,
	"sharing/attach_to_case":      `{"case":"LAND-2026-000001","access":1}`,
	"evaluation/publish_baseline": `{"process":"land-use","department":"nrb","figure":"approval_rate","value":9000,"scale":"basis_point","period":"2024","source_hash":"` + hash64 + `","source_title":"matrix"}`,
	"evaluation/publish_accesses": `{"month":"2020-01","from_seq":1,"to_seq":0}`,
	"evaluation/publish_audit":    `{"node_department":"aud","from_height":1,"to_height":1,"checks":[{"name":"blocks","count":1}],"findings":0,"report_hash":"` + hash64 + `"}`,
}

// examplePayloads reads docs/examples/<module>/*.json.
func examplePayloads(t *testing.T) map[string][][]byte {
	out := map[string][][]byte{}
	files, _ := filepath.Glob("../../docs/examples/*/*.json")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		mod := filepath.Base(filepath.Dir(f))
		out[mod] = append(out[mod], b)
	}
	return out
}

// TestPermissionMatrix tries every action of the registry with every role
// of every department and checks the answer against the declared policy:
// a role the action does not admit gets tx/8 (ErrRoleNotAllowed) in
// CheckTx and in a block, changing nothing; an admitted role does not get
// tx/8 (the handler may still refuse the sample payload later).
func TestPermissionMatrix(t *testing.T) {
	router := app.NewRouter(app.Modules()...)
	policy := router.Policy()
	var staff []apptest.Staff
	for _, d := range network.DemoDepartments() {
		for _, r := range module.Roles() {
			staff = append(staff, apptest.Staff{Name: d.ID + "-" + r, Department: d.ID, Roles: []string{r}})
		}
	}
	c := apptest.New(t, apptest.Options{Suite: cryptosuite.Intl, Staff: staff})
	before := c.AppHash()
	examples := examplePayloads(t)

	actions := make([]string, 0, len(policy))
	for k := range policy {
		actions = append(actions, k)
	}
	sort.Strings(actions)
	var missing []string
	var refusedTxs [][]byte
	tried, refused, admitted := 0, 0, 0
	for _, name := range actions {
		mod, act, _ := strings.Cut(name, "/")
		a, err := router.Lookup(mod, act)
		if err != nil {
			t.Fatal(err)
		}
		var payload []byte
		candidates := [][]byte{}
		if s, ok := permissionSamples[name]; ok {
			candidates = append(candidates, []byte(s))
		}
		candidates = append(candidates, examples[mod]...)
		for _, p := range candidates {
			if _, err := a.Decode(p); err == nil {
				payload = p
				break
			}
		}
		if payload == nil {
			var why string
			if len(candidates) > 0 {
				_, err := a.Decode(candidates[0])
				why = err.Error()
			}
			missing = append(missing, fmt.Sprintf("%s (%s)", name, why))
			continue
		}
		for _, s := range staff {
			allowed := slices.Contains(policy[name], s.Roles[0])
			raw := c.Sign(s.Name, mod, act, json.RawMessage(payload))
			res := c.CheckTx(raw)
			tried++
			roleRefusal := res.Codespace == "tx" && res.Code == 8
			switch {
			case allowed && roleRefusal:
				t.Errorf("%s by %s (%s): refused for its role, but the policy admits %v: %s", name, s.Name, s.Roles[0], policy[name], res.Log)
			case !allowed && !roleRefusal:
				t.Errorf("%s by %s (%s): got %s/%d %q, want tx/8: the policy admits only %v", name, s.Name, s.Roles[0], res.Codespace, res.Code, res.Log, policy[name])
			case !allowed:
				refused++
				refusedTxs = append(refusedTxs, raw)
			default:
				admitted++
			}
			if res.Code != 0 {
				c.Seqs[s.Name]-- // not admitted: the sequence is unused
			}
		}
	}
	if len(missing) > 0 {
		t.Errorf("no payload that decodes for %d action(s); add one to permissionSamples or docs/examples/<module>/:\n  %s",
			len(missing), strings.Join(missing, "\n  "))
	}
	// In a block the same txs are refused with the same code and change nothing.
	for len(refusedTxs) > 0 {
		n := min(len(refusedTxs), 500)
		for i, r := range c.Block(refusedTxs[:n]...) {
			if r.Codespace != "tx" || r.Code != 8 {
				t.Errorf("in a block, a role-refused tx (#%d) got %s/%d %q", i, r.Codespace, r.Code, r.Log)
			}
		}
		refusedTxs = refusedTxs[n:]
	}
	if after := c.AppHash(); after != before {
		t.Errorf("role-refused txs changed the state: app hash %s -> %s", before, after)
	}
	t.Logf("%d actions × %d staff (%d departments × %d roles): %d tries, %d refused for role (tx/8 in CheckTx and in a block), %d admitted",
		len(actions), len(staff), len(network.DemoDepartments()), len(module.Roles()), tried, refused, admitted)
}
