package financeweb

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

//go:embed templates/*.html
var templateFS embed.FS

// Portal is the area's handle on the portal core, with the names the
// area's files used when they lived in package web.
type Portal struct {
	site.Core
	n        *node.Node
	log      *slog.Logger
	suite    cryptosuite.Suite
	ipLimit  site.Limiter // public writes, per client
	objLimit site.Limiter // objections, per client and case
	codes    site.Limiter // wrong access codes, per client
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log(), suite: c.Suite(),
		ipLimit: c.Limiter(site.LimitPublic), objLimit: c.Limiter(site.LimitObjection), codes: c.Limiter(site.LimitWrongCode)}
}

type (
	APIDoc     = site.APIDoc
	NavItem    = site.NavItem
	Page       = site.Page
	Figure     = site.Figure
	LatestItem = site.LatestItem
	QueueItem  = site.QueueItem
	Verified   = site.Verified
	Session    = site.Session
	// session is the member as the files here name them.
	session     = site.Session
	queryState  = site.QueryState
	Certificate = site.Certificate
	Bar         = site.Bar
	Result      = site.Result
)

var (
	ErrBadRequest  = site.ErrBadRequest
	ErrNotFound    = site.ErrNotFound
	ErrRateLimited = site.ErrRateLimited
	ErrUnavailable = site.ErrUnavailable
	ErrAccessCode  = site.ErrAccessCode
)

// GatewayKeyName is the keyring name of the gateway account.
const GatewayKeyName = site.GatewayKeyName

// cst is China Standard Time, the one definition in module (citytime.go).
var cst = module.CST()

func (p *Portal) lang(w http.ResponseWriter, r *http.Request) string { return p.Lang(w, r) }
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	p.Fail(w, r, status, text)
}
func (p *Portal) now() time.Time                                      { return p.Now() }
func (p *Portal) queryErr(what string, err error) bool                { return p.QueryErr(what, err) }
func (p *Portal) deptName(lang, id string) string                     { return p.DeptName(lang, id) }
func (p *Portal) dataKey(dept string) (cryptosuite.PrivateKey, error) { return p.DataKey(dept) }
func (p *Portal) errText(lang string, err error) string               { return p.ErrText(lang, err) }

// perBlock is the core's per-block cache, typed.
func perBlock[T any](r *http.Request, p *Portal, key string, compute func(ctx context.Context) (T, error)) (T, error) {
	v, err := p.PerBlock(r, key, func(ctx context.Context) (any, error) { return compute(ctx) })
	t, _ := v.(T)
	return t, err
}

func (p *Portal) attachmentFrom(r *http.Request, kind string) (workflow.Attachment, bool, error) {
	return site.AttachmentFrom(p.suite, r, kind)
}

func groupDigits(s string) string       { return site.GroupDigits(s) }
func wan(fen int64) string              { return site.Wan(fen) }
func optional(sep, s string) string     { return site.Optional(sep, s) }
func parseYuan(s string) (int64, error) { return site.ParseYuan(s) }
func statusOf(err error) int            { return site.StatusOf(err) }
func proofPath(key string) string       { return site.ProofPath(key) }
func BarChart(title string, bars []Bar, unit string) template.HTML {
	return site.BarChart(title, bars, unit)
}
func writeError(w http.ResponseWriter, err error)        { site.WriteError(w, err) }
func writeJSON(w http.ResponseWriter, status int, v any) { site.WriteJSON(w, status, v) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) { site.Redirect(w, r, path) }
