// Package api is the node's HTTP JSON API under /api/v1, plus /healthz and
// /metrics. Every error is JSON {code, codespace, message}.
package api

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pingshan/govchain/internal/node"
)

// Server serves one node.
type Server struct {
	n   *node.Node
	mux *http.ServeMux
	srv *http.Server
	ln  *capListener
	log *slog.Logger
	// Limits apply from Listen on (DefaultLimits unless changed before).
	Limits Limits
	// TLS, when set before Listen, makes Listen serve HTTPS (tls.go).
	TLS *tls.Config
	// fetch serves shared data; nil unless HOME/config/sharing-sources.json exists.
	fetch *fetchService
}

// New builds the route table.
func New(n *node.Node, lg *slog.Logger) *Server {
	if lg == nil {
		lg = slog.Default()
	}
	s := &Server{n: n, mux: http.NewServeMux(), log: lg, Limits: DefaultLimits()}
	fs, err := loadFetchService(n)
	if err != nil {
		// The node still runs; it serves no shared data until fixed.
		lg.Error("sharing: sources not loaded; this node serves no shared data", "err", err)
	}
	s.fetch = fs
	s.routes()
	return s
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.healthz)
	m.HandleFunc("GET /readyz", s.readyz)
	m.HandleFunc("GET /api/v1/status", s.status)
	m.HandleFunc("GET /api/v1/blocks/{height}", s.block)
	m.HandleFunc("POST /api/v1/txs", s.submitTx)
	m.HandleFunc("GET /api/v1/txs/{hash}", s.getTx)
	m.HandleFunc("GET /api/v1/accounts/{id}", s.account)
	m.HandleFunc("GET /api/v1/accounts", s.accounts)
	m.HandleFunc("GET /api/v1/departments", s.departments)
	m.HandleFunc("GET /api/v1/departments/{id}", s.department)
	m.HandleFunc("GET /api/v1/state", s.state)
	m.HandleFunc("GET /api/v1/proofs", s.proof)
	s.registerGovernance(m)
	s.registerProcesses(m)
	s.registerValidators(m)
	s.registerEncKeys(m)
	s.registerSharing(m)
	m.Handle("GET /metrics", promhttp.HandlerFor(s.n.Metrics.Gatherer(), promhttp.HandlerOpts{}))
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, badRouteErr(r))
	})
}

// Handler is the full HTTP handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return noSniff(s.mux) }

// noSniff: no answer of this server, JSON or page, is to be read by a
// browser as anything but its declared type.
func noSniff(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.ServeHTTP(w, r)
	})
}

// Mux lets other packages (the portal) add routes.
func (s *Server) Mux() *http.ServeMux { return s.mux }

// Listen starts serving on addr within s.Limits; it returns once the port
// is bound.
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv, cl, err := newHTTPServer(ln, s.Handler(), s.Limits)
	if err != nil {
		ln.Close()
		return err
	}
	s.srv, s.ln = srv, cl
	s.connMetrics(cl)
	serve := func() error { return s.srv.Serve(cl) }
	if s.TLS != nil {
		srv.TLSConfig = s.TLS
		// The certificate comes from TLS.GetCertificate (no files here);
		// ServeTLS adds HTTP/2 to what the handshake offers.
		serve = func() error { return s.srv.ServeTLS(cl, "", "") }
	}
	go func() {
		if err := serve(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "err", err)
		}
	}()
	return nil
}

// connMetrics exports the connection caps' effect at /metrics (a second
// Listen keeps the first registration).
func (s *Server) connMetrics(cl *capListener) {
	reg := s.n.Metrics.Registry
	_ = reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "govchain", Name: "http_connections_open",
		Help: "HTTP connections holding a slot (cap: MaxConns in all, MaxConnsPerClient per client)."},
		func() float64 { open, _ := cl.counts(); return float64(open) }))
	_ = reg.Register(prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: "govchain", Name: "http_connections_refused_total",
		Help: "HTTP connections closed at accept because a connection cap was reached."},
		func() float64 { _, refused := cl.counts(); return float64(refused) }))
}

// Addr is the address Listen bound (nil before).
func (s *Server) Addr() net.Addr {
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// Shutdown stops accepting requests and waits briefly for those in flight.
func (s *Server) Shutdown() error {
	if s.srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.srv.Shutdown(ctx)
}

func badRouteErr(r *http.Request) error {
	return fmt.Errorf("%w: no route %s %s", ErrNotFound, r.Method, r.URL.Path)
}
