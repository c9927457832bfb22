package app_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/tx"
)

// TestStrictPayloads: one meaning per byte string, end to end. A payload
// with a key twice, a field name in the wrong case, or a bidi control or
// NUL in any text is refused by CheckTx and by FinalizeBlock with its
// stable code and a message naming the field, and writes nothing.
func TestStrictPayloads(t *testing.T) {
	h := docHash(40)
	cases := []struct {
		name    string
		payload string
		want    *errcode.Error
		inLog   string
	}{
		{"duplicate key", `{"doc_hash":"` + h + `","title":"shown","title":"executed"}`, tx.ErrInvalidPayload, "title: duplicate key"},
		{"upper-case field", `{"DOC_HASH":"` + h + `","title":"t"}`, tx.ErrInvalidPayload, `DOC_HASH: field names are case-sensitive: want "doc_hash"`},
		{"title-case field", `{"doc_hash":"` + h + `","Title":"t"}`, tx.ErrInvalidPayload, "Title: field names are case-sensitive"},
		{"bidi override", `{"doc_hash":"` + h + `","title":"Official reply from City \u202eLLAH"}`, tx.ErrTextControl, "title: contains a bidi control U+202E"},
		{"NUL", `{"doc_hash":"` + h + `","title":"a\u0000b"}`, tx.ErrTextControl, "title: contains the control character U+0000"},
		{"upper-case hash", `{"doc_hash":"` + strings.ToUpper(h) + `","title":"t"}`, tx.ErrInvalidPayload, "doc_hash must be written in lower case"},
		{"short hash", `{"doc_hash":"` + h[:62] + `","title":"t"}`, tx.ErrInvalidPayload, "doc_hash must be 64 lower-case hex digits"},
	}
	forEachSuite(t, func(t *testing.T, suite string) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := newTestChain(t, suite)
				raw := c.Sign("nrb-clerk", "notary", "anchor", json.RawMessage(tc.payload))
				before := c.AppHash()
				res := c.CheckTx(raw)
				if res.Codespace != tc.want.Codespace || res.Code != tc.want.Code || !strings.Contains(res.Log, tc.inLog) {
					t.Fatalf("CheckTx: got %s/%d %q, want %s/%d with %q", res.Codespace, res.Code, res.Log, tc.want.Codespace, tc.want.Code, tc.inLog)
				}
				results := c.Block(raw)
				if r := results[0]; r.Codespace != tc.want.Codespace || r.Code != tc.want.Code {
					t.Fatalf("FinalizeBlock: got %s/%d %q", r.Codespace, r.Code, r.Log)
				}
				if after := c.AppHash(); after != before {
					t.Fatalf("state changed by a refused tx")
				}
			})
		}
	})
}
