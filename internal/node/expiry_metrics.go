package node

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pingshan/govchain/internal/module/governance"
)

// Expiry metrics, read from committed state at each scrape:
//
//	govchain_expiry_timestamp_seconds{kind,subject,department}  when it runs out (Unix seconds)
//	govchain_expiring{kind,subject,department}                  1 within gov.expiry_warning_days, else 0
//
// kind "account" is a member's validity (identity/set_validity); the
// portal adds "password" series through AddExpirySource, and the HTTPS
// certificate has its own govchain_tls_cert_* metrics (internal/tlscert).
// Alert on govchain_expiring == 1.

var (
	expiryAtDesc = prometheus.NewDesc("govchain_expiry_timestamp_seconds",
		"When something that expires runs out (Unix seconds): a staff account's validity, a console password's age limit.",
		[]string{"kind", "subject", "department"}, nil)
	expiringDesc = prometheus.NewDesc("govchain_expiring",
		"1 when it runs out within gov.expiry_warning_days (or has), else 0.",
		[]string{"kind", "subject", "department"}, nil)
)

// ExpirySource lists expiries a part of the node knows (the portal's
// passwords), given the warning lead time.
type ExpirySource func(now time.Time, lead time.Duration) []governance.Expiry

type expiryCollector struct {
	n       *Node
	mu      sync.Mutex
	sources []ExpirySource
}

// ExpiryCollector is the node's expiry collector (registered once, by New).
func (n *Node) ExpiryCollector() prometheus.Collector {
	if n.expiry == nil {
		n.expiry = &expiryCollector{n: n}
	}
	return n.expiry
}

// AddExpirySource adds a source of expiries to the metrics.
func (n *Node) AddExpirySource(s ExpirySource) {
	c := n.ExpiryCollector().(*expiryCollector)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sources = append(c.sources, s)
}

// Expiries lists what expires, soonest first, with the lead time: member
// validities from committed state (of one department, or all for "") and
// whatever the added sources know.
func (n *Node) Expiries(department string, now time.Time) ([]governance.Expiry, time.Duration, error) {
	st := n.Store.Committed()
	lead := n.App.GovRegistry().ExpiryLead(st)
	out, err := governance.AccountExpiries(st, department, now, lead)
	c := n.ExpiryCollector().(*expiryCollector)
	c.mu.Lock()
	sources := append([]ExpirySource(nil), c.sources...)
	c.mu.Unlock()
	for _, s := range sources {
		for _, e := range s(now, lead) {
			if department == "" || e.Department == department {
				out = append(out, e)
			}
		}
	}
	governance.SortExpiries(out)
	return out, lead, err
}

func (c *expiryCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- expiryAtDesc
	ch <- expiringDesc
}

func (c *expiryCollector) Collect(ch chan<- prometheus.Metric) {
	if c.n.Store == nil {
		return
	}
	list, _, err := c.n.Expiries("", time.Now())
	if err != nil {
		c.n.log.Warn("expiry metrics", "err", err)
	}
	for _, e := range list {
		soon := 0.0
		if e.Soon {
			soon = 1
		}
		ch <- prometheus.MustNewConstMetric(expiryAtDesc, prometheus.GaugeValue, float64(e.At.Unix()), e.Kind, e.Subject, e.Department)
		ch <- prometheus.MustNewConstMetric(expiringDesc, prometheus.GaugeValue, soon, e.Kind, e.Subject, e.Department)
	}
}
