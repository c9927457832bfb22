package module_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/tx"
)

type probe struct {
	A any `json:"a"`
}

func (*probe) Validate() error { return nil }

// TestDecodeJSONDepth: nesting beyond the limit is refused as an invalid
// payload, whatever the nesting sits in; brackets inside strings do not
// count.
func TestDecodeJSONDepth(t *testing.T) {
	decode := module.DecodeJSON[probe]
	nested := func(n int) string { return `{"a":` + strings.Repeat("[", n) + strings.Repeat("]", n) + `}` }
	cases := []struct {
		name    string
		payload string
		ok      bool
	}{
		{"shallow", nested(10), true},
		{"at the limit", nested(63), true},
		{"over the limit", nested(64), false},
		{"brackets in a string", `{"a":"` + strings.Repeat(`[{\"`, 200) + `"}`, true},
		{"very deep", nested(30000), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := decode([]byte(c.payload))
			if c.ok != (err == nil) {
				t.Fatalf("err = %v, want ok %v", err, c.ok)
			}
			if err != nil && !errors.Is(err, tx.ErrInvalidPayload) {
				t.Fatalf("err = %v, want an invalid payload", err)
			}
		})
	}
}
