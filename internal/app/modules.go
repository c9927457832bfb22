package app

import (
	"fmt"
	"sort"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
)

// Modules is the set of domain modules this build runs, in a fixed order:
// the one list the app, the index, the API and the portal read. Add a
// module here (one line) to give it actions, genesis, parameters and
// index tables. Modules that use others get them in their constructor.
func Modules() []module.Module { return ModulesWith(Wiring{}) }

// Wiring is what a test may swap in the module list; zero is production.
type Wiring struct {
	// Cases is the lookup 好差评 ratings find cases with (default: the
	// workflow engine's cases).
	Cases feedback.CaseLookup
}

// ModulesWith is Modules with w's replacements. Governance comes last: it
// is built over the others to read the parameters they declare.
func ModulesWith(w Wiring) []module.Module {
	cases := w.Cases
	if cases == nil {
		cases = feedback.WorkflowCase
	}
	wf := workflow.New(map[string]workflow.OutcomeHook{"land": land.OnCaseClosed})
	mods := []module.Module{
		identity.Module{},
		notary.Module{},
		finance.Module{},
		disclosure.Module{},
		feedback.New(cases),
		wf,
		land.New(wf),
		sharing.Module{},
		evaluation.Module{},
		participation.New(cases),
	}
	return append(mods, governance.New(mods))
}

// initModuleGenesis runs each module's InitGenesis, in module order, with
// its part of app_state.modules. Identity has already run: other modules
// may look up departments and accounts.
func initModuleGenesis(mods []module.Module, kv store.KV, s cryptosuite.Suite, chainID string, t time.Time, initialHeight int64, st *AppState) error {
	known := map[string]bool{}
	for _, m := range mods {
		known[m.Name()] = true
		g, ok := m.(module.GenesisModule)
		if !ok {
			continue
		}
		ctx := &module.Context{KV: kv, Suite: s, ChainID: chainID, Height: initialHeight, BlockTime: t.UTC(),
			Signer: module.Signer{Address: "genesis", Department: "", Roles: nil}}
		if err := g.InitGenesis(ctx, st.Modules[m.Name()]); err != nil {
			return fmt.Errorf("genesis of module %s: %w", m.Name(), err)
		}
	}
	var unknown []string
	for name := range st.Modules {
		if !known[name] {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("app_state.modules names unknown modules %v", unknown)
	}
	return nil
}
