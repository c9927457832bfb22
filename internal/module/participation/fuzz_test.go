package participation_test

import (
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzPayloads feeds arbitrary bytes to every participation decoder: none
// may panic, and a refusal is always tx/9 (shape) or tx/13 (a refused
// character).
func FuzzPayloads(f *testing.F) {
	router := app.NewRouter(app.Modules()...)
	actions := []string{"story_publish", "story_withdraw", "activity_announce", "activity_cancel", "signup", "signup_cancel", "attendance", "return_visit"}
	for _, s := range []string{
		`{"case_no":"LAND-2026-000002","title_zh":"标题","body_zh":"正文","consent":true,"consent_hash":"` + consent + `"}`,
		`{"story":1,"reason":"r"}`,
		`{"kind":"lecture","title_zh":"讲座","place":"市民中心","start_unix":1790000000,"minutes":90,"capacity":30}`,
		`{"activity":1,"reason":"r"}`,
		`{"activity":1,"contact":{"ciphertext":"00ff","wrapped_keys":{"nrb":"0011"}},"cancel_hash":"` + consent + `"}`,
		`{"receipt":"BM-0011223344","cancel_code":"ABCD-EFGH"}`,
		`{"activity":1,"receipts":["BM-0011223344","BM-0011223345"]}`,
		`{"task":"ZG-0011223344","rating_token":"` + consent + `","answer":"solved"}`,
		`{"activity":1,"receipts":["BM-1","BM-1"]}`,
		`{"activity":1,"contact":{"ciphertext":"","wrapped_keys":{}},"cancel_hash":"x"}`,
		`{"activity":1,"contact":{"ciphertext":"00ff","wrapped_keys":{"nrb":"0011"}},"cancel_hash":"` + consent + `","participant":"` + consent + `"}`,
		`{"activity":1,"contact":{"ciphertext":"00ff","wrapped_keys":{"nrb":"0011"}},"cancel_hash":"` + consent + `","participant":"ABC"}`,
	} {
		for i := range actions {
			f.Add(uint8(i), []byte(s))
		}
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		name := actions[int(which)%len(actions)]
		act, err := router.Lookup("participation", name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := act.Decode(data); err != nil && !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
			t.Fatalf("%s: refusal is neither tx/9 nor tx/13: %v", name, err)
		}
	})
}
