package landweb

import (
	"embed"
	"log/slog"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/workflow"
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
	n        *node.Node
	log      *slog.Logger
	suite    cryptosuite.Suite
	ipLimit  site.Limiter // public writes, per client
	objLimit site.Limiter // objections, per client and case
	codes    site.Limiter // wrong access codes, per client
	defs     *workflow.DefinitionCache
}

func newPortal(c site.Core) *Portal {
	return &Portal{Core: c, n: c.Node(), log: c.Log(), suite: c.Suite(),
		ipLimit: c.Limiter(site.LimitPublic), objLimit: c.Limiter(site.LimitObjection), codes: c.Limiter(site.LimitWrongCode),
		defs: &workflow.DefinitionCache{}}
}

// wrongCodeBlocked reports whether client has used up its wrong codes;
// wrongCode charges one.
func (p *Portal) wrongCodeBlocked(client string) bool { return p.codes.Empty(client) }
func (p *Portal) wrongCode(client string)             { p.codes.Allow(client) }

// sealParty seals a payer's details for the finance department (the
// chain keeps only ciphertext and a hash).
func (p *Portal) sealParty(d finance.PayeeData, needAccount bool) (finance.Payee, error) {
	ps, err := finance.NewPayeeSealer(p.suite, p.n.Store.Committed())
	if err != nil {
		return finance.Payee{}, err
	}
	return ps.Party(d, needAccount)
}
