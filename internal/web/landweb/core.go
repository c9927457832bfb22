package landweb

import (
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
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
	formError   = site.FormError
)

var (
	ErrBadRequest  = site.ErrBadRequest
	ErrNotFound    = site.ErrNotFound
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
func (p *Portal) queryErr(what string, err error) bool                { return p.QueryErr(what, err) }
func (p *Portal) client(r *http.Request) string                       { return p.Client(r) }
func (p *Portal) deptName(lang, id string) string                     { return p.DeptName(lang, id) }
func (p *Portal) verifyURL(r *http.Request, c string) string          { return p.VerifyURL(r, c) }
func (p *Portal) dataKey(dept string) (cryptosuite.PrivateKey, error) { return p.DataKey(dept) }
func (p *Portal) errText(lang string, err error) string               { return p.ErrText(lang, err) }

// wrongCodeBlocked reports whether client has used up its wrong codes;
// wrongCode charges one.
func (p *Portal) wrongCodeBlocked(client string) bool { return p.codes.Empty(client) }
func (p *Portal) wrongCode(client string)             { p.codes.Allow(client) }

func (p *Portal) attachmentFrom(r *http.Request, kind string) (workflow.Attachment, bool, error) {
	return site.AttachmentFrom(p.suite, r, kind)
}

func loc(lang, zh, en string) string                                 { return site.Loc(lang, zh, en) }
func groupDigits(s string) string                                    { return site.GroupDigits(s) }
func optional(sep, s string) string                                  { return site.Optional(sep, s) }
func parseYuan(s string) (int64, error)                              { return site.ParseYuan(s) }
func statusOf(err error) int                                         { return site.StatusOf(err) }
func proofPath(key string) string                                    { return site.ProofPath(key) }
func qrDataURI(s string) (template.URL, error)                       { return site.QRDataURI(s) }
func newFormError(field string, err error) *formError                { return site.NewFormError(field, err) }
func badRequest(format string, args ...any) error                    { return site.BadRequest(format, args...) }
func notFound(format string, args ...any) error                      { return site.NotFound(format, args...) }
func writeError(w http.ResponseWriter, err error)                    { site.WriteError(w, err) }
func writeJSON(w http.ResponseWriter, status int, v any)             { site.WriteJSON(w, status, v) }
func limitParam(r *http.Request, def, max int) int                   { return site.LimitParam(r, def, max) }
func decodeBody(w http.ResponseWriter, r *http.Request, v any) error { return site.DecodeBody(w, r, v) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) { site.Redirect(w, r, path) }

// sealParty seals a payer's details for the finance department (the
// chain keeps only ciphertext and a hash).
func (p *Portal) sealParty(d finance.PayeeData, needAccount bool) (finance.Payee, error) {
	ps, err := finance.NewPayeeSealer(p.suite, p.n.Store.Committed())
	if err != nil {
		return finance.Payee{}, err
	}
	return ps.Party(d, needAccount)
}
