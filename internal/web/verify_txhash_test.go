package web

import (
	"context"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"

	"github.com/pingshan/govchain/internal/module/notary"
)

// TestVerifyByEitherTxHash: the verify page resolves a tx by govchain's
// hash and by CometBFT's SHA-256 (what a block explorer shows) alike.
func TestVerifyByEitherTxHash(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	key, err := loadKey(e.home, e.p.suite, "gov-admin", "")
	if err != nil {
		t.Fatal(err)
	}
	res, err := e.p.Send(context.Background(), key, "notary", "anchor", notary.Anchor{DocHash: module.Hash(strings.Repeat("cd", 32)), Title: "两个哈希"})
	if err != nil {
		t.Fatal(err)
	}
	ours := hex.EncodeToString(res.Hash)
	var tx struct {
		Hash         string `json:"hash"`
		CometBFTHash string `json:"cometbft_hash"`
	}
	getJSON(t, c, "/api/v1/txs/"+ours, &tx)
	if tx.Hash != ours || len(tx.CometBFTHash) != 64 || tx.CometBFTHash == ours {
		t.Fatalf("tx: %+v", tx)
	}
	for _, code := range []string{ours, tx.CometBFTHash} {
		var v Verification
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			v = Verification{}
			if r := c.get("/api/v1/verify?code=" + code); r.Status == 200 {
				getJSON(t, c, "/api/v1/verify?code="+code, &v)
				break
			}
		}
		if !v.Authentic || v.Record == nil || v.Record.Kind != "verify.kind_tx" {
			t.Fatalf("verify %s: %+v", code, v)
		}
	}
}
