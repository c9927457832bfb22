package web

import (
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
)

// Options tune a portal; zero values take the defaults.
type Options struct {
	// Now is the wall clock (tests move it).
	Now func() time.Time
	// Public writes (objections, ratings, suggestions): a token bucket per
	// client IP, and one per case.
	PublicBurst int
	PublicEvery time.Duration
	CaseBurst   int
	CaseEvery   time.Duration
	// Sign-in attempts per client IP.
	LoginBurst int
	LoginEvery time.Duration
	// MaxFailures wrong passwords are answered; the next one locks the
	// account for LockFor.
	MaxFailures int
	LockFor     time.Duration
	SessionIdle time.Duration
	SessionMax  time.Duration
}

func (o *Options) defaults() {
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
	def(&o.CaseBurst, 3)
	defd(&o.CaseEvery, 10*time.Minute)
	def(&o.LoginBurst, 20)
	defd(&o.LoginEvery, 10*time.Second)
	def(&o.MaxFailures, 5)
	defd(&o.LockFor, 15*time.Minute)
	defd(&o.SessionIdle, 30*time.Minute)
	defd(&o.SessionMax, 8*time.Hour)
}

// Portal serves one node's portal and console.
type Portal struct {
	n      *node.Node
	log    *slog.Logger
	opt    Options
	suite  cryptosuite.Suite
	now    func() time.Time
	secret []byte
	tmpl   templates

	sessions   *sessions
	lock       *lockout
	creds      *credentials
	ipLimit    *limiter
	caseLimit  *limiter
	loginLimit *limiter
	sender     *sender
	gateway    *gatewayKey

	apiRoutes []apiRoute
	mux       *http.ServeMux
}

// Node is the node the portal serves (for extension files).
func (p *Portal) Node() *node.Node { return p.n }

// Routes installs every page and JSON route on mux.
func (p *Portal) Routes(mux *http.ServeMux) {
	p.mux = mux
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", p.secure(http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static)))))
	p.homeRoutes()
	p.disclosureRoutes()
	p.feedbackRoutes()
	p.verifyRoutes()
	p.authRoutes()
	p.staffRoutes()
	p.staffFeedbackRoutes()
	p.staffDisclosureRoutes()
	p.memberRoutes()
	for _, e := range extensions {
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
// script at all, styles from this origin only), no framing, no sniffing.
func (p *Portal) secure(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("X-Frame-Options", "DENY")
		hd.Set("Referrer-Policy", "same-origin")
		h.ServeHTTP(w, r)
	})
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// clientIP is the address rate limits key on. X-Forwarded-For is not
// trusted: a node serving citizens behind a proxy sets GOVCHAIN_TRUST_PROXY=1.
func clientIP(r *http.Request) string {
	if os.Getenv("GOVCHAIN_TRUST_PROXY") == "1" {
		if f := r.Header.Get("X-Forwarded-For"); f != "" {
			return strings.TrimSpace(strings.Split(f, ",")[0])
		}
	}
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}
