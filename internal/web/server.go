package web

import (
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/realip"
)

// Options tune a portal; zero values take the defaults. Every limit keys
// on the client (realip.Key: an IPv4 address, an IPv6 /64), so an abusive
// client limits only itself. docs/security.md lists the numbers.
type Options struct {
	// Extensions are areas added after portalExtensions (tests use them).
	Extensions []Extension
	// Now is the wall clock (tests move it instead of sleeping).
	Now func() time.Time
	// Public writes (objections, ratings, suggestions, complaints): a
	// token bucket per client.
	PublicBurst int
	PublicEvery time.Duration
	// Objections to one case from one client (a flood of one case's
	// public list). Charged only once the client's own bucket allowed the
	// request, and never per case alone.
	ObjectionBurst int
	ObjectionEvery time.Duration
	// Wrong case numbers or access codes per client (tracking, rating);
	// only failures take tokens. Access codes have 80 bits, so there is
	// no per-case count for anyone to use up.
	WrongCodeBurst int
	WrongCodeEvery time.Duration
	// Sign-in attempts per client, right or wrong (each costs an Argon2id
	// run).
	LoginBurst int
	LoginEvery time.Duration
	// Wrong passwords: the client waits SigninBase, doubling up to
	// SigninMax (see signinThrottle); SigninClientFree failures per client
	// are free; counters idle for SigninForget start over.
	SigninBase       time.Duration
	SigninMax        time.Duration
	SigninClientFree int
	SigninForget     time.Duration
	// Wrong passwords per account from all clients together (see
	// signin_account.go): high, so that only many clients can empty it.
	AccountFailBurst int
	AccountFailEvery time.Duration
	// MaxKeys caps each limiter's table of clients (least recently used
	// forgotten first).
	MaxKeys     int
	SessionIdle time.Duration
	SessionMax  time.Duration
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; nil reads GOVCHAIN_TRUSTED_PROXIES.
	TrustedProxies *realip.Proxies
	// Verifier is the in-browser verifier (/verify/offline); nil uses the
	// one go generate embedded, if any.
	Verifier *Verifier
}

func (o *Options) defaults() error {
	if o.Now == nil {
		o.Now = time.Now
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defd := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.PublicBurst, 5)
	defd(&o.PublicEvery, time.Minute)
	def(&o.ObjectionBurst, 3)
	defd(&o.ObjectionEvery, time.Hour)
	def(&o.WrongCodeBurst, 10)
	defd(&o.WrongCodeEvery, time.Minute)
	def(&o.LoginBurst, 20)
	defd(&o.LoginEvery, 10*time.Second)
	defd(&o.SigninBase, time.Second)
	defd(&o.SigninMax, 15*time.Minute)
	def(&o.SigninClientFree, 3)
	defd(&o.SigninForget, time.Hour)
	def(&o.AccountFailBurst, 100)
	defd(&o.AccountFailEvery, 36*time.Second)
	def(&o.MaxKeys, 50_000)
	defd(&o.SessionIdle, 30*time.Minute)
	defd(&o.SessionMax, 8*time.Hour)
	if o.TrustedProxies == nil {
		p, err := realip.FromEnv(os.Getenv)
		if err != nil {
			return err
		}
		o.TrustedProxies = &p
	}
	return nil
}

// Portal serves one node's portal and console.
type Portal struct {
	exts   []Extension // portalExtensions, then Options.Extensions
	n      *node.Node
	log    *slog.Logger
	opt    Options
	suite  cryptosuite.Suite
	now    func() time.Time
	secret []byte
	tmpl   templates

	sessions   *sessions
	creds      *credentials
	proxies    realip.Proxies
	ipLimit    *limiter // public writes, per client
	objLimit   *limiter // objections, per client and case
	codeLimit  *limiter // wrong access codes, per client
	loginLimit *limiter // sign-in attempts, per client
	signin     *signinThrottle
	acctLimit  *limiter // wrong passwords per account, all clients
	sender     *sender
	gateway    *gatewayKey

	apiRoutes []apiRoute
	mux       *http.ServeMux
	// cache holds per-block figures (blockcache.go).
	cache blockCache
	// homePages holds the rendered anonymous home page (pages_home_cache.go).
	homePages pageCache
}

// Node is the node the portal serves (for extension files).
func (p *Portal) Node() *node.Node { return p.n }

// Routes installs every page and JSON route on mux.
func (p *Portal) Routes(mux *http.ServeMux) {
	p.mux = mux
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", p.secure(http.StripPrefix("/static/", cacheStatic(noListing(static, http.FileServerFS(static))))))
	p.homeRoutes()
	p.verifyRoutes()
	p.offlineVerifyRoutes()
	p.authRoutes()
	p.staffRoutes()
	p.memberRoutes()
	for _, e := range p.exts {
		if e.Routes != nil {
			e.Routes(p)
		}
	}
	p.openAPIRoute()
	mux.Handle("/", p.secure(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.notFound(w, r)
	})))
}

// Page registers an HTML route: security headers, and for POST a CSRF
// check before h runs.
func (p *Portal) Page(pattern string, h http.HandlerFunc) {
	p.mux.Handle(pattern, p.secure(p.csrfGuard(h)))
}

// secure sets the headers every portal answer carries: a strict CSP (no
// script at all, styles from this origin only; only /verify/offline
// replaces it, allowing this node's scripts and WebAssembly, see
// verify_offline.go), no framing, no sniffing;
// over HTTPS (direct, or as a trusted proxy says) also HSTS, so a browser
// that once came over HTTPS never again asks over plain HTTP.
func (p *Portal) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		if p.https(r) {
			hd.Set("Strict-Transport-Security", hstsValue)
		}
		h.ServeHTTP(w, r)
	})
}

// hstsValue: one year. No includeSubDomains: the city's other hosts are
// not this node's to promise.
const hstsValue = "max-age=31536000"

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// noListing answers anything under /static/ that is not a file with 404:
// the file server would list a directory.
func noListing(fsys fs.FS, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
		if fi, err := fs.Stat(fsys, name); err != nil || fi.IsDir() || strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// client is the key rate limits use for the request's client: the TCP
// peer, or behind a trusted proxy the forwarded address (realip).
func (p *Portal) client(r *http.Request) string {
	return realip.Key(p.proxies.Client(r))
}

// https reports whether the client's connection is HTTPS: cookies are
// then Secure.
func (p *Portal) https(r *http.Request) bool { return p.proxies.HTTPS(r) }
