package participationweb

import (
	"embed"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
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
	APIDoc  = site.APIDoc
	NavItem = site.NavItem
	Page    = site.Page
	// session is the member as the files here name them.
	session = site.Session
)

var (
	ErrBadRequest  = site.ErrBadRequest
	ErrRateLimited = site.ErrRateLimited
	ErrUnavailable = site.ErrUnavailable
	ErrAccessCode  = site.ErrAccessCode

	errTooManyWrongCodes = site.ErrTooManyWrongCodes
)

// GatewayKeyName is the keyring name of the gateway account.
const GatewayKeyName = site.GatewayKeyName

// cst is China Standard Time, the one definition in module (citytime.go).
var cst = module.CST()

func (p *Portal) lang(w http.ResponseWriter, r *http.Request) string { return p.Lang(w, r) }
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	p.Fail(w, r, status, text)
}
func (p *Portal) blockTime() time.Time                                { return p.BlockTime() }
func (p *Portal) notFound(w http.ResponseWriter, r *http.Request)     { p.NotFound(w, r) }
func (p *Portal) client(r *http.Request) string                       { return p.Client(r) }
func (p *Portal) dataKey(dept string) (cryptosuite.PrivateKey, error) { return p.DataKey(dept) }
func (p *Portal) errText(lang string, err error) string               { return p.ErrText(lang, err) }

// wrongCodeBlocked reports whether client has used up its wrong codes;
// wrongCode charges one.
func (p *Portal) wrongCodeBlocked(client string) bool { return p.codes.Empty(client) }
func (p *Portal) wrongCode(client string)             { p.codes.Allow(client) }

func statusOf(err error) int                                         { return site.StatusOf(err) }
func proofPath(key string) string                                    { return site.ProofPath(key) }
func badRequest(format string, args ...any) error                    { return site.BadRequest(format, args...) }
func writeError(w http.ResponseWriter, err error)                    { site.WriteError(w, err) }
func writeJSON(w http.ResponseWriter, status int, v any)             { site.WriteJSON(w, status, v) }
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error { return site.DecodeBody(w, r, v) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) { site.Redirect(w, r, path) }

// formUint is a form field as an unsigned number, 0 when it is not one.
func formUint(r *http.Request, name string) uint64 {
	n, _ := strconv.ParseUint(strings.TrimSpace(r.PostFormValue(name)), 10, 64)
	return n
}
