// Package api is the node's HTTP JSON API under /api/v1, plus /healthz and
// /metrics. Every error is JSON {code, codespace, message}.
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pingshan/govchain/internal/node"
)

// Server serves one node.
type Server struct {
	n   *node.Node
	mux *http.ServeMux
	srv *http.Server
	log *slog.Logger
}

// New builds the route table.
func New(n *node.Node, lg *slog.Logger) *Server {
	if lg == nil {
		lg = slog.Default()
	}
	s := &Server{n: n, mux: http.NewServeMux(), log: lg}
	s.routes()
	return s
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /healthz", s.healthz)
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
	m.Handle("GET /metrics", promhttp.HandlerFor(s.n.Metrics.Registry, promhttp.HandlerOpts{}))
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, badRouteErr(r))
	})
}

// Handler is the full HTTP handler (for tests and embedding).
func (s *Server) Handler() http.Handler { return s.mux }

// Mux lets other packages (the portal) add routes.
func (s *Server) Mux() *http.ServeMux { return s.mux }

// Listen starts serving on addr; it returns once the port is bound.
func (s *Server) Listen(addr string) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	s.srv = &http.Server{Handler: s.mux, ReadHeaderTimeout: 10 * time.Second, MaxHeaderBytes: 64 << 10}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.log.Error("http server stopped", "err", err)
		}
	}()
	return nil
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
