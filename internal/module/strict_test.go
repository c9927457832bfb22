package module_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/hygiene"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/tx"
)

type strictPayee struct {
	Name    string `json:"name"`
	Account string `json:"account,omitempty"`
}

type strictBase struct {
	Note string `json:"note,omitempty"`
}

// strictTarget decodes itself, like workflow.Target: a string or an object
// whose keys JSONObjectShape names.
type strictTarget struct{ Step, If string }

type strictTargetJSON struct {
	If string `json:"if"`
}

func (strictTarget) JSONObjectShape() any { return strictTargetJSON{} }

func (t strictTarget) MarshalJSON() ([]byte, error) {
	if t.If == "" {
		return json.Marshal(t.Step)
	}
	return json.Marshal(strictTargetJSON{If: t.If})
}

func (t *strictTarget) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		return json.Unmarshal(b, &t.Step)
	}
	var tj strictTargetJSON
	if err := json.Unmarshal(b, &tj); err != nil {
		return err
	}
	t.If = tj.If
	return nil
}

type strictProbe struct {
	strictBase
	Title   string            `json:"title"`
	DocHash string            `json:"doc_hash,omitempty"`
	Payee   *strictPayee      `json:"payee,omitempty"`
	Items   []strictPayee     `json:"items,omitempty"`
	Fields  map[string]any    `json:"fields,omitempty"`
	Tags    map[string]string `json:"tags,omitempty"`
	Next    *strictTarget     `json:"next,omitempty"`
	Raw     json.RawMessage   `json:"raw,omitempty"`
	Hidden  string            `json:"-"`
	Plain   string
}

func (*strictProbe) Validate() error { return nil }

