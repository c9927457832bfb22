package evaluation_test

import (
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzPayloads feeds arbitrary bytes to every evaluation decoder: none
// may panic, and a refusal is always tx/9 (or the refused-character code).
func FuzzPayloads(f *testing.F) {
	router := app.NewRouter(app.Modules()...)
	actions := []string{"publish_baseline", "publish_audit", "publish_accesses"}
	for _, s := range []string{
		`{"process":"land-use","department":"nrb","figure":"approval_rate","value":8800,"scale":"basis_point","period":"2024","source_hash":"` + hashA + `","source_title":"t"}`,
		`{"process":"city","department":"gsd","figure":"avg_processing_days","value":1250,"scale":"centi_days","period":"2024-Q3","source_hash":"` + hashA + `","source_title":"t","note":"n"}`,
		`{"node_department":"aud","from_height":1,"to_height":9,"checks":[{"name":"blocks","count":9}],"findings":1,"findings_by_check":[{"name":"index","count":1}],"report_hash":"` + hashA + `"}`,
		`{"month":"2026-10","from_seq":5,"to_seq":11,"head":"` + hashA + `"}`,
		`{"month":"2026-10","from_seq":1,"to_seq":0}`, `{"month":"2026-13","from_seq":0,"to_seq":18446744073709551615}`,
		`{"value":-1}`, `[]`, `{"checks":[{"name":"","count":1}]}`,
	} {
		for i := range actions {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := actions[int(which)%len(actions)]
		act, err := router.Lookup("evaluation", name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := act.Decode(data); err != nil && !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
			t.Fatalf("%s: refusal is not tx/9: %v", name, err)
		}
	})
}
