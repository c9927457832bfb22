package node

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/pingshan/govchain/internal/app"
)

// Metrics are the node's Prometheus metrics, served at /metrics.
type Metrics struct {
	Registry   *prometheus.Registry
	height     prometheus.Gauge
	blocks     prometheus.Counter
	txs        *prometheus.CounterVec
	rejections *prometheus.CounterVec
	commit     prometheus.Histogram
}

func newMetrics() *Metrics {
	m := &Metrics{Registry: prometheus.NewRegistry()}
	m.height = prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "govchain", Name: "block_height", Help: "Last committed block height."})
	m.blocks = prometheus.NewCounter(prometheus.CounterOpts{Namespace: "govchain", Name: "blocks_committed_total", Help: "Blocks committed by this node since start."})
	m.txs = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "govchain", Name: "txs_total", Help: "Transactions executed in blocks, by module, action and result code."}, []string{"module", "action", "codespace", "code"})
	m.rejections = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: "govchain", Name: "checktx_rejections_total", Help: "Transactions refused by CheckTx, by code."}, []string{"codespace", "code"})
	m.commit = prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: "govchain", Name: "commit_latency_seconds", Help: "Time from the end of FinalizeBlock to the state being persisted.",
		Buckets: prometheus.ExponentialBuckets(0.001, 2, 14)})
	m.Registry.MustRegister(m.height, m.blocks, m.txs, m.rejections, m.commit,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observer connects the app's commit notifications to metrics and waiters.
type observer struct{ n *Node }

func (o observer) BlockCommitted(height int64, _ time.Time, txs []app.TxOutcome, took time.Duration) {
	m := o.n.Metrics
	m.height.Set(float64(height))
	o.n.lastHeight.Store(height)
	m.blocks.Inc()
	m.commit.Observe(took.Seconds())
	for _, t := range txs {
		m.txs.WithLabelValues(t.Module, t.Action, t.Codespace, strconv.FormatUint(uint64(t.Code), 10)).Inc()
	}
	o.n.waiters.deliver(txs)
	o.n.kickIndexer()
}

func (o observer) CheckTxRejected(codespace string, code uint32) {
	o.n.Metrics.rejections.WithLabelValues(codespace, strconv.FormatUint(uint64(code), 10)).Inc()
}
