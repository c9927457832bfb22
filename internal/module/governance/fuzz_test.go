package governance_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzPayloads feeds arbitrary bytes to every governance action's
// decoder: none may panic, a refusal is always tx.ErrInvalidPayload, and a
// proposal that decodes has a canonical payload that decodes again to
// itself (what is stored is what was checked).
func FuzzPayloads(f *testing.F) {
	router := app.NewRouter(app.Modules()...)
	actions := []string{"propose", "vote", "withdraw", "freeze", "cosign_freeze", "incident_open", "incident_update", "incident_close", "incident_publish"}
	for _, s := range []string{
		`{"type":"param","payload":{"name":"feedback.rectify_days","value":10}}`,
		`{"type":"param","payload":{"name":"gov.weights","value":{"gsd":2}}}`,
		`{"type":"param","payload":{"name":"gov.policy.param","value":{"quorum":{"num":2,"den":3},"approve":{"num":1,"den":2}}}}`,
		`{"type":"param","payload":{"name":"gov.freeze_cosigners","value":["gsd","aud","gsd"]}}`,
		`{"type":"lift_freeze","payload":{"freeze":1}}`,
		`{"type":"dept_add","payload":{"id":"edu","name_zh":"教育局","name_en":"Education","encryption_key":"00ab","admins":[{"name":"edu-admin","public_key":"00ab"}],"weight":2}}`,
		`{"type":"dept_rename","payload":{"department":"nrb","name_zh":"甲","name_en":"A"}}`,
		`{"type":"dept_retire","payload":{"department":"eeb"}}`,
		`{"type":"dept_merge","payload":{"department":"nrb","into":"eeb"}}`,
		`{"type":"gateway_role","payload":{"address":"00000000000000000000000000000000000000aa","grant":true}}`,
		`{"type":"process","payload":{"id":"nrb-filing","version":2,"owner":"nrb","prefix":"FIL","name_zh":"备案","name_en":"Filing","start":"accept","steps":[{"id":"accept","kind":"task","name_zh":"受理","name_en":"Acceptance","department":"nrb","roles":["clerk"],"time_limit_days":5,"actions":["accept"],"next":{"pass":{"if":{"field":"n","op":">","value":1},"then":"done","else":"done"}}},{"id":"done","kind":"end","name_zh":"办结","name_en":"Done","outcome":"approved"}]}}`,
		`{"proposal":1,"choice":"abstain","reason":"r"}`,
		`{"kind":"account","target":"00000000000000000000000000000000000000aa","reason":"r"}`,
		`{"type":"node_lost","severity":4,"departments":["nrb"],"components":["api"],"description":"d"}`,
		`{"incident":1,"kind":"action","text":"t"}`,
	} {
		for i := range actions {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := actions[int(which)%len(actions)]
		act, err := router.Lookup("governance", name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := act.Decode(data)
		if err != nil {
			// tx/9 for the shape, tx/13 for a refused character
			// (module.DecodeJSON, at any depth).
			if !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
				t.Fatalf("%s: refusal is neither tx/9 nor tx/13: %v", name, err)
			}
			return
		}
		if name != "propose" {
			return
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		p2, err := act.Decode(b)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		b2, _ := json.Marshal(p2)
		if string(b) != string(b2) {
			t.Fatalf("not canonical: %s then %s", b, b2)
		}
	})
}