// TestDecodeJSONStrict: one meaning per byte string. Duplicate keys and
// keys that only match a field case-insensitively are refused at any depth
// with tx/9; bidi controls, control characters and invalid UTF-8 in any
// key or string are refused with tx/13; every message names the field.
func TestDecodeJSONStrict(t *testing.T) {
	cases := []struct {
		name    string
		payload string
		code    *errcode.Error // nil: accepted
		reason  error
		message string // the error text contains this
	}{
		{"plain", `{"title":"坪山","doc_hash":"ab","payee":{"name":"宋江"},"items":[{"name":"a"}],"fields":{"x":[1,{"y":"z"}]},"note":"n","Plain":"p"}`, nil, nil, ""},
		{"multi-line text", `{"title":"第一行\n第二行\r\n\t第三行"}`, nil, nil, ""},
		{"escaped text that is clean", `{"title":"\u5761\u5c71 \"q\" \\"}`, nil, nil, ""},
		{"conditional target", `{"next":{"if":"x"}}`, nil, nil, ""},
		{"target as string", `{"next":"s"}`, nil, nil, ""},
		{"raw message keys are free", `{"raw":{"Title":1}}`, nil, nil, ""},
		{"map keys are free", `{"tags":{"Title":"a","title":"b"}}`, nil, nil, ""},

		{"duplicate top-level key", `{"title":"shown","title":"executed"}`, tx.ErrInvalidPayload, nil, "title: duplicate key"},
		{"duplicate key in a nested object", `{"payee":{"name":"a","name":"b"}}`, tx.ErrInvalidPayload, nil, "payee.name: duplicate key"},
		{"duplicate key inside an array", `{"items":[{"name":"a"},{"name":"a","name":"b"}]}`, tx.ErrInvalidPayload, nil, "items[1].name: duplicate key"},
		{"duplicate key inside a map", `{"tags":{"k":"a","k":"b"}}`, tx.ErrInvalidPayload, nil, "tags.k: duplicate key"},
		{"duplicate key under any", `{"fields":{"x":[{"y":1,"y":2}]}}`, tx.ErrInvalidPayload, nil, "fields.x[0].y: duplicate key"},
		{"duplicate key under raw", `{"raw":{"a":1,"a":2}}`, tx.ErrInvalidPayload, nil, "raw.a: duplicate key"},
		{"upper-case field", `{"DOC_HASH":"ab"}`, tx.ErrInvalidPayload, nil, `DOC_HASH: field names are case-sensitive: want "doc_hash"`},
		{"title-case field", `{"Title":"x"}`, tx.ErrInvalidPayload, nil, `Title: field names are case-sensitive`},
		{"nested wrong case", `{"payee":{"NAME":"x"}}`, tx.ErrInvalidPayload, nil, `payee.NAME: field names are case-sensitive`},
		{"wrong case in array element", `{"items":[{"Name":"x"}]}`, tx.ErrInvalidPayload, nil, `items[0].Name`},
		{"wrong case in a promoted field", `{"Note":"x"}`, tx.ErrInvalidPayload, nil, `Note: field names are case-sensitive`},
		{"wrong case inside a shaped target", `{"next":{"IF":"x"}}`, tx.ErrInvalidPayload, nil, `next.IF`},
		{"unicode case folding", `{"ſitle":"x"}`, tx.ErrInvalidPayload, nil, `unknown field`},
		{"kelvin sign folds to k", `{"tags":{},"doc_hash":"a","title":"t","payee":{"name":"x","account":"1","\u212aey":1}}`, tx.ErrInvalidPayload, nil, `payee.`},
		{"wrong case of an untagged field", `{"plain":"p"}`, tx.ErrInvalidPayload, nil, `plain: field names are case-sensitive: want "Plain"`},
		{"skipped field", `{"Hidden":"x"}`, tx.ErrInvalidPayload, nil, `Hidden: unknown field`},

		{"bidi override", "{\"payee\":{\"name\":\"Official reply from City \u202eLLAH\"}}", tx.ErrTextControl, hygiene.ErrBidiControl, "payee.name: contains a bidi control U+202E"},
		{"escaped bidi override", `{"payee":{"name":"x\u202Ey"}}`, tx.ErrTextControl, hygiene.ErrBidiControl, "payee.name: contains a bidi control U+202E"},
		{"isolate in an array", `{"items":[{"name":"ok"},{"name":"\u2067x"}]}`, tx.ErrTextControl, hygiene.ErrBidiControl, "items[1].name: contains a bidi control U+2067"},
		{"RLM in a map value", `{"tags":{"k":"\u200f"}}`, tx.ErrTextControl, hygiene.ErrBidiControl, "tags.k"},
		{"bidi in a key", `{"tags":{"a\u202eb":"x"}}`, tx.ErrTextControl, hygiene.ErrBidiControl, `tags: key "a\u202eb" contains a bidi control U+202E`},
		{"escaped NUL", `{"title":"a\u0000b"}`, tx.ErrTextControl, hygiene.ErrControlChar, "title: contains the control character U+0000"},
		{"escape", `{"title":"\u001b[2J"}`, tx.ErrTextControl, hygiene.ErrControlChar, "U+001B"},
		{"lone CR", `{"title":"a\rb"}`, tx.ErrTextControl, hygiene.ErrControlChar, "U+000D"},
		{"invalid UTF-8", "{\"title\":\"a\xffb\"}", tx.ErrTextControl, hygiene.ErrInvalidUTF8, "title: is not valid UTF-8"},
		{"unpaired surrogate", `{"title":"a\ud800b"}`, tx.ErrTextControl, hygiene.ErrInvalidUTF8, "title: is not valid UTF-8"},
		{"replacement character spelled", `{"title":"a\ufffdb�"}`, nil, nil, ""},
		{"control under any", `{"fields":{"x":["\u0007"]}}`, tx.ErrTextControl, hygiene.ErrControlChar, "fields.x[0]"},

		{"integer under any", `{"fields":{"area_m2":10000,"delta":-5}}`, nil, nil, ""},
		{"fraction", `{"fields":{"area_m2":10000.5}}`, tx.ErrInvalidPayload, nil, "fields.area_m2: 10000.5 must be an integer"},
		{"exponent", `{"fields":{"area_m2":1e4}}`, tx.ErrInvalidPayload, nil, "fields.area_m2: 1e4 must be an integer"},
		{"float spelling of an integer", `{"items":[{"name":"a"}],"fields":{"n":[2.0]}}`, tx.ErrInvalidPayload, nil, "fields.n[0]: 2.0 must be an integer"},

		{"trailing data", `{"title":"a"}{"title":"b"}`, tx.ErrInvalidPayload, nil, "trailing data"},
		{"not JSON", `{"title":`, tx.ErrInvalidPayload, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := module.DecodeJSON[strictProbe]([]byte(c.payload))
			if c.code == nil {
				if err != nil {
					t.Fatalf("err = %v, want accepted", err)
				}
				if p == nil {
					t.Fatal("nil payload")
				}
				return
			}
			if err == nil {
				t.Fatalf("accepted %s, want %v", c.payload, c.code)
			}
			if got := errcode.Of(err); got != c.code {
				t.Fatalf("code = %s/%d (%v), want %s/%d", got.Codespace, got.Code, err, c.code.Codespace, c.code.Code)
			}
			if c.reason != nil && !errors.Is(err, c.reason) {
				t.Fatalf("err = %v, want reason %v", err, c.reason)
			}
			if !strings.Contains(err.Error(), c.message) {
				t.Fatalf("err = %q, want it to contain %q", err, c.message)
			}
		})
	}
}

