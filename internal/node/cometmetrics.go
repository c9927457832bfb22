package node

import (
	"sync"

	cfg "github.com/cometbft/cometbft/config"
	nm "github.com/cometbft/cometbft/node"
	"github.com/prometheus/client_golang/prometheus"
)

// registererMu serialises the moments client_golang's default registerer
// points at one node's registry (withRegisterer). It guards no state of
// its own.
var registererMu sync.Mutex

// cometMetrics is CometBFT's Prometheus MetricsProvider (consensus height
// and rounds, peers, mempool size, block sync, state sync, …; named
// <namespace>_<subsystem>_<name>, by default cometbft_consensus_height),
// whatever instrumentation.prometheus says: govchain serves them on its
// own /metrics, so CometBFT's separate listener
// (instrumentation.prometheus_listen_addr) stays off.
func cometMetrics(conf *cfg.Config) nm.MetricsProvider {
	ns := conf.Instrumentation.Namespace
	if ns == "" {
		ns = "cometbft"
	}
	return nm.DefaultMetricsProvider(&cfg.InstrumentationConfig{Prometheus: true, Namespace: ns})
}

// withRegisterer runs f (creating the CometBFT node) with client_golang's
// package-level default registerer, which CometBFT's metric constructors
// register with, pointed at reg: each node's CometBFT metrics land in the
// registry its /metrics serves, none in the global one, and several nodes
// in one process (tests) do not collide.
func withRegisterer(reg prometheus.Registerer, f func()) {
	registererMu.Lock()
	defer registererMu.Unlock()
	old := prometheus.DefaultRegisterer
	prometheus.DefaultRegisterer = reg
	defer func() { prometheus.DefaultRegisterer = old }()
	f()
}
