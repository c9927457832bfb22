package node

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestLintedNames: counters named as CometBFT names some are served with
// names promtool accepts; a rename never merges two families; histograms
// and compliant names are left alone.
func TestLintedNames(t *testing.T) {
	reg := prometheus.NewRegistry()
	for _, name := range []string{"cometbft_mempool_recheck_times", "cometbft_consensus_proposal_create_count", "govchain_blocks_committed_total",
		"x_clash", "x_clash_total"} {
		c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: "h"})
		c.Inc()
		reg.MustRegister(c)
	}
	h := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "cometbft_block_interval_seconds", Help: "h"})
	h.Observe(1)
	reg.MustRegister(h)
	if probs, _ := testutil.GatherAndLint(reg); len(probs) == 0 {
		t.Fatal("the raw names should have lint problems")
	}
	m := &Metrics{Registry: reg}
	mfs, err := m.Gatherer().Gather()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, mf := range mfs {
		got = append(got, mf.GetName())
	}
	want := []string{"cometbft_block_interval_seconds", "cometbft_consensus_proposal_create_total", "cometbft_mempool_recheck_times_total",
		"govchain_blocks_committed_total", "x_clash", "x_clash_total"}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
	probs, err := testutil.GatherAndLint(m.Gatherer())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		if p.Metric != "x_clash" { // left as it was rather than merged
			t.Errorf("lint: %s: %s", p.Metric, p.Text)
		}
	}
}
