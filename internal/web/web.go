// Package web is the citizen portal and the staff console: server-rendered
// HTML served by every node at "/", and the JSON routes behind it under
// /api/v1. Pages are html/template (escaping is html/template's job: no
// text is sanitised by hand), zh-CN by default with an English switch, and
// work without JavaScript; the CSS is embedded and uses system fonts only.
package web

import (
	"fmt"
	"log/slog"
	"net/http"

	"github.com/pingshan/govchain/internal/node"
)

// Register adds the portal's routes to the node's HTTP mux.
func Register(mux *http.ServeMux, n *node.Node, lg *slog.Logger) error {
	p, err := New(n, lg, Options{})
	if err != nil {
		return err
	}
	p.Routes(mux)
	return nil
}

// New builds a portal for a node; Routes installs it on a mux.
func New(n *node.Node, lg *slog.Logger, o Options) (*Portal, error) {
	if lg == nil {
		lg = slog.Default()
	}
	if err := o.defaults(); err != nil {
		return nil, err
	}
	p := &Portal{exts: append(portalExtensions(), o.Extensions...), n: n, log: lg, opt: o, suite: n.App.Suite(), now: o.Now, proxies: *o.TrustedProxies}
	var err error
	if p.secret, err = randomBytes(32); err != nil {
		return nil, err
	}
	if p.tmpl, err = loadTemplates(p); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	p.sessions = newSessions(o.SessionIdle, o.SessionMax, p.now)
	p.ipLimit = newLimiter(o.PublicBurst, o.PublicEvery, o.MaxKeys, p.now)
	p.objLimit = newLimiter(o.ObjectionBurst, o.ObjectionEvery, o.MaxKeys, p.now)
	p.codeLimit = newLimiter(o.WrongCodeBurst, o.WrongCodeEvery, o.MaxKeys, p.now)
	p.loginLimit = newLimiter(o.LoginBurst, o.LoginEvery, o.MaxKeys, p.now)
	p.acctLimit = newLimiter(o.AccountFailBurst, o.AccountFailEvery, o.MaxKeys, p.now)
	p.signin = newSigninThrottle(o.SigninBase, o.SigninMax, o.SigninClientFree, o.SigninForget, o.MaxKeys, p.now)
	p.sender = newSender(n)
	p.loadGateway()
	if p.creds, err = openCredentials(n.Home, p.suite); err != nil {
		return nil, err
	}
	n.AddExpirySource(p.passwordExpiries)
	if n.Config.Demo {
		if err := p.provisionDemo(); err != nil {
			return nil, fmt.Errorf("demo passwords: %w", err)
		}
	}
	return p, nil
}
