package tx

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// TestDecodeErrorsNameFieldAndRule: a client in another language gets the
// field number, its name and the rule broken, never a Go type.
func TestDecodeErrorsNameFieldAndRule(t *testing.T) {
	enc := func(v any) []byte {
		b, err := encMode.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	good := map[int]any{1: 1, 2: "c", 3: strings.Repeat("a", 40), 4: 0, 5: "notary", 6: "anchor", 7: []byte("{}")}
	with := func(k int, v any) map[int]any {
		m := map[int]any{}
		for kk, vv := range good {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	cases := []struct {
		name string
		raw  []byte
		want []string
	}{
		{"payload as text", enc(with(7, "{}")), []string{"field 7 (payload)", "byte string", "got a UTF-8 text string"}},
		{"sequence as text", enc(with(4, "1")), []string{"field 4 (sequence)", "unsigned integer"}},
		{"chain id as bytes", enc(with(2, []byte("c"))), []string{"field 2 (chain_id)", "text string"}},
		{"unknown key", enc(with(9, 1)), []string{"not an envelope field", "1-8"}},
		{"array", enc([]int{1, 2}), []string{"CBOR map", "got an array"}},
		{"version 2", enc(with(1, 2)), []string{"field 1 (version) is 2"}},
		{"duplicate key", []byte{0xa2, 0x01, 0x01, 0x01, 0x01}, []string{"appears twice"}},
		{"indefinite map", []byte{0xbf, 0x01, 0x01, 0xff}, []string{"indefinite-length"}},
		{"non-shortest int", []byte{0xa1, 0x01, 0x18, 0x01}, []string{"not canonical", "shortest form"}},
		{"trailing", append(enc(good), 0x00), []string{"trailing bytes"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.raw)
			if err == nil {
				t.Fatal("accepted")
			}
			msg := err.Error()
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("%q lacks %q", msg, w)
				}
			}
			for _, leak := range []string{"Go struct", "Go value", "uint8", "tx.Tx", "uint16", "uint64"} {
				if strings.Contains(msg, leak) {
					t.Errorf("%q leaks %q", msg, leak)
				}
			}
		})
	}
}

// TestSignatureErrorsExplain: a raw r||s SM2 signature and a short Ed25519
// one are named as such; a wrong one says what must be signed.
func TestSignatureErrorsExplain(t *testing.T) {
	cases := []struct {
		suite string
		sig   []byte
		want  string
	}{
		{cryptosuite.GM, make([]byte, 64), "raw 64-byte r||s is not accepted"},
		{cryptosuite.GM, []byte{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01}, "1234567812345678"},
		{cryptosuite.Intl, make([]byte, 63), "64-byte Ed25519 signature, got 63"},
		{cryptosuite.Intl, make([]byte, 64), "govchain/tx/v1"},
	}
	for _, c := range cases {
		s, _ := cryptosuite.ByName(c.suite)
		tx, k := sample(t, s)
		tx.Signature = c.sig
		err := VerifySignature(tx, k.Public())
		if !errors.Is(err, ErrBadSignature) || !strings.Contains(err.Error(), "field 8 (signature)") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %x: %v", c.suite, c.sig, err)
		}
	}
}
