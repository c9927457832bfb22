package scale

import (
	"fmt"
	"log/slog"
	"net"

	cfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web"
)

// running is a scale home's node with its HTTP API and portal.
type running struct {
	n       *node.Node
	srv     *api.Server
	addr    string // the API's host:port
	stopped bool
}

// freeAddr is a free loopback address: the machine is shared, so a home's
// ports are chosen at every start, not fixed at creation.
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startNode rewrites the home's listen addresses to free ports, lets the
// mempool hold a whole wave, and starts the node and its API.
// clients > 0 serves the API with room for that many concurrent
// connections from one address (the bench's clients all come from
// 127.0.0.1; the production cap per client is 64).
func startNode(h node.Home, preload [][]byte, clients int, pprofAddr string, lg *slog.Logger) (*running, error) {
	// This rewrites the home's config and signs with its demo keys: only
	// ever on a home the harness made.
	gen, err := types.GenesisDocFromFile(h.GenesisFile())
	if err != nil {
		return nil, err
	}
	if gen.ChainID != ChainID {
		return nil, fmt.Errorf("%s is a home of chain %q, not a bench home (chain %q): refusing to touch it", h, gen.ChainID, ChainID)
	}
	conf, err := node.LoadCometConfig(h)
	if err != nil {
		return nil, err
	}
	p2p, err1 := freeAddr()
	rpc, err2 := freeAddr()
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("no free port: %v %v", err1, err2)
	}
	conf.P2P.ListenAddress, conf.RPC.ListenAddress = "tcp://"+p2p, "tcp://"+rpc
	conf.RPC.PprofListenAddress = pprofAddr
	conf.Mempool.Size = 20000
	cfg.WriteConfigFile(h.ConfigFile(), conf)

	opts := node.Options{Logger: lg, Preload: preload}
	if clients > 0 {
		// Reading: no state-sync snapshots. The node makes an empty block
		// every timeout_commit, so one falls due every few minutes, and at
		// a million cases taking one is minutes of CPU (docs/benchmarks.md,
		// "1,000,000 cases"): it would weigh on whichever path was being
		// measured. Loading keeps them, as a production node would.
		opts.Ops = func(c *node.OpsConfig) { c.Snapshots.Interval = new(int64) }
	}
	n, err := node.Open(h, opts)
	if err != nil {
		return nil, err
	}
	if err := n.Start(); err != nil {
		n.Stop()
		return nil, err
	}
	r := &running{n: n}
	if clients <= 0 {
		return r, nil
	}
	addr, err := freeAddr()
	if err != nil {
		n.Stop()
		return nil, err
	}
	srv := api.New(n, lg)
	// A phase's end cancels its clients' requests; their connections stay
	// counted until the server's handlers return, while the next phase
	// opens new ones: room for a few generations.
	srv.Limits.MaxConnsPerClient = max(srv.Limits.MaxConnsPerClient, 4*clients+8)
	if err := web.Register(srv.Mux(), n, lg); err != nil {
		n.Stop()
		return nil, fmt.Errorf("portal: %w", err)
	}
	if err := srv.Listen(addr); err != nil {
		n.Stop()
		return nil, err
	}
	r.srv, r.addr = srv, addr
	return r, nil
}

// stop stops the API and the node, once.
func (r *running) stop() error {
	if r.stopped {
		return nil
	}
	r.stopped = true
	if r.srv != nil {
		_ = r.srv.Shutdown()
	}
	return r.n.Stop()
}
