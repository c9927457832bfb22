package finance_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/demo/financeyear"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/sealed"
)

const demoYear = 2025 // a past year: the test chain runs in 2026

func openIndex(t testing.TB, name string) *index.Index {
	t.Helper()
	ix, err := index.Open(filepath.Join(t.TempDir(), name), finance.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// seedYear sends a demo year through the chain perBlock txs at a time,
// syncing the live index after every block as a node does. Every tx must
// succeed and create the id the demo predicted.
func seedYear(t testing.TB, suite string, txs []financeyear.DemoTx, live *index.Index) *apptest.Chain {
	t.Helper()
	c := newChain(t, suite, nil)
	const perBlock = 25
	for lo := 0; lo < len(txs); lo += perBlock {
		batch := txs[lo:min(lo+perBlock, len(txs))]
		raws := make([][]byte, len(batch))
		for i, tx := range batch {
			raws[i] = c.Sign(tx.Signer, tx.Module, tx.Action, []byte(tx.Payload))
		}
		for i, r := range c.Block(raws...) {
			tx := batch[i]
			if r.Code != 0 {
				t.Fatalf("demo tx %d %s %s %s refused: %s/%d %s", lo+i, tx.Signer, tx.Action, tx.Payload, r.Codespace, r.Code, r.Log)
			}
			if tx.ExpectID != "" && idOf(r) != tx.ExpectID {
				t.Fatalf("demo tx %d %s created %q, demo expected %q", lo+i, tx.Action, idOf(r), tx.ExpectID)
			}
		}
		if live != nil {
			if err := live.Sync(context.Background(), c.App.Store(), nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkInvariants(t, c)
	return c
}

func tagged(txs []financeyear.DemoTx, tag string) []string {
	var out []string
	for _, tx := range txs {
		if tx.Tag == tag {
			out = append(out, tx.ExpectID)
		}
	}
	return out
}

// TestDemoYear seeds the demo year and checks the red flags catch exactly
// the split pattern, from the live index and from state alike, and that a
// rebuilt index answers every query the same as the live one.
func TestDemoYear(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			ctx := context.Background()
			txs := financeyear.DemoYear(7, demoYear)
			requests := 0
			for _, tx := range txs {
				if tx.Action == "request_payment" {
					requests++
				}
			}
			if requests < 200 {
				t.Fatalf("demo year has %d payment requests, want a few hundred", requests)
			}
			live := openIndex(t, "live.db")
			c := seedYear(t, suite, txs, live)
			fp := finance.DefaultFlagParams(finance.DefaultParams(), demoYear)

			split := tagged(txs, "split")
			// The public (no opener) and the Finance and Audit Bureaus
			// (who open every payee) all see exactly the split.
			for _, reader := range []string{"", "fin", "aud"} {
				var open finance.PayeeOpener
				if reader != "" {
					open = finance.Opener(c.Suite, reader, c.Keys[reader+"-data"])
				}
				flags, err := finance.RedFlags(ctx, live.DB(), fp, finance.Internal, open)
				if err != nil {
					t.Fatal(err)
				}
				if len(split) != 4 || len(flags) != 1 || flags[0].Kind != finance.FlagSplitPayment || !slices.Equal(flags[0].Entries, split) {
					t.Fatalf("reader %q: flags %s, want one split_payment naming %v", reader, js(flags), split)
				}
				if flags[0].Department != "hub" || !strings.Contains(flags[0].Detail, "1,951,800.00") || (reader != "") != (flags[0].PayeeClear != nil) {
					t.Errorf("reader %q: flag detail: %+v", reader, flags[0])
				}
				fromState, err := finance.FlagsFromState(c.State(), fp, finance.Internal, open)
				if err != nil {
					t.Fatal(err)
				}
				if js(fromState) != js(flags) {
					t.Fatalf("reader %q: flags from state %s differ from the index's %s", reader, js(fromState), js(flags))
				}
			}
			// A department that is not a reader cannot open a payee.
			if _, err := finance.RedFlags(ctx, live.DB(), fp, finance.Internal, finance.Opener(c.Suite, "nrb", c.Keys["nrb-data"])); !errors.Is(err, sealed.ErrNotReader) {
				t.Fatalf("nrb opened payees: %v", err)
			}

			rebuilt := openIndex(t, "rebuilt.db")
			if err := rebuilt.Rebuild(ctx, c.App.Store(), nil); err != nil {
				t.Fatal(err)
			}
			a, b := snapshot(t, live), snapshot(t, rebuilt)
			if len(a) < 300 {
				t.Fatalf("snapshot has only %d answers", len(a))
			}
			for k := range a {
				if a[k] != b[k] {
					t.Fatalf("%s: live index says\n%s\nrebuilt index says\n%s", k, a[k], b[k])
				}
			}
			checkDemoShape(t, live, txs)
		})
	}
}

// TestCleanYear: the same year without the split raises no flag at all.
func TestCleanYear(t *testing.T) {
	for _, seed := range []int64{7, 11} {
		txs := financeyear.CleanYear(seed, demoYear)
		live := openIndex(t, "clean.db")
		c := seedYear(t, "intl", txs, live)
		fp := finance.DefaultFlagParams(finance.DefaultParams(), demoYear)
		flags, err := finance.RedFlags(context.Background(), live.DB(), fp, finance.Public, finance.Opener(c.Suite, "aud", c.Keys["aud-data"]))
		if err != nil {
			t.Fatal(err)
		}
		fromState, _ := finance.FlagsFromState(c.State(), fp, finance.Public, nil)
		if len(flags) != 0 || len(fromState) != 0 {
			t.Fatalf("seed %d: clean year raised flags: %s / %s", seed, js(flags), js(fromState))
		}
	}
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// snapshot asks the index every question there is, in both views.
func snapshot(t *testing.T, ix *index.Index) map[string]string {
	t.Helper()
	ctx, db := context.Background(), ix.DB()
	out := map[string]string{}
	must := func(key string, v any, err error) {
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		out[key] = js(v)
	}
	budgets, err := finance.Budgets(ctx, db, demoYear)
	must("budgets", budgets, err)
	lines, err := finance.Lines(ctx, db, demoYear, "")
	must("lines", lines, err)
	for _, v := range []finance.View{finance.Public, finance.Internal} {
		vk := map[finance.View]string{finance.Public: "public", finance.Internal: "internal"}[v]
		for _, l := range lines {
			tree, err := finance.TraceLine(ctx, db, l.ID, v)
			must(vk+" line "+l.ID, tree, err)
		}
		pays, err := finance.Payments(ctx, db, finance.PaymentFilter{Year: demoYear, Limit: 1000}, v)
		must(vk+" payments", pays, err)
		for _, p := range pays {
			tr, err := finance.TracePayment(ctx, db, p.ID, v)
			must(vk+" payment "+p.ID, tr, err)
		}
		rev, err := finance.Revenues(ctx, db, demoYear, v)
		must(vk+" revenue", rev, err)
		flags, err := finance.RedFlags(ctx, db, finance.DefaultFlagParams(finance.DefaultParams(), demoYear), v, nil)
		must(vk+" flags", flags, err)
	}
	tot, err := finance.RevenueTotals(ctx, db, demoYear)
	must("revenue totals", tot, err)
	return out
}

// checkDemoShape looks at the seeded year the way a reader of the public
// view would.
func checkDemoShape(t *testing.T, ix *index.Index, txs []financeyear.DemoTx) {
	ctx, db := context.Background(), ix.DB()
	budgets, err := finance.Budgets(ctx, db, demoYear)
	if err != nil {
		t.Fatal(err)
	}
	if len(budgets) != 7 {
		t.Fatalf("budgets for %d departments: %s", len(budgets), js(budgets))
	}
	for _, b := range budgets {
		if b.RateBP < 7500 || b.RateBP > 10000 {
			t.Errorf("%s executed %s: not a realistic year end", b.Department, b.Rate)
		}
	}
	tot, _ := finance.RevenueTotals(ctx, db, demoYear)
	if len(tot) != 1 || tot[0].AccountCode != "1030148" || tot[0].TotalFen != 18_650_000_000 {
		t.Fatalf("land fee revenue: %s", js(tot))
	}
	// An individual's payment: masked in public, named internally.
	pays, _ := finance.Payments(ctx, db, finance.PaymentFilter{Year: demoYear, Limit: 1000}, finance.Internal)
	for _, p := range pays {
		if p.Payee.Kind != finance.PayeeIndividual {
			continue
		}
		pub, err := finance.TracePayment(ctx, db, p.ID, finance.Public)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(pub.Payment.Payee.Name, "*") || pub.Payment.Payee.Sealed != nil || len(pub.Payment.Payee.Commitment) != 32 || p.Payee.Sealed == nil {
			t.Fatalf("public view shows %+v for %+v", pub.Payment.Payee, p.Payee)
		}
		if pub.Line.ID != p.LineID || pub.Allocation.ID != p.AllocationID || pub.Disbursement == nil {
			t.Fatalf("trace of %s: %s", p.ID, js(pub))
		}
		break
	}
	// The reversed and the refunded payment carry their compensations.
	var reversed, refunded bool
	for _, p := range pays {
		tr, _ := finance.TracePayment(ctx, db, p.ID, finance.Internal)
		reversed = reversed || tr.Reversal != nil && p.Status == finance.StatusReversed
		refunded = refunded || len(tr.Refunds) > 0
	}
	if !reversed || !refunded {
		t.Fatalf("demo year lacks a reversal (%v) or a refund (%v)", reversed, refunded)
	}
	// The line tree adds up to the line's execution.
	lines, _ := finance.Lines(ctx, db, demoYear, "")
	for _, l := range lines {
		tree, _ := finance.TraceLine(ctx, db, l.ID, finance.Public)
		var sum int64
		for _, a := range tree.Allocations {
			for _, p := range a.Payees {
				sum += p.ExecutedFen
			}
		}
		if sum != l.ExecutedFen {
			t.Fatalf("line %s: payees got %d, line executed %d", l.ID, sum, l.ExecutedFen)
		}
	}
}
