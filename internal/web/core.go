package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/web/site"
)

// core is the portal as the areas' packages see it (site.Core): the
// exported face of the unexported machinery in this package.
type core struct{ p *Portal }

var _ site.Core = core{}

func (p *Portal) core() site.Core { return core{p} }

func (c core) Node() *node.Node         { return c.p.n }
func (c core) Log() *slog.Logger        { return c.p.log }
func (c core) Suite() cryptosuite.Suite { return c.p.suite }
func (c core) Now() time.Time           { return c.p.now() }
func (c core) BlockTime() time.Time     { return c.p.blockTime() }

func (c core) Page(pattern string, h http.HandlerFunc) { c.p.Page(pattern, h) }

func (c core) Staff(pattern string, h site.StaffHandler, roles ...string) {
	c.p.Staff(pattern, func(w http.ResponseWriter, r *http.Request, s *session) { h(w, r, s.site()) }, roles...)
}

func (c core) API(method, path string, doc site.APIDoc, h http.HandlerFunc) {
	c.p.API(method, path, doc, h)
}

func (c core) Member(r *http.Request) *site.Session {
	if s := c.p.currentSession(r); s != nil {
		return s.site()
	}
	return nil
}

func (c core) Render(w http.ResponseWriter, r *http.Request, pg site.Page) { c.p.Render(w, r, pg) }

func (c core) RenderPerBlock(w http.ResponseWriter, r *http.Request, dataHeight int64, pg site.Page) {
	c.p.renderPerBlock(w, r, dataHeight, pg)
}

func (c core) Fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	c.p.fail(w, r, status, text)
}

func (c core) NotFound(w http.ResponseWriter, r *http.Request)    { c.p.notFound(w, r) }
func (c core) Lang(w http.ResponseWriter, r *http.Request) string { return c.p.lang(w, r) }
func (c core) T(lang, key string, args ...any) string             { return T(lang, key, args...) }

func (c core) HasMessage(key string) bool {
	_, ok := messages[key]
	return ok
}

func (c core) ErrText(lang string, err error) string         { return errText(lang, err) }
func (c core) DeptName(lang, id string) string               { return c.p.deptName(lang, id) }
func (c core) VerifyURL(r *http.Request, code string) string { return c.p.verifyURL(r, code) }
func (c core) QueryErr(what string, err error) bool          { return c.p.queryErr(what, err) }
func (c core) PerBlock(r *http.Request, key string, compute func(ctx context.Context) (any, error)) (any, error) {
	return c.p.perBlockAny(r, key, compute)
}

func (c core) Client(r *http.Request) string                       { return c.p.client(r) }
func (c core) DataKey(dept string) (cryptosuite.PrivateKey, error) { return c.p.dataKey(dept) }

func (c core) Limiter(name string) site.Limiter {
	switch name {
	case site.LimitPublic:
		return siteLimiter{func() *limiter { return c.p.ipLimit }}
	case site.LimitObjection:
		return siteLimiter{func() *limiter { return c.p.objLimit }}
	case site.LimitWrongCode:
		return siteLimiter{func() *limiter { return c.p.codeLimit }}
	}
	return refuseAll{} // an unknown name fails closed (and any test of the area shows it)
}

type refuseAll struct{}

func (refuseAll) Allow(string) bool { return false }
func (refuseAll) Empty(string) bool { return true }

func (c core) Send(ctx context.Context, key cryptosuite.PrivateKey, module, action string, payload any) (*site.Result, error) {
	return c.p.Send(ctx, key, module, action, payload)
}

func (c core) Gateway() cryptosuite.PrivateKey {
	if c.p.gateway == nil {
		return nil
	}
	return c.p.gateway.key
}

func (c core) ParticipantHash(phone, email string) module.Hash {
	return c.p.gateway.participantHash(c.p.suite, phone, email)
}

func (c core) CaseAccess() site.CaseAccess {
	check := c.p.caseAccess()
	if check == nil {
		return nil
	}
	return func(r store.Reader, number, code string) (*feedback.CaseInfo, error) {
		return check(c.p, r, number, code)
	}
}

// siteLimiter reads the portal's limiter at each call, not when an area
// registers its routes: tests swap a limiter for a tighter one.
type siteLimiter struct{ l func() *limiter }

func (s siteLimiter) Allow(key string) bool { return s.l().allow(key) }
func (s siteLimiter) Empty(key string) bool { return s.l().empty(key) }

// site is the member as the areas' packages see them.
func (s *session) site() *site.Session {
	return &site.Session{ID: s.ID, Name: s.Name, Address: s.Address, Department: s.Department, Roles: s.Roles, Key: s.key}
}

// fromSite adapts an area package's extension to the portal's.
func fromSite(e site.Extension) Extension {
	x := Extension{Name: e.Name, Nav: e.Nav, StaffNav: e.StaffNav, Schemas: e.Schemas, Templates: e.Templates}
	if e.Routes != nil {
		x.Routes = func(p *Portal) { e.Routes(p.core()) }
	}
	if e.Figures != nil {
		x.Figures = func(p *Portal, r *http.Request) []Figure { return e.Figures(p.core(), r) }
	}
	if e.Latest != nil {
		x.Latest = func(p *Portal, r *http.Request, limit int) []LatestItem { return e.Latest(p.core(), r, limit) }
	}
	if e.Queue != nil {
		x.Queue = func(p *Portal, r *http.Request, s *Session) []QueueItem { return e.Queue(p.core(), r, s.site()) }
	}
	if e.Verify != nil {
		x.Verify = func(p *Portal, r *http.Request, code string) (*Verified, error) { return e.Verify(p.core(), r, code) }
	}
	if e.Funcs != nil {
		x.Funcs = func(p *Portal, lang string) template.FuncMap { return e.Funcs(p.core(), lang) }
	}
	if e.CaseAccess != nil {
		x.CaseAccess = func(p *Portal, r store.Reader, number, code string) (*feedback.CaseInfo, error) {
			return e.CaseAccess(p.core(), r, number, code)
		}
	}
	return x
}
