package sharing_test

import (
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzPayloads feeds arbitrary bytes to every sharing action's decoder:
// none may panic, and a refusal is always tx/9 (or tx's refused-character
// code); the calendar parameter's checker likewise never panics and its
// canonical form checks to itself.
func FuzzPayloads(f *testing.F) {
	router := app.NewRouter(app.Modules()...)
	actions := []string{"register_resource", "retire_resource", "request", "answer", "arbitrate", "revoke", "record_access", "attach_to_case"}
	for _, s := range []string{
		`{"id":"eeb-eia","name_zh":"环评","name_en":"EIA","description":"d","fields":[{"name":"a","type":"text","personal":true}],"share_class":"conditional","legal_basis":"l","update_frequency":"daily"}`,
		`{"id":"eeb-eia","reason":"r"}`,
		`{"resource":"eeb-eia","fields":["a"],"purpose":"p","legal_basis":"l","case_no":"LAND-2026-000001","duration_days":30}`,
		`{"request":1,"decision":"grant","fields":["a"],"valid_until":"2026-04-01T00:00:00Z","max_uses":3}`,
		`{"request":1,"decision":"refuse","reason":"purpose","reason_text":"t"}`,
		`{"grant":1,"reason":"r"}`,
		`{"grant":1,"fields":["a"],"purpose":"p","delivered_hash":"5f0c3e1a9b7d2c4e6f8a0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f6"}`,
		`{"case":"LAND-2026-000001","access":1}`,
		`{"2026":{"holidays":["2026-01-01"],"workdays":["2026-01-04"]}}`,
	} {
		for i := range actions {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		if _, canon, err := sharing.ParseCalendar(data); err == nil {
			if _, again, err := sharing.ParseCalendar(canon); err != nil || string(again) != string(canon) {
				t.Fatalf("calendar not canonical: %s then %s (%v)", canon, again, err)
			}
		}
		name := actions[int(which)%len(actions)]
		act, err := router.Lookup("sharing", name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := act.Decode(data); err != nil && !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
			t.Fatalf("%s: refusal is not tx/9: %v", name, err)
		}
	})
}
