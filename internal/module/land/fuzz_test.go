package land_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzCasePayloads feeds arbitrary bytes to the two decoders that file a
// case (land.apply, workflow.open_case): none may panic, a refusal is tx/9
// or tx/13, and an accepted payload's participant is absent or 64
// lower-case hex digits.
func FuzzCasePayloads(f *testing.F) {
	router := app.NewRouter(app.Modules()...)
	hash := strings.Repeat("ab", 32)
	pd := `"personal_data":{"ciphertext":"00ff","wrapped_keys":{"nrb":"0011"}}`
	codes := `"access_code_hash":"` + hash + `","rating_token_hash":"` + hash + `"`
	for _, s := range []string{
		`{"parcel":"PS-2026-001","use":"industrial",` + codes + `,` + pd + `,"attachments":[]}`,
		`{"parcel":"PS-2026-001",` + codes + `,` + pd + `,"participant":"` + hash + `"}`,
		`{"parcel":"PS-2026-001",` + codes + `,` + pd + `,"participant":"` + strings.ToUpper(hash) + `"}`,
		`{"parcel":"PS-2026-001",` + codes + `,` + pd + `,"participant":"ab"}`,
		`{"parcel":"PS-2026-001",` + codes + `,` + pd + `,"participant":1}`,
		`{"definition":"land-use","fields":{"parcel_id":"PS-1"},` + codes + `,` + pd + `,"participant":"` + hash + `"}`,
		`{"definition":"land-use",` + codes + `,` + pd + `,"participant":"` + hash + `","participant":""}`,
		`{"definition":"land-use",` + codes + `,` + pd + `,"Participant":"` + hash + `"}`,
	} {
		f.Add(false, []byte(s))
		f.Add(true, []byte(s))
	}
	f.Fuzz(func(t *testing.T, openCase bool, data []byte) {
		mod, name := "land", "apply"
		if openCase {
			mod, name = "workflow", "open_case"
		}
		act, err := router.Lookup(mod, name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := act.Decode(data)
		if err != nil {
			if !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
				t.Fatalf("%s/%s: refusal is neither tx/9 nor tx/13: %v", mod, name, err)
			}
			return
		}
		var h module.Hash
		switch v := p.(type) {
		case *land.Apply:
			h = v.Participant
		case *workflow.OpenCaseRequest:
			h = v.Participant
		}
		if err := h.Check("participant", false); err != nil {
			t.Fatalf("%s/%s accepted participant %q: %v", mod, name, h, err)
		}
	})
}
