package governanceweb

import (
	"embed"
	"log/slog"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

//go:embed templates/*.html
var templateFS embed.FS

// Portal is the area's handle on the portal core: the core's methods are
// promoted from site.Core; the fields are what the area's handlers reach
// for on every request.
type Portal struct {
	site.Core
	n   *node.Node
	log *slog.Logger
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log()}
}

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

func parseInt(s string) (int, error) { return strconv.Atoi(strings.TrimSpace(s)) }
