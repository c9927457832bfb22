package demo_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
)

// startSeeded runs a seeded dev chain in-process, as `govchain dev` does.
func startSeeded(t *testing.T) (*node.Node, *demo.Plan) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "dev")
	wf, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	port, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: dir, Single: true, Demo: true,
		BasePort: port, HTTPAddr: fmt.Sprintf("127.0.0.1:%d", port+2), TimeoutCommit: 100 * time.Millisecond,
		GenesisTime: time.Now().Add(-demo.History), Modules: map[string]json.RawMessage{"workflow": wf}}); err != nil {
		t.Fatal(err)
	}
	h := node.Home(dir)
	plan, err := demo.Build(h)
	if err != nil {
		t.Fatal(err)
	}
	n, err := node.Open(h, node.Options{Preload: plan.Block1})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	if err := n.WaitForHeight(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := demo.SubmitLater(ctx, n, plan.Block1, plan.Later); err != nil {
		t.Fatal(err)
	}
	return n, plan
}

// TestSeededDevChain: the seed reaches every promised state through real
// transactions, and the live index equals a rebuild from the chain.
func TestSeededDevChain(t *testing.T) {
	n, plan := startSeeded(t)
	st := n.Store.Committed()
	now := time.Now()
	want := map[string]func(c *workflow.Case) bool{
		"public_notice_with_objection": func(c *workflow.Case) bool { return c.Current == "notice" && len(c.Objections) == 1 },
		"overdue_at_acceptance":        func(c *workflow.Case) bool { return c.Current == "accept" && len(c.Overdue(now)) > 0 },
		"completed_with_permit":        func(c *workflow.Case) bool { return c.Outcome == workflow.OutcomeApproved },
		"rejected":                     func(c *workflow.Case) bool { return c.Outcome == workflow.OutcomeRejected },
		"in_parallel_review":           func(c *workflow.Case) bool { return c.Current == "review" },
	}
	for _, dc := range plan.Cases {
		c, err := workflow.GetCase(st, dc.Number)
		if err != nil {
			t.Fatalf("%s: %v", dc.Number, err)
		}
		if !want[dc.State](c) {
			t.Errorf("%s should be %s: step %q outcome %q", dc.Number, dc.State, c.Current, c.Outcome)
		}
		if _, err := workflow.ReadPublic(st, n.App.Suite(), dc.Number, dc.AccessCode, now); err != nil {
			t.Errorf("%s: access code does not open the public view: %v", dc.Number, err)
		}
		if dc.State == "completed_with_permit" {
			code, _ := land.PermitOfCase(st, dc.Number)
			if _, err := land.PermitByCode(st, code); err != nil {
				t.Errorf("permit of %s: %v", dc.Number, err)
			}
		}
	}
	if err := finance.CheckInvariants(st); err != nil {
		t.Fatal(err)
	}
	// The sharing catalogue and its two requests (docs/data-sharing.md).
	res, err := sharing.Resources(st)
	if err != nil || len(res) != 4 {
		t.Fatalf("catalogue: %d resources, %v", len(res), err)
	}
	reqs, err := sharing.Requests(st)
	if err != nil || len(reqs) != 2 || reqs[0].State != sharing.StatePending || reqs[0].Deadline == nil || reqs[1].State != sharing.StateGranted {
		t.Fatalf("sharing requests: %v", err)
	}
	// One showcase story of the completed case, one lecture ahead
	// (docs/participation.md).
	stories, err := participation.Stories(st)
	if err != nil || len(stories) != 1 || stories[0].Case.Number != plan.Cases[2].Number || stories[0].Case.Steps == 0 {
		t.Fatalf("showcase stories: %+v %v", stories, err)
	}
	acts, err := participation.Activities(st)
	if err != nil || len(acts) != 1 || !acts[0].Start.After(now) || acts[0].Capacity == 0 {
		t.Fatalf("activities: %+v %v", acts, err)
	}
	params, err := finance.GetParams(st)
	if err != nil {
		t.Fatal(err)
	}
	flags, err := finance.FlagsFromState(st, finance.DefaultFlagParams(params, time.Now().Add(-demo.History).Year()-1), finance.Public, nil)
	if err != nil || len(flags) == 0 {
		t.Fatalf("red flags on the seeded year: %v %v", flags, err)
	}

	// Live index == rebuild (what `govchain reindex` does).
	ctx := context.Background()
	if err := n.WaitIndexed(ctx, n.Store.Version()); err != nil {
		t.Fatal(err)
	}
	rebuilt, err := index.Open(filepath.Join(t.TempDir(), "rebuilt.db"), node.IndexHandlers()...)
	if err != nil {
		t.Fatal(err)
	}
	defer rebuilt.Close()
	rebuilt.UseTxs(index.BlockTxs(n.CometNode().BlockStore()))
	if err := rebuilt.Rebuild(ctx, n.Store, nil); err != nil {
		t.Fatal(err)
	}
	// The chain keeps making (empty) blocks; they change no rows, so the
	// two may differ in height but not in content.
	h1, _ := n.Index.Height()
	live, re := dump(t, n.Index.DB()), dump(t, rebuilt.DB())
	if live != re {
		t.Fatalf("live index differs from a rebuild:\nlive:    %.2000s\nrebuilt: %.2000s", live, re)
	}
	t.Logf("index: %d bytes of rows identical after rebuild at height %d", len(live), h1)
}

// dump renders every index table's rows, sorted, for comparison.
func dump(t *testing.T, db *sql.DB) string {
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'index_meta' ORDER BY name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, tb := range tables {
		r, err := db.Query(`SELECT * FROM ` + tb)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := r.Columns()
		var lines []string
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			r.Scan(ptrs...)
			lines = append(lines, fmt.Sprint(vals...))
		}
		r.Close()
		sort.Strings(lines)
		fmt.Fprintf(&b, "[%s %d]\n%s\n", tb, len(lines), strings.Join(lines, "\n"))
	}
	return b.String()
}
