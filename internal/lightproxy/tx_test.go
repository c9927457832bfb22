package lightproxy

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/devnodetest"
)

// TestLightProxyTx: on a node without CometBFT's tx index (the default),
// the light proxy answers /tx by CometBFT's name of a tx with its
// verified inclusion proof and its result code, taking the tx's position
// from the node's JSON API; a node's API that names a wrong position, or
// an unknown hash, gets no answer passed on.
func TestLightProxyTx(t *testing.T) {
	d := devnodetest.Start(t, 90*time.Second)
	n, apiSrv, gm := d.Node, d.API, d.Suite
	key := d.Key(t, "gov-admin")
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	c := client.New(apiSrv.URL)
	signer, err := client.NewSigner(ctx, c, key, gm)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := signer.Build("notary", "anchor", map[string]string{"doc_hash": strings.Repeat("cd", 32), "title": "light tx"})
	if err != nil {
		t.Fatal(err)
	}
	if res, err := c.Broadcast(ctx, raw, false); err != nil || res.Code != 0 {
		t.Fatalf("submit: %+v %v", res, err)
	}
	sum := sha256.Sum256(raw)
	// Wait until the node's API names it by CometBFT's hash (the index
	// follows each block).
	for {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/txs/%x", apiSrv.URL, sum))
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		if ctx.Err() != nil {
			t.Fatal("the node's API never found the tx by its SHA-256 name")
		}
		time.Sleep(100 * time.Millisecond)
	}
	rec, _, _, err := n.TxByAnyHash(ctx, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	if err := n.WaitForHeight(ctx, rec.Height+1); err != nil {
		t.Fatal(err)
	}

	rpcURL := "http://" + strings.TrimPrefix(n.Comet.RPC.ListenAddress, "tcp://")
	h := int64(1)
	blk, err := n.RPC.Block(ctx, &h)
	if err != nil {
		t.Fatal(err)
	}
	start := func(apiURL string) *rpchttp.HTTP {
		p, err := Start(ctx, Config{ChainID: "pingshan-dev", Primary: relay(t, rpcURL, false), Witnesses: []string{relay(t, rpcURL, false)},
			TrustHeight: h, TrustHash: blk.BlockID.Hash, Listen: "127.0.0.1:0", API: apiURL})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		pc, err := rpchttp.New("http://" + p.Addr)
		if err != nil {
			t.Fatal(err)
		}
		return pc
	}

	honest := start(apiSrv.URL)
	res, err := honest.Tx(ctx, sum[:], true)
	if err != nil {
		t.Fatalf("verified /tx: %v", err)
	}
	if res.Height != rec.Height || res.Index != rec.Index || string(res.Tx) != string(raw) || res.TxResult.Code != 0 {
		t.Fatalf("verified /tx: %+v", res)
	}
	hdr, err := n.RPC.Header(ctx, &res.Height)
	if err != nil {
		t.Fatal(err)
	}
	if err := res.Proof.Validate(hdr.Header.DataHash); err != nil {
		t.Fatalf("the proof passed on does not verify: %v", err)
	}
	other := sha256.Sum256([]byte("no such tx"))
	if _, err := honest.Tx(ctx, other[:], false); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Fatalf("unknown hash: %v", err)
	}

	// A node whose API places the tx one position off (or in another
	// block) is caught by the block's data hash and the tx's own hash.
	lying := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		fmt.Fprintf(w, `{"height": %d, "index": %d}`, rec.Height-1, rec.Index)
	}))
	t.Cleanup(lying.Close)
	liar := start(lying.URL)
	if _, err := liar.Tx(ctx, sum[:], true); err == nil || !strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("a wrong position was passed on: %v", err)
	}
}
