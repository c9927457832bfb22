package governance

import (
	"encoding/json"
	"fmt"
	"sort"

	"github.com/pingshan/govchain/internal/module"
)

// Genesis is app_state.modules.governance: parameter values to start with
// (any parameter any module declares, e.g. "gov.voting_period": 60,
// "gov.weights": {"gsd": 2}). The rest keep their defaults.
type Genesis struct {
	Params map[string]json.RawMessage `json:"params,omitempty"`
}

// InitGenesis implements module.GenesisModule.
func (m Module) InitGenesis(ctx *module.Context, raw []byte) error {
	if raw == nil {
		return nil
	}
	var g Genesis
	if err := strictJSON(raw, &g); err != nil {
		return fmt.Errorf("%w: genesis: %v", ErrInvalid, err)
	}
	names := make([]string, 0, len(g.Params))
	for n := range g.Params {
		names = append(names, n)
	}
	sort.Strings(names) // state is written in a fixed order
	for _, n := range names {
		p, err := m.reg.Lookup(n)
		if err != nil {
			return fmt.Errorf("genesis: %w", err)
		}
		if _, err := setParam(ctx.KV, p, g.Params[n], ctx.Height, ctx.BlockTime, 0); err != nil {
			return fmt.Errorf("genesis: %w", err)
		}
	}
	return nil
}
