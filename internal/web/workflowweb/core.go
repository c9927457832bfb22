package workflowweb

import (
	"log/slog"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/web/site"
)

// Portal is the area's handle on the portal core, with the names the
// area's files used when they lived in package web.
type Portal struct {
	site.Core
	n     *node.Node
	log   *slog.Logger
	suite cryptosuite.Suite
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log(), suite: c.Suite()}
}

type Figure = site.Figure

// ErrAccessCode is the one answer for a missing case and a wrong code.
var ErrAccessCode = site.ErrAccessCode
