package api

import (
	"net"
	"net/http"
	"os"
	"time"

	"github.com/pingshan/govchain/internal/realip"
)

// Limits bound what one connection and one client can hold of the node's
// HTTP server. docs/security.md lists the defaults.
type Limits struct {
	// ReadHeaderTimeout: the request line and headers must arrive within
	// it (slow-header clients are cut off).
	ReadHeaderTimeout time.Duration
	// ReadTimeout: the whole request, body included (the largest is a
	// 2 MiB console upload: about 65 s at 256 kbit/s).
	ReadTimeout time.Duration
	// WriteTimeout: from the end of the request headers to the end of the
	// answer, so it covers reading the body too: a slow 2 MiB upload
	// (ReadTimeout) and then a write waiting for its block (up to 30 s,
	// node.commitTimeout). Proof bundles and pages are at most a few MiB.
	WriteTimeout time.Duration
	// IdleTimeout: a keep-alive connection with no request is closed.
	IdleTimeout time.Duration
	// MaxHeaderBytes caps the request headers.
	MaxHeaderBytes int
	// MaxConns caps open connections in all; MaxConnsPerClient per client
	// (IPv4 address or IPv6 /64; trusted proxies count only in MaxConns).
	MaxConns          int
	MaxConnsPerClient int
	// Proxies are the trusted reverse proxies (nil: GOVCHAIN_TRUSTED_PROXIES).
	Proxies *realip.Proxies
}

// DefaultLimits are the production limits.
func DefaultLimits() Limits {
	return Limits{
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       90 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    64 << 10,
		MaxConns:          4096,
		MaxConnsPerClient: 64,
	}
}

// newHTTPServer is h within lim on ln: the server to Serve the returned
// listener with.
func newHTTPServer(ln net.Listener, h http.Handler, lim Limits) (*http.Server, *capListener, error) {
	px := lim.Proxies
	if px == nil {
		p, err := realip.FromEnv(os.Getenv)
		if err != nil {
			return nil, nil, err
		}
		px = &p
	}
	cl := newCapListener(ln, lim.MaxConns, lim.MaxConnsPerClient, func(a net.Addr) bool {
		return px.Trusted(realip.ParseHostPort(a.String()))
	})
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: lim.ReadHeaderTimeout,
		ReadTimeout:       lim.ReadTimeout,
		WriteTimeout:      lim.WriteTimeout,
		IdleTimeout:       lim.IdleTimeout,
		MaxHeaderBytes:    lim.MaxHeaderBytes,
	}
	return srv, cl, nil
}
