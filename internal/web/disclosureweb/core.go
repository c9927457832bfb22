package disclosureweb

import (
	"context"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/disclosure"
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
func (p *Portal) queryErr(what string, err error) bool       { return p.QueryErr(what, err) }
func (p *Portal) deptName(lang, id string) string            { return p.DeptName(lang, id) }
func (p *Portal) verifyURL(r *http.Request, c string) string { return p.VerifyURL(r, c) }
func (p *Portal) errText(lang string, err error) string      { return p.ErrText(lang, err) }

func statusOf(err error) int                             { return site.StatusOf(err) }
func proofPath(key string) string                        { return site.ProofPath(key) }
func qrDataURI(s string) (template.URL, error)           { return site.QRDataURI(s) }
func badRequest(format string, args ...any) error        { return site.BadRequest(format, args...) }
func notFound(format string, args ...any) error          { return site.NotFound(format, args...) }
func writeError(w http.ResponseWriter, err error)        { site.WriteError(w, err) }
func writeJSON(w http.ResponseWriter, status int, v any) { site.WriteJSON(w, status, v) }
func limitParam(r *http.Request, def, max int) int       { return site.LimitParam(r, def, max) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) { site.Redirect(w, r, path) }

func (p *Portal) now() time.Time                                  { return p.Now() }
func (p *Portal) notFound(w http.ResponseWriter, r *http.Request) { p.NotFound(w, r) }

// DocRow is a disclosure version in a list.
type DocRow = disclosure.DocRow

// perBlock is the core's per-block cache, typed.
func perBlock[T any](r *http.Request, p *Portal, key string, compute func(ctx context.Context) (T, error)) (T, error) {
	v, err := p.PerBlock(r, key, func(ctx context.Context) (any, error) { return compute(ctx) })
	t, _ := v.(T)
	return t, err
}

// latestDocs lists the latest version of each document, newest first.
func (p *Portal) latestDocs(ctx context.Context, dept, category, q string, limit int) ([]DocRow, error) {
	return disclosure.Latest(ctx, p.n.Index.DB(), dept, category, q, limit)
}

// docByTx finds the document version a tx wrote.
func (p *Portal) docByTx(ctx context.Context, txHash string) (string, int, error) {
	return disclosure.ByTx(ctx, p.n.Index.DB(), txHash)
}

func parseInt(s string) (int, error) { return strconv.Atoi(strings.TrimSpace(s)) }
