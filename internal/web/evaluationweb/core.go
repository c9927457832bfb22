package evaluationweb

import (
	"embed"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

//go:embed templates/*.html
var templateFS embed.FS

// Portal is the area's handle on the portal core (the core's methods are
// promoted from site.Core). It holds the area's report cache: one Portal
// per portal, made when the routes are.
type Portal struct {
	site.Core
	n    *node.Node
	log  *slog.Logger
	eval *evalCache // evaluation reports at the current height
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log(), eval: &evalCache{}}
}

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

// signedIn reports whether a member is signed in: public pages then show
// the staff's figures too (JSON routes never ask).
func (p *Portal) signedIn(r *http.Request) bool { return p.Member(r) != nil }