// TestDecodeJSONStrictFieldError: the refusal is a *module.FieldError
// whose Path a client can point at.
func TestDecodeJSONStrictFieldError(t *testing.T) {
	_, err := module.DecodeJSON[strictProbe]([]byte(`{"payee":{"name":"\u202e"}}`))
	var fe *module.FieldError
	if !errors.As(err, &fe) || fe.Path != "payee.name" || fe.Code != tx.ErrTextControl {
		t.Fatalf("err = %#v, want a FieldError at payee.name", err)
	}
	if got, want := err.Error(), "text contains a bidi control, control character or invalid UTF-8: payee.name: contains a bidi control U+202E"; got != want {
		t.Fatalf("message = %q, want %q", got, want)
	}
}

// TestDecodeJSONLinear: the scan is one pass and builds a field's path only
// when it names an error, so long keys above many values cost nothing per
// value (building the path per value would be 60 KiB × 50,000 here), and
// many keys cost a set insert each.
func TestDecodeJSONLinear(t *testing.T) {
	var sb strings.Builder
	sb.WriteString(`{"fields":{`)
	for i := 0; i < 60; i++ {
		sb.WriteString(`"` + strings.Repeat("k", 1000) + itoa(i) + `":{`)
	}
	sb.WriteString(`"list":[` + strings.Repeat(`"v",`, 50000) + `"v"]`)
	sb.WriteString(strings.Repeat("}", 60) + `,"many":{`)
	for i := 0; i < 20000; i++ {
		sb.WriteString(`"k` + itoa(i) + `":1,`)
	}
	sb.WriteString(`"end":1}}}`)
	start := time.Now()
	if _, err := module.DecodeJSON[strictProbe]([]byte(sb.String())); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("decoding %d bytes took %v", sb.Len(), d)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// FuzzDecodeJSON: no input panics; every refusal carries tx/9 or tx/13;
// whatever is accepted has only clean strings and decodes again,
// unchanged, from its own re-encoding.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []string{
		`{"title":"坪山","payee":{"name":"宋江"},"items":[{"name":"a"}],"fields":{"x":[1,{"y":"z"}]}}`,
		`{"title":"shown","title":"executed"}`, `{"DOC_HASH":"ab"}`, `{"payee":{"name":"\u202e"}}`,
		`{"next":{"if":"x"}}`, `{"tags":{"a":"b"}}`, `{"a":[[[[]]]]}`, "{\"title\":\"\xff\"}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		p, err := module.DecodeJSON[strictProbe](payload)
		if err != nil {
			if c := errcode.Of(err); c != tx.ErrInvalidPayload && c != tx.ErrTextControl {
				t.Fatalf("refused with %s/%d: %v", c.Codespace, c.Code, err)
			}
			return
		}
		walkStrings(reflect.ValueOf(p), func(s string) {
			if err := hygiene.CheckText(s); err != nil {
				t.Fatalf("accepted a string that fails CheckText (%v): %q", err, payload)
			}
		})
		again, err := json.Marshal(p)
		if err != nil {
			return // e.g. an unencodable any value: not the decoder's concern
		}
		q, err := module.DecodeJSON[strictProbe](again)
		if err != nil {
			t.Fatalf("accepted %q but refuses its re-encoding %q: %v", payload, again, err)
		}
		if b, _ := json.Marshal(q); string(b) != string(again) {
			t.Fatalf("round trip changed %s into %s", again, b)
		}
	})
}

// walkStrings calls f on every string (and map key) reachable from v.
func walkStrings(v reflect.Value, f func(string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), f)
		}
	case reflect.String:
		f(v.String())
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), f)
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return // json.RawMessage: checked as JSON, not as text
		}
		for i := 0; i < v.Len(); i++ {
			walkStrings(v.Index(i), f)
		}
	case reflect.Map:
		iter := v.MapRange()
		for iter.Next() {
			walkStrings(iter.Key(), f)
			walkStrings(iter.Value(), f)
		}
	}
}
