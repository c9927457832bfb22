package web

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"

	"github.com/pingshan/govchain/internal/app"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/realip"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/testnet"
)

// The tests stand in for the case module (land/workflow, not part of this
// package): a "case" is a notary anchor of sha256("case:"+number) whose
// category is its state, its title the case title and its department the
// one that anchored it. The access code of every test case is testCode.
const testCode = "246810"

func caseKey(number string) module.Hash {
	h := sha256.Sum256([]byte("case:" + number))
	return module.HashOf(h[:])
}

func testCaseLookup(r store.Reader, number string) (*feedback.CaseInfo, error) {
	rec, err := notary.Get(r, module.Hash(caseKey(number)))
	if err != nil {
		// Not a test case: a real workflow case (the demo seed's land
		// cases, which its showcase story refers to).
		return feedback.WorkflowCase(r, number)
	}
	gm, err := cryptosuite.ByName(cryptosuite.GM) // the test chain's suite
	if err != nil {
		return nil, err
	}
	return &feedback.CaseInfo{Number: number, Department: rec.Department, Title: rec.Title, Completed: rec.Category == "completed", CompletedAt: rec.Time,
		RatingTokenHash: workflow.RatingTokenHashFor(gm, testCode)}, nil
}

// testModules is the chain's module list with ratings finding the
// harness's cases (notary records standing in for closed cases).
func testModules() []module.Module { return app.ModulesWith(app.Wiring{Cases: testCaseLookup}) }

// testCasesExtension lets the portal check those cases' access codes.
func testCasesExtension() Extension {
	return Extension{Name: "testcases", CaseAccess: func(_ *Portal, r store.Reader, number, code string) (*feedback.CaseInfo, error) {
		c, err := testCaseLookup(r, number)
		if err != nil {
			return nil, err
		}
		if code != testCode {
			return nil, ErrAccessCode
		}
		return c, nil
	}}
}

// env is a running dev-like node with its API and portal behind httptest.
type env struct {
	t    testing.TB
	n    *node.Node
	p    *Portal
	srv  *httptest.Server
	home node.Home
	pw   map[string]string // demo passwords
	now  *clock
}

type clock struct {
	mu sync.Mutex
	d  time.Duration
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return time.Now().Add(c.d) }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.d += d; c.mu.Unlock() }

func freeBasePort(t testing.TB) int {
	p, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// newEnv starts a one-node demo chain (as `govchain dev` lays it out) in
// process, with the API and the portal on an httptest server.
func newEnv(t testing.TB, o Options) *env {
	t.Helper()
	keyring.DefaultKDF = keyring.KDFParams{Time: 1, MemoryKiB: 1024, Threads: 1}
	PasswordKDF.Time, PasswordKDF.MemoryKiB = 1, 1024
	home := node.Home(filepath.Join(t.TempDir(), "dev"))
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: string(home), Single: true, Demo: true,
		HTTPAddr: "127.0.0.1:0", BasePort: freeBasePort(t), TimeoutCommit: 150 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() && os.Getenv("GOVCHAIN_TEST_LOG") != "" {
		lg = slog.Default()
	}
	n, err := node.Open(home, node.Options{Logger: lg, Modules: testModules()})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, n: n, home: home, now: &clock{}}
	if o.Now == nil {
		o.Now = e.now.Now
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := n.WaitForHeight(ctx, 2); err != nil {
		n.Stop()
		t.Fatal(err)
	}
	e.serve(lg, o)
	return e
}

// serve starts the portal and API over e's running node (stopped at the
// test's end) and reads the demo staff passwords.
func (e *env) serve(lg *slog.Logger, o Options) {
	t, n := e.t, e.n
	if o.TrustedProxies == nil {
		// The test client stands behind a "proxy" at 127.0.0.1, so
		// browser.from can play other clients (X-Forwarded-For).
		px, _ := realip.Parse("127.0.0.1")
		o.TrustedProxies = &px
	}
	srv := api.New(n, lg)
	o.Extensions = append(o.Extensions, testCasesExtension())
	p, err := New(n, lg, o)
	if err != nil {
		n.Stop()
		t.Fatal(err)
	}
	e.p = p
	e.p.Routes(srv.Mux())
	e.srv = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		e.srv.Close()
		if err := n.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	var dp DemoPasswords
	b, err := os.ReadFile(DemoPasswordsFile(e.home))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &dp); err != nil {
		t.Fatal(err)
	}
	e.pw = map[string]string{}
	for _, a := range dp.Accounts {
		e.pw[a.Name] = a.Password
	}
}

// addCase records a test case (see testCaseLookup) for dept's staff member.
func (e *env) addCase(staff, number, state string) {
	e.t.Helper()
	key, err := loadKey(e.home, e.p.suite, staff, "")
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.p.Send(context.Background(), key, "notary", "anchor", notary.Anchor{DocHash: caseKey(number), Title: "建设用地审批 " + number, Category: state}); err != nil {
		e.t.Fatal(err)
	}
}

// browser is an HTTP client with cookies that does not follow redirects.
type browser struct {
	t    testing.TB
	e    *env
	c    *http.Client
	from string // X-Forwarded-For: the client this browser plays
}

// clientAt is a browser of another client, at addr (see serve).
func (e *env) clientAt(addr string) *browser {
	b := e.client()
	b.from = addr
	return b
}

func (e *env) client() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: e.t, e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type resp struct {
	Status   int
	Body     string
	Location string
}

func (b *browser) do(req *http.Request) resp {
	b.t.Helper()
	if b.from != "" {
		req.Header.Set("X-Forwarded-For", b.from)
	}
	r, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer r.Body.Close()
	body, _ := io.ReadAll(r.Body)
	return resp{Status: r.StatusCode, Body: string(body), Location: r.Header.Get("Location")}
}

func (b *browser) get(path string) resp {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.e.srv.URL+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) resp {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) postJSON(path string, v any) resp {
	b.t.Helper()
	body, _ := json.Marshal(v)
	req, _ := http.NewRequest(http.MethodPost, b.e.srv.URL+path, strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	return b.do(req)
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf fetches path and returns the token of its first form.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	r := b.get(path)
	m := csrfInput.FindStringSubmatch(r.Body)
	if m == nil {
		b.t.Fatalf("no csrf token on %s (%d)", path, r.Status)
	}
	return m[1]
}

// submit posts a form with the CSRF token of the page it is on.
func (b *browser) submit(page, action string, form url.Values) resp {
	b.t.Helper()
	form.Set("csrf", b.csrf(page))
	return b.post(action, form)
}

func (b *browser) login(name, password string) resp {
	b.t.Helper()
	return b.submit("/staff/login", "/staff/login", url.Values{"name": {name}, "password": {password}})
}

func (e *env) staff(name string) *browser {
	e.t.Helper()
	b := e.client()
	if r := b.login(name, e.pw[name]); r.Status != http.StatusSeeOther {
		e.t.Fatalf("login %s: %d %s", name, r.Status, r.Body)
	}
	return b
}
