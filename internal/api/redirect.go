package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"
)

// Redirector answers plain HTTP with a permanent redirect to the same path
// over HTTPS on httpsPort, so old bookmarks and typed addresses still
// reach the portal; it serves nothing else.
type Redirector struct {
	srv *http.Server
	ln  net.Listener
}

// ListenRedirect starts a Redirector on addr.
func ListenRedirect(addr, httpsPort string, lg *slog.Logger) (*Redirector, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: RedirectHandler(httpsPort), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second, IdleTimeout: 30 * time.Second, MaxHeaderBytes: 16 << 10}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			lg.Error("http redirect server stopped", "err", err)
		}
	}()
	return &Redirector{srv: srv, ln: ln}, nil
}

// Addr is the bound address.
func (r *Redirector) Addr() net.Addr { return r.ln.Addr() }

// Shutdown stops the redirector.
func (r *Redirector) Shutdown() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return r.srv.Shutdown(ctx)
}

// RedirectHandler redirects every request to https://HOST:httpsPort/PATH.
// Only GET and HEAD are redirected: a form POST over plain HTTP has already
// sent its body in clear, and following it would hide that.
func RedirectHandler(httpsPort string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "this node serves HTTPS only; plain HTTP is redirected for GET and HEAD", http.StatusMisdirectedRequest)
			return
		}
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
		if host == "" {
			host = "localhost"
		}
		target := "https://" + net.JoinHostPort(host, httpsPort) + r.URL.RequestURI()
		http.Redirect(w, r, target, http.StatusPermanentRedirect)
	})
}
