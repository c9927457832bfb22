package feedback_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzSubmit feeds arbitrary bytes to feedback.submit's decoder (which
// now carries the optional participant hash): no panic, and a refusal is
// always tx/9 (shape) or tx/13 (a refused character).
func FuzzSubmit(f *testing.F) {
	h := strings.Repeat("ab", 32)
	salt := strings.Repeat("01", 16)
	for _, s := range []string{
		`{"kind":"suggestion","department":"nrb","subject":"路灯","text":"请修","salt":"` + salt + `","anonymous":true}`,
		`{"kind":"complaint","department":"nrb","subject":"s","text":"t","salt":"` + salt + `","contact_key":"00","contact_data":"11","participant":"` + h + `"}`,
		`{"kind":"complaint","department":"nrb","subject":"s","text":"t","salt":"` + salt + `","anonymous":true,"participant":"` + h + `"}`,
		`{"kind":"complaint","department":"nrb","subject":"s","text":"t","salt":"` + salt + `","contact_key":"00","contact_data":"11","participant":"AB"}`,
	} {
		f.Add([]byte(s))
	}
	router := app.NewRouter(app.Modules()...)
	act, err := router.Lookup("feedback", "submit")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := act.Decode(data); err != nil && !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
			t.Fatalf("refusal is neither tx/9 nor tx/13: %v", err)
		}
	})
}

// TestSubmitParticipant: a named submission may carry a participant hash;
// an anonymous one never; the hash has one spelling.
func TestSubmitParticipant(t *testing.T) {
	act, err := app.NewRouter(app.Modules()...).Lookup("feedback", "submit")
	if err != nil {
		t.Fatal(err)
	}
	base := `{"kind":"complaint","department":"nrb","subject":"s","text":"t","salt":"` + strings.Repeat("01", 16) + `"`
	h := strings.Repeat("ab", 32)
	for _, tc := range []struct {
		name, tail string
		ok         bool
	}{
		{"named with hash", `,"contact_key":"00","contact_data":"11","participant":"` + h + `"}`, true},
		{"named without", `,"contact_key":"00","contact_data":"11"}`, true},
		{"anonymous with hash", `,"anonymous":true,"participant":"` + h + `"}`, false},
		{"upper case", `,"contact_key":"00","contact_data":"11","participant":"` + strings.ToUpper(h) + `"}`, false},
		{"short", `,"contact_key":"00","contact_data":"11","participant":"abab"}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := act.Decode([]byte(base + tc.tail))
			if (err == nil) != tc.ok {
				t.Fatalf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}
}
