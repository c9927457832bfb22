package governance_test

import (
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzEncKeyPayloads feeds arbitrary bytes to the key-rotation decoders:
// none may panic, and a refusal is always tx/9 or tx/13.
func FuzzEncKeyPayloads(f *testing.F) {
	router := app.NewRouter(app.Modules()...)
	actions := []string{"rotate_enc_key", "rewrap"}
	for _, s := range []string{
		`{"department":"nrb","new_key":"04ab","reason":"key leaked"}`,
		`{"department":"nrb","entries":[{"module":"workflow","ref":"LAND-2026-000001","wrapped_key":"0a0b"}]}`,
		`{"department":"nrb","entries":[{"module":"workflow","ref":"A","wrapped_key":"0a"},{"module":"workflow","ref":"A","wrapped_key":"0b"}]}`,
		`{"department":"nrb","entries":[{"module":"participation","ref":"a b","wrapped_key":"zz"}]}`,
		`{"department":"NRB","entries":[]}`,
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
		if _, err := act.Decode(data); err != nil && !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
			t.Fatalf("%s: refusal is neither tx/9 nor tx/13: %v", name, err)
		}
	})
}
