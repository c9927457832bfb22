package node

import (
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
)

// Gatherer is what /metrics serves: the registry with counter names made
// to follow Prometheus' rules, so `promtool check metrics` passes with
// CometBFT's metrics included. CometBFT names some counters without the
// _total suffix (cometbft_mempool_recheck_times) or with a _count suffix
// reserved for histograms (cometbft_consensus_proposal_create_count); they
// are served as cometbft_mempool_recheck_times_total and
// cometbft_consensus_proposal_create_total. govchain's own names already
// comply and pass through unchanged.
func (m *Metrics) Gatherer() prometheus.Gatherer { return lintedNames{m.Registry} }

type lintedNames struct{ g prometheus.Gatherer }

func (l lintedNames) Gather() ([]*dto.MetricFamily, error) {
	mfs, err := l.g.Gather()
	taken := make(map[string]bool, len(mfs))
	for _, mf := range mfs {
		taken[mf.GetName()] = true
	}
	renamed := false
	for _, mf := range mfs {
		name := mf.GetName()
		if mf.GetType() != dto.MetricType_COUNTER || strings.HasSuffix(name, "_total") {
			continue
		}
		fixed := strings.TrimSuffix(name, "_count") + "_total"
		if taken[fixed] {
			continue // never merge two families
		}
		taken[fixed] = true
		mf.Name = &fixed
		renamed = true
	}
	if renamed {
		slices.SortFunc(mfs, func(a, b *dto.MetricFamily) int { return strings.Compare(a.GetName(), b.GetName()) })
	}
	return mfs, err
}
