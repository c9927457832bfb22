package workflowweb

import (
	"log/slog"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

// Portal is the area's handle on the portal core: the core's methods are
// promoted from site.Core; the fields are what the area's handlers reach
// for on every request.
type Portal struct {
	site.Core
	n     *node.Node
	log   *slog.Logger
	suite cryptosuite.Suite
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log(), suite: c.Suite()}
}
