package feedbackweb

import (
	"context"
	"embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

//go:embed templates/*.html
var templateFS embed.FS

// Portal is the area's handle on the portal core, with the names the
// area's files used when they lived in package web.
type Portal struct {
	site.Core
	n       *node.Node
	log     *slog.Logger
	suite   cryptosuite.Suite
	ipLimit site.Limiter // public writes, per client
	codes   site.Limiter // wrong access codes, per client
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log(), suite: c.Suite(),
		ipLimit: c.Limiter(site.LimitPublic), codes: c.Limiter(site.LimitWrongCode)}
}

type (
	APIDoc    = site.APIDoc
	Page      = site.Page
	QueueItem = site.QueueItem
	Verified  = site.Verified
	// session is the member as the files here name them.
	session    = site.Session
	queryState = site.QueryState
	formError  = site.FormError
)

var (
	ErrBadRequest  = site.ErrBadRequest
	ErrRateLimited = site.ErrRateLimited
	ErrUnavailable = site.ErrUnavailable
	ErrAccessCode  = site.ErrAccessCode

	errTooManyWrongCodes = site.ErrTooManyWrongCodes
	errContact           = site.ErrContact
)

// GatewayKeyName is the keyring name of the gateway account.
const GatewayKeyName = site.GatewayKeyName

func (p *Portal) lang(w http.ResponseWriter, r *http.Request) string { return p.Lang(w, r) }
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	p.Fail(w, r, status, text)
}
func (p *Portal) now() time.Time                                      { return p.Now() }
func (p *Portal) queryErr(what string, err error) bool                { return p.QueryErr(what, err) }
func (p *Portal) client(r *http.Request) string                       { return p.Client(r) }
func (p *Portal) dataKey(dept string) (cryptosuite.PrivateKey, error) { return p.DataKey(dept) }
func (p *Portal) errText(lang string, err error) string               { return p.ErrText(lang, err) }

// wrongCodeBlocked reports whether client has used up its wrong codes;
// wrongCode charges one.
func (p *Portal) wrongCodeBlocked(client string) bool { return p.codes.Empty(client) }
func (p *Portal) wrongCode(client string)             { p.codes.Allow(client) }

func optional(sep, s string) string                                  { return site.Optional(sep, s) }
func statusOf(err error) int                                         { return site.StatusOf(err) }
func proofPath(key string) string                                    { return site.ProofPath(key) }
func newFormError(field string, err error) *formError                { return site.NewFormError(field, err) }
func badRequest(format string, args ...any) error                    { return site.BadRequest(format, args...) }
func writeError(w http.ResponseWriter, err error)                    { site.WriteError(w, err) }
func writeJSON(w http.ResponseWriter, status int, v any)             { site.WriteJSON(w, status, v) }
func limitParam(r *http.Request, def, max int) int                   { return site.LimitParam(r, def, max) }
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error { return site.DecodeBody(w, r, v) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) { site.Redirect(w, r, path) }

// ItemRow is a feedback item in a list.
type ItemRow = feedback.ItemRow

func (p *Portal) items(ctx context.Context, dept, kind, status string, limit int) ([]ItemRow, error) {
	return feedback.Items(ctx, p.n.Index.DB(), dept, kind, status, limit)
}

// TaskRow is a rectification task in a list.
type TaskRow = feedback.TaskRow

// tasks lists tasks, open ones first and those by deadline.
func (p *Portal) tasks(ctx context.Context, dept, status string, limit int) ([]TaskRow, error) {
	return feedback.Tasks(ctx, p.n.Index.DB(), dept, status, limit, p.now())
}
