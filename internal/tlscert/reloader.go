// Package tlscert serves the node's HTTPS certificate from files an
// operator renews in place (read again on the first handshake after they
// change, no restart) and makes development certificates for testnets.
package tlscert

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// DefaultWarnBefore is how long before expiry the node starts warning.
const DefaultWarnBefore = 30 * 24 * time.Hour

// statEvery bounds how often a handshake looks at the files: a busy server
// stats them at most once a second, and a renewal is picked up within one
// second of being written.
const statEvery = time.Second

// Reloader answers tls.Config.GetCertificate with the certificate in
// CertFile/KeyFile, loading them again when either file's modification
// time or size changes. A renewal that fails to load (half-written, key
// not matching) keeps the previous certificate and logs the error; the
// next change is tried again.
type Reloader struct {
	certFile, keyFile string
	warnBefore        time.Duration
	log               *slog.Logger
	now               func() time.Time

	mu       sync.Mutex
	cert     *tls.Certificate
	leaf     *x509.Certificate
	stamp    fileStamp
	checked  time.Time
	warnedAt time.Time
	loadErrs int
}

// fileStamp identifies the files' versions. The file identity (inode)
// catches an atomic replacement (write and rename) even where the
// filesystem's timestamps are too coarse to tell two writes apart.
type fileStamp struct {
	cert, key os.FileInfo
}

func (a fileStamp) same(b fileStamp) bool {
	eq := func(x, y os.FileInfo) bool {
		return x != nil && y != nil && os.SameFile(x, y) && x.ModTime().Equal(y.ModTime()) && x.Size() == y.Size()
	}
	return eq(a.cert, b.cert) && eq(a.key, b.key)
}

// NewReloader loads the pair once (an error here stops the node: it must
// not start serving HTTPS without a certificate).
func NewReloader(certFile, keyFile string, warnBefore time.Duration, lg *slog.Logger) (*Reloader, error) {
	if lg == nil {
		lg = slog.Default()
	}
	if warnBefore <= 0 {
		warnBefore = DefaultWarnBefore
	}
	r := &Reloader{certFile: certFile, keyFile: keyFile, warnBefore: warnBefore, log: lg, now: time.Now}
	st, err := r.stat()
	if err != nil {
		return nil, err
	}
	if err := r.load(st); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Reloader) stat() (fileStamp, error) {
	c, err := os.Stat(r.certFile)
	if err != nil {
		return fileStamp{}, fmt.Errorf("tls certificate: %w", err)
	}
	k, err := os.Stat(r.keyFile)
	if err != nil {
		return fileStamp{}, fmt.Errorf("tls key: %w", err)
	}
	return fileStamp{cert: c, key: k}, nil
}

// load reads the pair; the caller holds r.mu or owns r.
func (r *Reloader) load(st fileStamp) error {
	pair, err := tls.LoadX509KeyPair(r.certFile, r.keyFile)
	if err != nil {
		return fmt.Errorf("tls certificate %s with key %s: %w", r.certFile, r.keyFile, err)
	}
	leaf := pair.Leaf
	if leaf == nil {
		if leaf, err = x509.ParseCertificate(pair.Certificate[0]); err != nil {
			return fmt.Errorf("tls certificate %s: %w", r.certFile, err)
		}
	}
	r.cert, r.leaf, r.stamp, r.checked = &pair, leaf, st, r.now()
	r.log.Info("tls certificate loaded", "file", r.certFile, "subject", leaf.Subject.CommonName,
		"not_after", leaf.NotAfter.UTC().Format(time.RFC3339), "serial", leaf.SerialNumber.String())
	r.warnIfExpiring()
	return nil
}

// warnIfExpiring logs once a day while the certificate is within
// warnBefore of its expiry (or past it).
func (r *Reloader) warnIfExpiring() {
	now := r.now()
	left := r.leaf.NotAfter.Sub(now)
	if left > r.warnBefore || now.Sub(r.warnedAt) < 24*time.Hour {
		return
	}
	r.warnedAt = now
	r.log.Warn("tls certificate expires soon: renew it (the node reloads the files without restart)",
		"file", r.certFile, "not_after", r.leaf.NotAfter.UTC().Format(time.RFC3339), "hours_left", int64(left.Hours()))
}

// GetCertificate is tls.Config.GetCertificate.
func (r *Reloader) GetCertificate(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	if r.cert == nil {
		return nil, errors.New("no tls certificate loaded")
	}
	return r.cert, nil
}

// refresh reloads the files if they changed; the caller holds r.mu.
func (r *Reloader) refresh() {
	now := r.now()
	if now.Sub(r.checked) < statEvery {
		return
	}
	r.checked = now
	st, err := r.stat()
	if err != nil {
		r.log.Error("tls certificate files unreadable; serving the previous certificate", "err", err)
		return
	}
	if st.same(r.stamp) {
		r.warnIfExpiring()
		return
	}
	if err := r.load(st); err != nil {
		r.loadErrs++
		r.log.Error("tls certificate changed but does not load; serving the previous certificate", "err", err)
	}
}

// Leaf is the certificate being served (after a reload check).
func (r *Reloader) Leaf() *x509.Certificate {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.refresh()
	return r.leaf
}

// Config is the server TLS configuration: TLS 1.3 only, the certificate
// from r.
func (r *Reloader) Config() *tls.Config {
	return &tls.Config{MinVersion: tls.VersionTLS13, GetCertificate: r.GetCertificate}
}

// Register exports the certificate's expiry at /metrics:
// govchain_tls_cert_not_after_timestamp_seconds (alert on it minus time())
// and govchain_tls_cert_expiring (1 within the warning window).
func (r *Reloader) Register(reg prometheus.Registerer) error {
	notAfter := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "govchain", Name: "tls_cert_not_after_timestamp_seconds",
		Help: "Expiry (NotAfter, Unix seconds) of the HTTPS certificate being served."},
		func() float64 { return float64(r.Leaf().NotAfter.Unix()) })
	expiring := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "govchain", Name: "tls_cert_expiring",
		Help: "1 when the HTTPS certificate expires within the warning window (--tls-warn-before), else 0."},
		func() float64 {
			if r.Leaf().NotAfter.Sub(r.now()) <= r.warnBefore {
				return 1
			}
			return 0
		})
	reloadErrs := prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "govchain", Name: "tls_cert_reload_errors_total",
		Help: "Changed certificate files that failed to load (the previous certificate stays in use)."},
		func() float64 { r.mu.Lock(); defer r.mu.Unlock(); return float64(r.loadErrs) })
	for _, c := range []prometheus.Collector{notAfter, expiring, reloadErrs} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	return nil
}
