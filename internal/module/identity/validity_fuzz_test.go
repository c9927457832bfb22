package identity_test

import (
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/tx"
)

// FuzzSetValidity: the set_validity decoder never panics and refuses
// only with tx/9 or tx/13.
func FuzzSetValidity(f *testing.F) {
	for _, s := range []string{
		`{"address":"00000000000000000000000000000000000000aa","valid_until_unix":1900000000,"reason":"contract"}`,
		`{"address":"00000000000000000000000000000000000000aa","valid_until_unix":0,"reason":"permanent"}`,
		`{"address":"aa","valid_until_unix":-1,"reason":""}`,
		`{"address":"00000000000000000000000000000000000000aa","valid_until_unix":1e99,"reason":"x"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := module.DecodeJSON[identity.SetValidity](data); err != nil && !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
			t.Fatalf("refusal is neither tx/9 nor tx/13: %v", err)
		}
	})
}
