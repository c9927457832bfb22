package governanceweb

import (
	"embed"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

//go:embed templates/*.html
var templateFS embed.FS

// Portal is the area's handle on the portal core, with the names the
// area's files used when they lived in package web.
type Portal struct {
	site.Core
	n   *node.Node
	log *slog.Logger
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log()}
}

type (
	NavItem = site.NavItem
	Page    = site.Page
	// session is the member as the files here name them.
	session    = site.Session
	queryState = site.QueryState
)

// messages is the area's table: the log and console's, and the process
// versions page's.
func messages() map[string][2]string {
	out := map[string][2]string{}
	for _, t := range []map[string][2]string{governanceMessages, governanceProcessMessages} {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}

func (p *Portal) lang(w http.ResponseWriter, r *http.Request) string { return p.Lang(w, r) }
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	p.Fail(w, r, status, text)
}
func (p *Portal) queryErr(what string, err error) bool  { return p.QueryErr(what, err) }
func (p *Portal) errText(lang string, err error) string { return p.ErrText(lang, err) }

func statusOf(err error) int                    { return site.StatusOf(err) }
func formUint(r *http.Request, n string) uint64 { return site.FormUint(r, n) }
func parseInt(s string) (int, error)            { return strconv.Atoi(strings.TrimSpace(s)) }

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) { site.Redirect(w, r, path) }
