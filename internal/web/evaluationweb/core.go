package evaluationweb

import (
	"embed"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

//go:embed templates/*.html
var templateFS embed.FS

// Portal is the area's handle on the portal core, with the names the
// area's files used when they lived in package web. It holds the area's
// report cache: one Portal per portal, made when the routes are.
type Portal struct {
	site.Core
	n    *node.Node
	log  *slog.Logger
	eval *evalCache // evaluation reports at the current height
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log(), eval: &evalCache{}}
}

type (
	APIDoc  = site.APIDoc
	NavItem = site.NavItem
	Page    = site.Page
	Bar     = site.Bar
	// session is the member as the files here name them.
	session = site.Session
)

// ErrNotFound answers a JSON route for something that does not exist.
var ErrNotFound = site.ErrNotFound

// T looks key up in the area's own table: the texts of its figures,
// sections and charts, built where no request (and so no p.T, which reads
// the whole catalog) is at hand. A missing key shows as itself.
func T(lang, key string, args ...any) string {
	m, ok := evaluationMessages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

func (p *Portal) lang(w http.ResponseWriter, r *http.Request) string { return p.Lang(w, r) }
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	p.Fail(w, r, status, text)
}
func (p *Portal) notFound(w http.ResponseWriter, r *http.Request) { p.NotFound(w, r) }
func (p *Portal) deptName(lang, id string) string                 { return p.DeptName(lang, id) }
func (p *Portal) blockTime() time.Time                            { return p.BlockTime() }

// signedIn reports whether a member is signed in: public pages then show
// the staff's figures too (JSON routes never ask).
func (p *Portal) signedIn(r *http.Request) bool { return p.Member(r) != nil }

func badRequest(format string, args ...any) error        { return site.BadRequest(format, args...) }
func writeError(w http.ResponseWriter, err error)        { site.WriteError(w, err) }
func writeJSON(w http.ResponseWriter, status int, v any) { site.WriteJSON(w, status, v) }
func loc(lang, zh, en string) string                     { return site.Loc(lang, zh, en) }
func BarChart(title string, bars []Bar, unit string) template.HTML {
	return site.BarChart(title, bars, unit)
}
func esc(s string) string  { return site.Esc(s) }
func hash(s string) uint32 { return site.Hash(s) }
