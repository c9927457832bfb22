package api_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/devnodetest"
)

// TestTxByEitherHash: on a gm chain a tx has two names, govchain's SM3 hash
// and CometBFT's SHA-256; GET /api/v1/txs/{hash} finds it by either
// (CometBFT's also in upper case behind 0x, as CometBFT prints it) and
// answers with both — from the SQLite index, with CometBFT's tx index off
// (the default of the homes govchain writes).
func TestTxByEitherHash(t *testing.T) {
	d := devnodetest.Start(t, 60*time.Second)
	if conf, err := os.ReadFile(d.Home.ConfigFile()); err != nil || !strings.Contains(string(conf), `indexer = "null"`) {
		t.Fatalf("the home keeps CometBFT's tx index (%v): this test is of lookups without it", err)
	}
	srv, gm := d.API, d.Suite
	key := d.Key(t, "gov-admin")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	c := client.New(srv.URL)
	signer, err := client.NewSigner(ctx, c, key, gm)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := signer.Build("notary", "anchor", map[string]string{"doc_hash": strings.Repeat("ab", 32), "title": "two hashes"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Broadcast(ctx, raw, false)
	if err != nil || res.Code != 0 {
		t.Fatalf("submit: %+v %v", res, err)
	}
	sm3 := hex.EncodeToString(gm.Hash(raw))
	sum := sha256.Sum256(raw)
	cmt := hex.EncodeToString(sum[:])
	if res.Hash != sm3 {
		t.Fatalf("submit answered hash %s, want SM3 %s", res.Hash, sm3)
	}

	get := func(h string) (int, map[string]any) {
		resp, err := http.Get(srv.URL + "/api/v1/txs/" + h)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	for _, h := range []string{sm3, cmt, "0x" + strings.ToUpper(cmt)} {
		// The SQLite index follows each committed block in its own
		// goroutine: on a loaded 2-core machine that can take seconds.
		var (
			code int
			m    map[string]any
		)
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
			if code, m = get(h); code == http.StatusOK {
				break
			}
		}
		if code != http.StatusOK || m["hash"] != sm3 || m["cometbft_hash"] != cmt || m["state_key"] == "" {
			t.Errorf("GET %s: %d %v", h, code, m)
		}
	}
	other := sha256.Sum256([]byte("no such tx"))
	if code, m := get(hex.EncodeToString(other[:])); code != http.StatusNotFound {
		t.Errorf("unknown hash: %d %v", code, m)
	}
}
