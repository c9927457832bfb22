package testnet_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/testnet"
	"github.com/pingshan/govchain/internal/tx"
)

// TestAPIRefusals: bad txs posted to a live node come back with their
// stable code and a fitting HTTP status, and change nothing.
func TestAPIRefusals(t *testing.T) {
	nw, err := testnet.Create(bin, t.TempDir(), network.Options{Suite: cryptosuite.GM, Validators: 1, ClientAccounts: 2, TimeoutCommit: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := nw.StartAll(); err != nil {
		t.Fatal(err)
	}
	defer nw.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := nw.WaitReady(ctx, 0, 2); err != nil {
		t.Fatal(err)
	}
	keys, _ := nw.ClientKeys()
	c := nw.Client(0)
	addr := cryptosuite.Address(nw.Suite, keys[0].Public())
	st, _ := c.Status(ctx)
	doc := `{"doc_hash":"` + strings.Repeat("ab", 32) + `","title":"t"}`
	build := func(key cryptosuite.PrivateKey, signer, chain string, seq uint64, payload string) []byte {
		raw, err := tx.Build(key, signer, chain, seq, "notary", "anchor", []byte(payload))
		if err != nil {
			t.Fatal(err)
		}
		return raw
	}
	badSig := func() []byte {
		d, _ := tx.Decode(build(keys[0], addr, st.ChainID, 0, doc))
		d.Signature[10] ^= 1
		raw, _ := tx.Encode(d)
		return raw
	}
	cases := []struct {
		name   string
		raw    []byte
		want   *errcode.Error
		status int
	}{
		{"garbage", []byte("not a tx"), tx.ErrDecode, http.StatusBadRequest},
		{"wrong chain id", build(keys[0], addr, "elsewhere", 0, doc), tx.ErrWrongChainID, http.StatusBadRequest},
		{"bad signature", badSig(), tx.ErrBadSignature, http.StatusUnauthorized},
		{"wrong sequence", build(keys[0], addr, st.ChainID, 5, doc), tx.ErrWrongSequence, http.StatusConflict},
		{"other's key", build(keys[1], addr, st.ChainID, 0, doc), tx.ErrBadSignature, http.StatusUnauthorized},
		{"invalid payload", build(keys[0], addr, st.ChainID, 0, `{"doc_hash":"zz"}`), tx.ErrInvalidPayload, http.StatusBadRequest},
		{"oversized", build(keys[0], addr, st.ChainID, 0, `{"doc_hash":"`+strings.Repeat("ab", 32)+`","title":"`+strings.Repeat("x", tx.MaxBytes)+`"}`), tx.ErrTooLarge, http.StatusRequestEntityTooLarge},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, nw.Nodes[0].API+"/api/v1/txs", strings.NewReader(string(tc.raw)))
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body struct {
				Code      uint32 `json:"code"`
				Codespace string `json:"codespace"`
				Log       string `json:"log"`
				Message   string `json:"message"`
			}
			json.NewDecoder(resp.Body).Decode(&body)
			if resp.StatusCode != tc.status || body.Code != tc.want.Code || body.Codespace != tc.want.Codespace {
				t.Fatalf("HTTP %d %s/%d, want HTTP %d %s/%d (%+v)", resp.StatusCode, body.Codespace, body.Code, tc.status, tc.want.Codespace, tc.want.Code, body)
			}
			if body.Log == "" && body.Message == "" {
				t.Fatal("no message saying what was wrong")
			}
		})
	}
	acct, err := c.Account(ctx, addr)
	if err != nil || acct.Sequence != 0 {
		t.Fatalf("refused txs changed the account: %+v %v", acct, err)
	}
	var missing map[string]any
	if err := c.Get(ctx, "/api/v1/state?key=notary/doc/"+strings.Repeat("ab", 32), &missing); err == nil {
		t.Fatal("a refused tx wrote its record")
	} else if ae, ok := err.(*client.APIError); !ok || ae.Status != http.StatusNotFound {
		t.Fatalf("state lookup: %v", err)
	}
}
