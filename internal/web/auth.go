package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/participant"
	"github.com/pingshan/govchain/internal/web/site"
)

func loadKey(h node.Home, s cryptosuite.Suite, name, passphrase string) (cryptosuite.PrivateKey, error) {
	kr, err := keyring.Open(h.KeyringDir(), s)
	if err != nil {
		return nil, err
	}
	return kr.Load(name, passphrase)
}

// DemoPasswordsFile is HOME/demo-passwords.json, written beside the demo
// keys the first time the portal starts on a demo home.
func DemoPasswordsFile(h node.Home) string { return filepath.Join(string(h), "demo-passwords.json") }

// DemoPasswords is the content of demo-passwords.json.
type DemoPasswords struct {
	Warning  string         `json:"warning"`
	Accounts []DemoPassword `json:"accounts"`
}

// DemoPassword is one staff member's demo sign-in.
type DemoPassword struct {
	Name       string   `json:"name"`
	Department string   `json:"department"`
	Roles      []string `json:"roles"`
	Password   string   `json:"password"`
}

// provisionDemo gives every demo staff key of the genesis a generated
// password, once, and writes them to demo-passwords.json (labelled demo).
// The gateway account signs for citizens and gets none.
func (p *Portal) provisionDemo() error {
	path := DemoPasswordsFile(p.n.Home)
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	st, err := app.ParseAppState(p.n.Genesis.AppState)
	if err != nil {
		return err
	}
	kr, err := keyring.Open(p.n.Home.KeyringDir(), p.suite)
	if err != nil {
		return err
	}
	out := DemoPasswords{Warning: "DEMO passwords of a development chain, generated at run time; the keys they unlock are demo keys. Never use in production."}
	for _, a := range st.Identity.Accounts {
		if len(a.Roles) == 1 && a.Roles[0] == module.RoleGateway {
			continue
		}
		info, err := kr.Show(a.Name)
		if err != nil || !info.Demo {
			continue // not kept on this node, or protected
		}
		key, err := kr.Load(a.Name, "")
		if err != nil {
			return err
		}
		pw := demoPassword()
		if err := p.creds.set(a.Name, pw, key, true, p.now()); err != nil {
			return err
		}
		out.Accounts = append(out.Accounts, DemoPassword{Name: a.Name, Department: a.Department, Roles: a.Roles, Password: pw})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	p.log.Info("portal demo passwords written", "file", path, "accounts", len(out.Accounts))
	return os.WriteFile(path, append(b, '\n'), 0o600)
}

// demoPassword is 16 characters from an alphabet without look-alikes.
func demoPassword() string {
	const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b, err := randomBytes(16)
	if err != nil {
		panic(err)
	}
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func (p *Portal) authRoutes() {
	p.Page("GET /staff/login", p.loginPage)
	p.Page("POST /staff/login", p.login)
	p.Page("POST /staff/logout", p.logout)
}

type loginData struct{ Name string }

// retryAfter is a wait in whole seconds, rounded up (Retry-After's unit).
func retryAfter(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

func (p *Portal) loginPage(w http.ResponseWriter, r *http.Request) {
	if p.currentSession(r) != nil {
		http.Redirect(w, r, "/staff", http.StatusSeeOther)
		return
	}
	p.Render(w, r, Page{Template: "login.html", Title: "login.title", Active: "login"})
}

func (p *Portal) login(w http.ResponseWriter, r *http.Request) {
	lang := p.lang(w, r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	pw := r.PostFormValue("password")
	again := func(status int, msg string) {
		p.Render(w, r, Page{Template: "login.html", Title: "login.title", Active: "login", Status: status, Error: msg, Data: loginData{Name: name}})
	}
	client, acct := p.client(r), accountKey(name)
	if !p.loginLimit.allow(client) {
		again(http.StatusTooManyRequests, T(lang, "err.rate"))
		return
	}
	// A client that just gave wrong passwords waits, and only that
	// client: the owner signing in from elsewhere is not slowed.
	if d := p.signin.wait(client, acct); d > 0 {
		w.Header().Set("Retry-After", retryAfter(d))
		again(http.StatusTooManyRequests, T(lang, "login.wait", retryAfter(d)))
		return
	}
	if p.accountBusy(r, acct) {
		again(http.StatusTooManyRequests, T(lang, "login.busy"))
		return
	}
	key, addr, err := p.creds.check(name, pw)
	if errors.Is(err, errBadPassword) {
		p.accountFailed(acct)
		d := p.signin.fail(client, acct)
		if d >= time.Minute {
			p.log.Warn("portal: repeated wrong passwords", "name", acct, "client", client, "wait", d)
		}
		w.Header().Set("Retry-After", retryAfter(d))
		again(http.StatusUnauthorized, T(lang, "login.wrong", retryAfter(d)))
		return
	}
	if err != nil {
		p.log.Error("portal sign-in", "name", name, "err", err)
		again(http.StatusInternalServerError, T(lang, "err.internal"))
		return
	}
	a, err := identity.GetAccount(p.n.Store.Committed(), addr)
	if err != nil || a.Status != identity.StatusActive {
		again(http.StatusForbidden, T(lang, "login.inactive"))
		return
	}
	p.signin.succeed(client, acct)
	p.setDeviceCookie(w, r, acct)
	if c, err := r.Cookie(sessionCookie); err == nil {
		p.sessions.drop(c.Value)
	}
	s := &session{Name: a.Name, Address: a.Address, Department: a.Department, Roles: a.Roles, key: key}
	p.sessions.create(s)
	p.setSessionCookie(w, r, s.ID, 0)
	p.log.Info("portal sign-in", "name", a.Name, "department", a.Department)
	Redirect(w, r, "/staff")
}

func (p *Portal) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		p.sessions.drop(c.Value)
	}
	p.setSessionCookie(w, r, "", -1)
	Redirect(w, r, "/")
}

// Staff registers a console route: it needs a signed-in member, holding
// one of roles when any are given.
func (p *Portal) Staff(pattern string, h func(http.ResponseWriter, *http.Request, *session), roles ...string) {
	p.Page(pattern, func(w http.ResponseWriter, r *http.Request) {
		s := p.currentSession(r)
		if s == nil {
			if r.Method == http.MethodGet {
				Redirect(w, r, "/staff/login")
				return
			}
			p.fail(w, r, http.StatusUnauthorized, T(p.lang(w, r), "err.signin"))
			return
		}
		if len(roles) > 0 {
			ok := false
			for _, role := range roles {
				ok = ok || s.HasRole(role)
			}
			if !ok {
				p.fail(w, r, http.StatusForbidden, T(p.lang(w, r), "err.role"))
				return
			}
		}
		h(w, r, s)
	})
}

// gatewayKey is the node's account for citizens' public writes.
type gatewayKey struct {
	key     cryptosuite.PrivateKey
	address string
	// participants is the city-wide participant-hash key
	// (keyring/participant-hash.hmac); nil: public writes carry no
	// participant hash and count as "without a hash" in the evaluation.
	participants *participant.Key
}

// GatewayKeyName is the keyring name of the gateway account.
const GatewayKeyName = site.GatewayKeyName

// loadGateway loads the gateway key; an encrypted one needs
// GOVCHAIN_GATEWAY_PASSPHRASE. Without it public forms say the service is
// unavailable on this node.
func (p *Portal) loadGateway() {
	key, err := loadKey(p.n.Home, p.suite, GatewayKeyName, os.Getenv("GOVCHAIN_GATEWAY_PASSPHRASE"))
	if err != nil {
		p.log.Info("portal: no gateway key, public write forms are unavailable on this node", "key", GatewayKeyName, "err", err)
		return
	}
	p.gateway = &gatewayKey{key: key, address: cryptosuite.Address(p.suite, key.Public())}
	if pk, err := participant.Load(p.n.Home.KeyringDir()); err == nil {
		p.gateway.participants = &pk
	} else {
		p.log.Info("portal: no participant-hash key, sign-ups and named feedback carry no participant hash", "err", err)
	}
}

// participantHash is the keyed hash of a citizen's phone (or e-mail), ""
// when this gateway holds no key or the citizen gave neither.
func (g *gatewayKey) participantHash(s cryptosuite.Suite, phone, email string) module.Hash {
	if g == nil || g.participants == nil {
		return ""
	}
	h, err := g.participants.Hash(s, phone, email)
	if err != nil {
		return ""
	}
	return h
}

// dataKey is a department's data key from the node's keyring (demo keys,
// or GOVCHAIN_DATA_PASSPHRASE for protected ones).
func (p *Portal) dataKey(dept string) (cryptosuite.PrivateKey, error) {
	k, err := loadKey(p.n.Home, p.suite, dept+"-data", os.Getenv("GOVCHAIN_DATA_PASSPHRASE"))
	if err != nil {
		return nil, fmt.Errorf("the data key of %s is not available on this node: %w", dept, err)
	}
	return k, nil
}
