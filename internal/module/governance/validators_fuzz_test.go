package governance_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzValidatorPayloads feeds arbitrary bytes to the validator proposal
// bodies (through propose's decoder) and to validator_attest: no panic, a
// refusal is tx/9 or tx/13, and a decoded proposal is canonical (keys
// as lower-case hex whatever the spelling given).
func FuzzValidatorPayloads(f *testing.F) {
	router := app.NewRouter(app.Modules()...)
	const key = "8c89506120644b74892c6cbdf748901471536f3b3316346c637dbcfe150d06ae"
	for _, s := range []string{
		`{"type":"validator_add","payload":{"department":"gsd","pub_key":"` + key + `","power":10}}`,
		`{"type":"validator_add","payload":{"department":"gsd","pub_key":"jIlQYSBkS3SJLGy890iQFHFTbzszFjRsY32~/hUNBq4=","power":10}}`,
		`{"type":"validator_replace","payload":{"pub_key":"` + key + `","new_pub_key":"` + key[2:] + `00"}}`,
		`{"type":"validator_power","payload":{"pub_key":"` + key + `","power":1000001}}`,
		`{"type":"validator_remove","payload":{"pub_key":"` + key + `"}}`,
		`{"pub_key":"` + key + `","height":7,"block_hash":"` + key + `","signature":"` + key + key + `"}`,
	} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, attest bool, data []byte) {
		name := "propose"
		if attest {
			name = "validator_attest"
		}
		act, err := router.Lookup("governance", name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := act.Decode(data)
		if err != nil {
			if !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
				t.Fatalf("%s: refusal is neither tx/9 nor tx/13: %v", name, err)
			}
			return
		}
		b, _ := json.Marshal(p)
		p2, err := act.Decode(b)
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if b2, _ := json.Marshal(p2); string(b) != string(b2) {
			t.Fatalf("not canonical: %s then %s", b, b2)
		}
	})
}
