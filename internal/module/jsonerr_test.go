package module

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/tx"
)

type jsonErrProbe struct {
	Title string   `json:"title"`
	Count uint32   `json:"count"`
	Tags  []string `json:"tags"`
	Inner struct {
		On bool `json:"on"`
	} `json:"inner"`
}

func (*jsonErrProbe) Validate() error { return nil }

// TestPayloadErrorsNameFieldAndRule: payload decode errors give the JSON
// path and the JSON type wanted, never a Go type.
func TestPayloadErrorsNameFieldAndRule(t *testing.T) {
	cases := []struct{ in, want string }{
		{`{"title":1}`, `payload field "title" must be a JSON string, got a number`},
		{`{"count":-1}`, `payload field "count" must be a non-negative integer (no fraction, no exponent), got the number -1`},
		{`{"count":"3"}`, `payload field "count" must be a non-negative integer`},
		{`{"tags":"x"}`, `payload field "tags" must be an array, got a string`},
		{`{"inner":{"on":"yes"}}`, `payload field "inner.on" must be true or false, got a string`},
		{`[1]`, `payload must be an object, got an array`},
		{`{"title":`, `payload is empty or truncated`},
		{``, `payload is empty or truncated`},
		{`{"title" 1}`, `payload is not valid JSON at byte`},
		{`{"nope":1}`, `nope: unknown field`},
	}
	for _, c := range cases {
		_, err := DecodeJSON[jsonErrProbe]([]byte(c.in))
		if !errors.Is(err, tx.ErrInvalidPayload) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.in, err, c.want)
			continue
		}
		for _, leak := range []string{"Go struct", "Go value", "uint32", "jsonErrProbe", "module."} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("%s: %q leaks %q", c.in, err, leak)
			}
		}
	}
}
