package app_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/tx"
)

// TestParallelPrechecksMatchSequential: a block none of whose txs went
// through CheckTx on this node (a block-syncing node) has its signatures
// verified and payloads decoded in parallel before the sequential
// execution. With a bad signature (or a payload that does not decode)
// somewhere in the block, exactly that tx is refused with its code, every
// other tx succeeds, and the results and app hash are those of the
// sequential path, byte for byte.
func TestParallelPrechecksMatchSequential(t *testing.T) {
	const n = 12
	tests := []struct {
		name string
		bad  int // index of the damaged tx
		kind string
		want uint32
	}{
		{"bad signature first", 0, "signature", tx.ErrBadSignature.Code},
		{"bad signature in the middle", n / 2, "signature", tx.ErrBadSignature.Code},
		{"bad signature last", n - 1, "signature", tx.ErrBadSignature.Code},
		{"payload that does not decode", n / 3, "payload", tx.ErrInvalidPayload.Code},
	}
	forEachSuite(t, func(t *testing.T, suite string) {
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				par, seq := newTestChain(t, suite), newTestChain(t, suite)
				seq.App.SetSequentialChecks(true)
				raws := precheckBlock(t, par, n, tc.bad, tc.kind)
				got, want := par.Block(raws...), seq.Block(raws...)
				for i := range raws {
					g, w := got[i], want[i]
					if g.Code != w.Code || g.Codespace != w.Codespace || g.Log != w.Log {
						t.Errorf("tx %d: parallel %s/%d %q, sequential %s/%d %q", i, g.Codespace, g.Code, g.Log, w.Codespace, w.Code, w.Log)
					}
					wantCode := uint32(0)
					if i == tc.bad {
						wantCode = tc.want
					}
					if g.Code != wantCode {
						t.Errorf("tx %d: code %d (%s), want %d", i, g.Code, g.Log, wantCode)
					}
				}
				if par.AppHash() != seq.AppHash() {
					t.Errorf("app hash parallel %s, sequential %s", par.AppHash(), seq.AppHash())
				}
			})
		}
	})
}

// precheckBlock signs n anchors from two clerks, damaging tx bad: its
// signature, or its payload (signed, so only the decoder refuses it). A
// damaged tx consumes no sequence, so the signer's next tx reuses it.
func precheckBlock(t *testing.T, c *apptest.Chain, n, bad int, kind string) [][]byte {
	t.Helper()
	var raws [][]byte
	for i := 0; i < n; i++ {
		signer := []string{"nrb-clerk", "nrb-admin"}[i%2]
		payload := map[string]string{"doc_hash": docHash(100 + i), "title": "test"}
		if i == bad && kind == "payload" {
			payload = map[string]string{"doc_hash": "not hex", "title": "t"}
		}
		raw := c.Sign(signer, "notary", "anchor", payload)
		if i == bad {
			c.Seqs[signer]--
			if kind == "signature" {
				d, err := tx.Decode(raw)
				if err != nil {
					t.Fatal(err)
				}
				d.Signature[len(d.Signature)/2] ^= 0x01
				if raw, err = tx.Encode(d); err != nil {
					t.Fatal(err)
				}
			}
		}
		raws = append(raws, raw)
	}
	return raws
}
