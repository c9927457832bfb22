package finance_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/finance"
)

// TestDocumentedFlow runs docs/public-finance.md's walk-through: the
// example payload files, signed by the accounts the doc names, in its
// order, then the trace the doc describes.
func TestDocumentedFlow(t *testing.T) {
	c := apptest.New(t, apptest.Options{Suite: "gm", Staff: staff(), Prepare: sealPayees, Start: time.Date(2026, 7, 1, 1, 0, 0, 0, time.UTC)})
	example := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("../../../docs/examples/finance", name+".json"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	steps := []struct{ who, action, file, id string }{
		{"fin-officer", "create_budget_line", "line", "BL-2026-0001"},
		{"fin-officer", "adjust_budget_line", "adjust", "AD-2026-0001"},
		{"fin-officer", "allocate", "allocate", "AL-2026-0001"},
		{"eeb-accountant", "request_payment", "request", "PR-2026-000001"},
		{"fin-officer2", "approve_payment", "approve", ""},
		{"fin-officer", "disburse", "disburse", "DB-2026-000001"},
		{"fin-officer", "refund", "refund", "RF-2026-0001"},
		{"fin-officer", "reverse", "reverse", "RX-2026-0001"},
		{"fin-officer", "record_revenue", "revenue", "RV-2026-0001"},
	}
	live := openIndex(t, "docs.db")
	for _, s := range steps {
		r := c.MustDo(s.who, "finance", s.action, example(s.file))
		if idOf(r) != s.id {
			t.Fatalf("%s created %q, the doc says %q", s.action, idOf(r), s.id)
		}
	}
	// reject.json targets a second request.
	c.MustDo("eeb-accountant", "finance", "request_payment", example("request"))
	c.MustDo("fin-officer2", "finance", "reject_payment", []byte(`{"payment_id":"PR-2026-000002","reason":"缺少发票，请补齐后重新申请"}`))
	checkInvariants(t, c)
	if err := live.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	tr, err := finance.TracePayment(context.Background(), live.DB(), "PR-2026-000001", finance.Public)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Line.ID != "BL-2026-0001" || len(tr.Adjustments) != 1 || len(tr.Refunds) != 1 || tr.Reversal == nil ||
		tr.Payment.Status != finance.StatusReversed || tr.Line.ApprovedFen != 3_900_000_000 {
		t.Fatalf("trace: %s", js(tr))
	}
}
