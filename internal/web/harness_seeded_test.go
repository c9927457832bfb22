package web

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/store"
)

// seededEnv is a dev-like node built the way `govchain dev` builds a new
// home (internal/cli/dev.go): genesis demo.History in the past with the
// land process published, the demo seed's first batch preloaded into
// block 1 and the rest submitted once the node runs. Tests use the real
// seeded cases and their access codes from the plan.
type seededEnv struct {
	*env
	plan  *demo.Plan
	cases map[string]demo.Case // by state: public_notice_with_objection, overdue_at_acceptance, …
}

func newSeededEnv(t testing.TB, o Options) *seededEnv {
	t.Helper()
	return newSeededEnvWith(t, o, nil)
}

// newSeededEnvWith runs before(home) once the home is built, before the
// node opens (to write files a node reads at start).
func newSeededEnvWith(t testing.TB, o Options, before func(home node.Home)) *seededEnv {
	t.Helper()
	keyring.DefaultKDF = keyring.KDFParams{Time: 1, MemoryKiB: 1024, Threads: 1}
	PasswordKDF.Time, PasswordKDF.MemoryKiB = 1, 1024
	home := node.Home(filepath.Join(t.TempDir(), "dev"))
	wf, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: string(home), Single: true, Demo: true,
		HTTPAddr: "127.0.0.1:0", BasePort: freeBasePort(t), TimeoutCommit: 150 * time.Millisecond,
		GenesisTime: time.Now().Add(-demo.History), Modules: map[string]json.RawMessage{"workflow": wf}}); err != nil {
		t.Fatal(err)
	}
	plan, err := demo.Build(home)
	if err != nil {
		t.Fatal(err)
	}
	if before != nil {
		before(home)
	}
	lg := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() && os.Getenv("GOVCHAIN_TEST_LOG") != "" {
		lg = slog.Default()
	}
	n, err := node.Open(home, node.Options{Logger: lg, Preload: plan.Block1, Modules: testModules()})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, n: n, home: home, now: &clock{}}
	if o.Now == nil {
		o.Now = e.now.Now
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	// Block 1 (genesis time) must be committed first: a later tx that
	// joined it would act at genesis time too (a notice would not have
	// run its days yet).
	if err := n.WaitForHeight(ctx, 1); err != nil {
		n.Stop()
		t.Fatal(err)
	}
	if err := demo.SubmitLater(ctx, n, plan.Block1, plan.Later); err != nil {
		n.Stop()
		t.Fatal(err)
	}
	e.serve(lg, o)
	s := &seededEnv{env: e, plan: plan, cases: map[string]demo.Case{}}
	for _, c := range plan.Cases {
		s.cases[c.State] = c
	}
	return s
}

// state is the node's committed state.
func (e *env) state() store.Reader { return e.n.Store.Committed() }
