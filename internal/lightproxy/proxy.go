package lightproxy

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	"github.com/cometbft/cometbft/crypto/merkle"
	"github.com/cometbft/cometbft/libs/bytes"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/light"
	lproxy "github.com/cometbft/cometbft/light/proxy"
	lrpc "github.com/cometbft/cometbft/light/rpc"
	dbs "github.com/cometbft/cometbft/light/store/db"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	ctypes "github.com/cometbft/cometbft/rpc/core/types"
	rpcserver "github.com/cometbft/cometbft/rpc/jsonrpc/server"
	rpctypes "github.com/cometbft/cometbft/rpc/jsonrpc/types"
)

// Config says whom to ask and what to trust.
type Config struct {
	ChainID   string
	Primary   string   // CometBFT RPC of the node answering, e.g. http://10.0.0.5:26657
	Witnesses []string // other nodes' RPC, cross-checked against the primary
	// TrustHeight and TrustHash name a header the user trusts (from the
	// city's published list, or a node they run): verification starts there.
	TrustHeight int64
	TrustHash   []byte
	// TrustPeriod is how old the trusted header may be (default 21 days);
	// the trusted header's time must be within it.
	TrustPeriod time.Duration
	// API is the primary's govchain JSON API (e.g. http://10.0.0.5:8080).
	// With it, /tx is answered without the node's CometBFT tx index (off
	// in the homes govchain writes): the API names the tx's position and
	// the proxy checks the block and the tx record (tx.go). Without it,
	// /tx is CometBFT's, which needs tx_index.indexer = "kv" on the node.
	API string
	// Listen is the proxy's own address (default 127.0.0.1:8888).
	Listen string
	Logger cmtlog.Logger
}

// Proxy is a running light proxy.
type Proxy struct {
	Addr string // where it listens
	lc   *light.Client
	ln   net.Listener
}

// Start verifies the trusted header with the primary and witnesses and
// starts serving.
func Start(ctx context.Context, c Config) (*Proxy, error) {
	if c.TrustPeriod == 0 {
		c.TrustPeriod = 21 * 24 * time.Hour
	}
	if c.Listen == "" {
		c.Listen = "127.0.0.1:8888"
	}
	if c.Logger == nil {
		c.Logger = cmtlog.NewNopLogger()
	}
	if len(c.Witnesses) == 0 {
		return nil, errors.New("light: at least one witness is needed: a lying primary is only caught by comparing it with another node")
	}
	lc, err := light.NewHTTPClient(ctx, c.ChainID, light.TrustOptions{Period: c.TrustPeriod, Height: c.TrustHeight, Hash: c.TrustHash},
		c.Primary, c.Witnesses, dbs.New(dbm.NewMemDB(), c.ChainID), light.Logger(c.Logger))
	if err != nil {
		return nil, fmt.Errorf("light: trusting height %d: %w", c.TrustHeight, err)
	}
	next, err := rpchttp.New(c.Primary)
	if err != nil {
		return nil, err
	}
	verified := lrpc.NewClient(next, lc, lrpc.KeyPathFn(keyPath))
	routes := lproxy.RPCRoutes(verified)
	// CometBFT's light RPC client knows only its own proof ops; govchain's
	// state proofs are ICS-23 IAVL, verified here.
	routes["abci_query"] = rpcserver.NewRPCFunc(abciQuery(next, lc), "path,data,height,prove")
	if c.API != "" {
		routes["tx"] = rpcserver.NewRPCFunc(txByPosition(next, lc, hintClient{base: c.API, http: &http.Client{Timeout: 10 * time.Second}}), "hash,prove")
	}
	delete(routes, "subscribe") // websocket routes are not served
	delete(routes, "unsubscribe")
	delete(routes, "unsubscribe_all")

	mux := http.NewServeMux()
	rpcserver.RegisterRPCFuncs(mux, routes, c.Logger)
	cfg := rpcserver.DefaultConfig()
	listen := c.Listen
	if !strings.Contains(listen, "://") {
		listen = "tcp://" + listen
	}
	ln, err := rpcserver.Listen(listen, cfg.MaxOpenConnections)
	if err != nil {
		return nil, err
	}
	p := &Proxy{Addr: ln.Addr().String(), lc: lc, ln: ln}
	go rpcserver.Serve(ln, mux, c.Logger, cfg) //nolint:errcheck // ends when Close closes the listener
	return p, nil
}

// Close stops serving.
func (p *Proxy) Close() error { return p.ln.Close() }

// keyPath: the whole state is one IAVL tree, so the key path is the key
// alone, whether asked as /key or /store/main/key.
func keyPath(_ string, key []byte) (merkle.KeyPath, error) {
	return merkle.KeyPath{}.AppendKey(key, merkle.KeyEncodingHex), nil
}

// abciQuery asks the primary with a proof, verifies the header that
// commits to the answer's state (height+1) through the light client, and
// checks the proof against that header's app hash.
func abciQuery(next rpcclient.Client, lc *light.Client) func(*rpctypes.Context, string, bytes.HexBytes, int64, bool) (*ctypes.ResultABCIQuery, error) {
	return func(rctx *rpctypes.Context, path string, data bytes.HexBytes, height int64, _ bool) (*ctypes.ResultABCIQuery, error) {
		ctx := rctx.Context()
		res, err := next.ABCIQueryWithOptions(ctx, path, data, rpcclient.ABCIQueryOptions{Height: height, Prove: true})
		if err != nil {
			return nil, err
		}
		resp := res.Response
		if resp.Height <= 0 {
			return nil, fmt.Errorf("%w: answer has no height", ErrUnverified)
		}
		// The header committing to state H is H+1; for the latest state
		// it is being made now.
		var appHash []byte
		deadline := time.Now().Add(5 * time.Second)
		for {
			lb, err := lc.VerifyLightBlockAtHeight(ctx, resp.Height+1, time.Now())
			if err == nil {
				appHash = lb.AppHash
				break
			}
			if time.Now().After(deadline) || ctx.Err() != nil {
				return nil, fmt.Errorf("%w: header %d: %v", ErrUnverified, resp.Height+1, err)
			}
			time.Sleep(200 * time.Millisecond)
		}
		if err := VerifyQuery(data, &resp, appHash); err != nil {
			return nil, err
		}
		return res, nil
	}
}
