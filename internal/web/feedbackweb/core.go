package feedbackweb

import (
	"context"
	"embed"
	"log/slog"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/feedback"
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

// wrongCodeBlocked reports whether client has used up its wrong codes;
// wrongCode charges one.
func (p *Portal) wrongCodeBlocked(client string) bool { return p.codes.Empty(client) }
func (p *Portal) wrongCode(client string)             { p.codes.Allow(client) }

// ItemRow is a feedback item in a list.
type ItemRow = feedback.ItemRow

func (p *Portal) items(ctx context.Context, dept, kind, status string, limit int) ([]ItemRow, error) {
	return feedback.Items(ctx, p.n.Index.DB(), dept, kind, status, limit)
}

// TaskRow is a rectification task in a list.
type TaskRow = feedback.TaskRow

// tasks lists tasks, open ones first and those by deadline.
func (p *Portal) tasks(ctx context.Context, dept, status string, limit int) ([]TaskRow, error) {
	return feedback.Tasks(ctx, p.n.Index.DB(), dept, status, limit, p.Now())
}
