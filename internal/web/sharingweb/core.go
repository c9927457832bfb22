package sharingweb

import (
	"embed"
	"log/slog"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
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

func (p *Portal) lang(w http.ResponseWriter, r *http.Request) string { return p.Lang(w, r) }
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	p.Fail(w, r, status, text)
}
func (p *Portal) blockTime() time.Time                                { return p.BlockTime() }
func (p *Portal) deptName(lang, id string) string                     { return p.DeptName(lang, id) }
func (p *Portal) dataKey(dept string) (cryptosuite.PrivateKey, error) { return p.DataKey(dept) }
func (p *Portal) errText(lang string, err error) string               { return p.ErrText(lang, err) }

func statusOf(err error) int { return site.StatusOf(err) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) { site.Redirect(w, r, path) }
func formUint(r *http.Request, name string) uint64                 { return site.FormUint(r, name) }
