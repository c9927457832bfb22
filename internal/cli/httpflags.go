package cli

import (
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/tlscert"
)

// httpFlags say how `start` and `dev` serve the API and portal: plain HTTP
// on addr, or HTTPS (TLS 1.3) with a certificate reloaded when renewed and,
// if redirect is set, a plain-HTTP listener there that only redirects.
type httpFlags struct {
	addr       string
	tlsCert    string
	tlsKey     string
	redirect   string
	warnBefore time.Duration
}

func (f *httpFlags) register(cmd *cobra.Command, defaultAddr, addrHelp string) {
	cmd.Flags().StringVar(&f.addr, "http", defaultAddr, addrHelp)
	cmd.Flags().StringVar(&f.tlsCert, "tls-cert", "", "PEM certificate (chain) file: serve HTTPS (TLS 1.3) on --http; a renewed file is used from the next connection, no restart")
	cmd.Flags().StringVar(&f.tlsKey, "tls-key", "", "PEM private key file of --tls-cert")
	cmd.Flags().StringVar(&f.redirect, "http-redirect", "", "with --tls-cert: also listen for plain HTTP here and redirect GET/HEAD to HTTPS (empty: plain HTTP disabled)")
	cmd.Flags().DurationVar(&f.warnBefore, "tls-warn-before", tlscert.DefaultWarnBefore, "warn (log and govchain_tls_cert_expiring) this long before the certificate expires")
}

func (f *httpFlags) tls() bool { return f.tlsCert != "" }

func (f *httpFlags) check() error {
	if (f.tlsCert == "") != (f.tlsKey == "") {
		return fmt.Errorf("--tls-cert and --tls-key go together")
	}
	if f.redirect != "" && !f.tls() {
		return fmt.Errorf("--http-redirect needs --tls-cert and --tls-key")
	}
	return nil
}

// scheme is how clients reach the API.
func (f *httpFlags) scheme() string {
	if f.tls() {
		return "https"
	}
	return "http"
}

// serving is what runNode started besides the API server.
type serving struct {
	redirect *api.Redirector
}

func (s *serving) shutdown(lg *slog.Logger) {
	if s.redirect != nil {
		if err := s.redirect.Shutdown(); err != nil {
			lg.Warn("http redirect shutdown", "err", err)
		}
	}
}

// listen starts srv on addr, over TLS if configured, and the redirector.
func (f *httpFlags) listen(srv *api.Server, n *node.Node, addr string, lg *slog.Logger) (*serving, error) {
	out := &serving{}
	if f.tls() {
		rl, err := tlscert.NewReloader(f.tlsCert, f.tlsKey, f.warnBefore, lg)
		if err != nil {
			return nil, err
		}
		if err := rl.Register(n.Metrics.Registry); err != nil {
			return nil, fmt.Errorf("tls metrics: %w", err)
		}
		srv.TLS = rl.Config()
	}
	if err := srv.Listen(addr); err != nil {
		return nil, fmt.Errorf("HTTP API on %s: %w", addr, err)
	}
	if f.redirect != "" {
		_, port, err := net.SplitHostPort(srv.Addr().String())
		if err != nil {
			srv.Shutdown()
			return nil, err
		}
		rd, err := api.ListenRedirect(f.redirect, port, lg)
		if err != nil {
			srv.Shutdown()
			return nil, fmt.Errorf("HTTP redirect on %s: %w", f.redirect, err)
		}
		out.redirect = rd
	}
	return out, nil
}
