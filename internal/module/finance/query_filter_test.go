package finance_test

import (
	"context"
	"slices"
	"testing"

	"github.com/pingshan/govchain/internal/demo/financeyear"
	"github.com/pingshan/govchain/internal/module/finance"
)

// TestPaymentsFilterPages: Payments names only the filters that are set
// (so SQLite can use an index), and must answer exactly what the filter
// means: checked against every payment filtered in Go, for each filter
// alone and together, at page boundaries (limit and offset around the
// number of matches), in both views.
func TestPaymentsFilterPages(t *testing.T) {
	ctx := context.Background()
	txs := financeyear.DemoYear(7, demoYear)
	live := openIndex(t, "live.db")
	seedYear(t, "gm", txs, live)
	db := live.DB()

	type row struct {
		id, dept, status, line string
		year                   int
	}
	rows, err := db.QueryContext(ctx, `SELECT p.id, p.fiscal_year, p.department, s.status, p.line_id
		FROM fin_payments p JOIN fin_pay_state s ON s.payment_id = p.id`)
	if err != nil {
		t.Fatal(err)
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.year, &r.dept, &r.status, &r.line); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	if len(all) < 200 {
		t.Fatalf("%d payments indexed, the demo year has a few hundred", len(all))
	}
	// Newest id first, as Payments orders.
	slices.SortFunc(all, func(a, b row) int { return -compareStrings(a.id, b.id) })
	want := func(f finance.PaymentFilter) []string {
		var ids []string
		for _, r := range all {
			if (f.Year == 0 || r.year == f.Year) && (f.Department == "" || r.dept == f.Department) &&
				(f.Status == "" || r.status == f.Status) && (f.LineID == "" || r.line == f.LineID) {
				ids = append(ids, r.id)
			}
		}
		lo := min(max(f.Offset, 0), len(ids))
		return ids[lo:min(lo+f.Limit, len(ids))]
	}
	count := func(f finance.PaymentFilter) int {
		f.Limit, f.Offset = 1000, 0
		return len(want(f))
	}

	hub := finance.PaymentFilter{Year: demoYear, Department: "hub"}
	n := count(hub)
	if n < 3 {
		t.Fatalf("hub has %d payments in %d", n, demoYear)
	}
	line := all[len(all)/2].line
	tests := []struct {
		name string
		f    finance.PaymentFilter
	}{
		{"no filter", finance.PaymentFilter{Limit: 30}},
		{"year", finance.PaymentFilter{Year: demoYear, Limit: 1000}},
		{"other year", finance.PaymentFilter{Year: demoYear + 1, Limit: 30}},
		{"department", finance.PaymentFilter{Department: "nrb", Limit: 1000}},
		{"status", finance.PaymentFilter{Status: finance.StatusPaid, Limit: 1000}},
		{"line", finance.PaymentFilter{LineID: line, Limit: 1000}},
		{"department page", finance.PaymentFilter{Year: demoYear, Department: "nrb", Limit: 30}},
		{"all four", finance.PaymentFilter{Year: demoYear, Department: all[0].dept, Status: all[0].status, LineID: all[0].line, Limit: 1000}},
		{"page exactly the matches", finance.PaymentFilter{Year: demoYear, Department: "hub", Limit: n}},
		{"page one short", finance.PaymentFilter{Year: demoYear, Department: "hub", Limit: n - 1}},
		{"last page of one", finance.PaymentFilter{Year: demoYear, Department: "hub", Limit: n - 1, Offset: n - 1}},
		{"offset at the end", finance.PaymentFilter{Year: demoYear, Department: "hub", Limit: 10, Offset: n}},
		{"offset past the end", finance.PaymentFilter{Year: demoYear, Department: "hub", Limit: 10, Offset: n + 5}},
		{"negative offset", finance.PaymentFilter{Year: demoYear, Department: "hub", Limit: 2, Offset: -3}},
		{"unknown department", finance.PaymentFilter{Department: "zzz", Limit: 30}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, view := range []finance.View{finance.Public, finance.Internal} {
				got, err := finance.Payments(ctx, db, tc.f, view)
				if err != nil {
					t.Fatal(err)
				}
				var ids []string
				for _, p := range got {
					ids = append(ids, p.ID)
					if view == finance.Public && p.Payee.Sealed != nil {
						t.Fatalf("public view of %s carries the sealed payee", p.ID)
					}
				}
				if w := want(tc.f); !slices.Equal(ids, w) {
					t.Fatalf("view %v: %d payments %v, want %d %v", view, len(ids), ids, len(w), w)
				}
			}
		})
	}
	// The internal view still decodes the sealed payee (persons' are).
	in, err := finance.Payments(ctx, db, finance.PaymentFilter{Limit: 1000}, finance.Internal)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(in, func(p finance.PaymentView) bool { return p.Payee.Sealed != nil }) {
		t.Fatal("no payment in the internal view has its sealed payee")
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
