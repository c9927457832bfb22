package lightproxy

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
)

// relay is a reverse proxy to a node's CometBFT RPC; with lie set it
// changes one byte of every abci_query value it relays.
func relay(t *testing.T, target string, lie bool) string {
	u, _ := url.Parse(target)
	rp := httputil.NewSingleHostReverseProxy(u)
	if lie {
		rp.ModifyResponse = func(resp *http.Response) error {
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				return err
			}
			var m map[string]any
			if json.Unmarshal(body, &m) == nil {
				if r, ok := m["result"].(map[string]any); ok {
					if q, ok := r["response"].(map[string]any); ok {
						if v, ok := q["value"].(string); ok && v != "" {
							b, _ := base64.StdEncoding.DecodeString(v)
							b[len(b)-1] ^= 1
							q["value"] = base64.StdEncoding.EncodeToString(b)
							body, _ = json.Marshal(m)
						}
					}
				}
			}
			resp.Body = io.NopCloser(bytes.NewReader(body))
			resp.ContentLength = int64(len(body))
			resp.Header.Set("Content-Length", strconv.Itoa(len(body)))
			return nil
		}
	}
	srv := httptest.NewServer(rp)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestLightProxy: a light proxy trusting one header verifies a record and a
// record's absence from an honest node, and refuses the answer of a node
// that changes one byte of a value, although the witness is honest and the
// headers are genuine.
func TestLightProxy(t *testing.T) {
	home := node.Home(filepath.Join(t.TempDir(), "dev"))
	port, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: string(home), Single: true, Demo: true,
		HTTPAddr: "127.0.0.1:0", BasePort: port, TimeoutCommit: 150 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	n, err := node.Open(home, node.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := n.WaitForHeight(ctx, 3); err != nil {
		t.Fatal(err)
	}
	rpcURL := "http://" + strings.TrimPrefix(n.Comet.RPC.ListenAddress, "tcp://")
	h := int64(2)
	blk, err := n.RPC.Block(ctx, &h)
	if err != nil {
		t.Fatal(err)
	}
	var admin string
	for _, a := range network.DemoAccounts() {
		if a.Name == "gov-admin" {
			admin = a.Name
		}
	}
	addrBytes, err := n.Store.Committed().Get(identity.NameKey(admin))
	if err != nil || addrBytes == nil {
		t.Fatalf("gov-admin's address: %v", err)
	}
	present := identity.AccountKey(string(addrBytes))
	missing := identity.AccountKey("0000000000000000000000000000000000000000")

	start := func(primary string) *rpchttp.HTTP {
		p, err := Start(ctx, Config{ChainID: "pingshan-dev", Primary: primary, Witnesses: []string{relay(t, rpcURL, false)},
			TrustHeight: h, TrustHash: blk.BlockID.Hash, Listen: "127.0.0.1:0"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { p.Close() })
		c, err := rpchttp.New("http://" + p.Addr)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	opts := rpcclient.ABCIQueryOptions{Prove: true}

	honest := start(relay(t, rpcURL, false))
	for _, path := range []string{"/key", app.StorePath} {
		res, err := honest.ABCIQueryWithOptions(ctx, path, present, opts)
		if err != nil || res.Response.Value == nil {
			t.Fatalf("%s: verified read: %v", path, err)
		}
		res, err = honest.ABCIQueryWithOptions(ctx, path, missing, opts)
		if err != nil || res.Response.Value != nil {
			t.Fatalf("%s: verified absence: %v", path, err)
		}
	}
	h3 := int64(3)
	if hdr, err := honest.Header(ctx, &h3); err != nil || hdr.Header.Height != 3 {
		t.Fatalf("verified header: %v", err)
	}

	liar := start(relay(t, rpcURL, true))
	_, err = liar.ABCIQueryWithOptions(ctx, "/key", present, opts)
	if err == nil || !strings.Contains(err.Error(), "does not verify") {
		t.Fatalf("a changed value was passed on: %v", err)
	}
}
