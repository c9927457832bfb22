package finance

import (
	"errors"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

func memCtx(t *testing.T, when time.Time) *module.Context {
	t.Helper()
	s, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	kv := s.Working()
	for _, d := range []string{"gov", "fin", "nrb", "aud"} {
		if err := identity.PutDepartment(kv, &identity.Department{ID: d, NameZH: d, NameEN: d}); err != nil {
			t.Fatal(err)
		}
	}
	return &module.Context{KV: kv, Height: 7, BlockTime: when,
		Signer: module.Signer{Address: "nrbclerk", Department: "nrb", Roles: []string{module.RoleClerk}}}
}

func TestGenesis(t *testing.T) {
	ctx := memCtx(t, time.Now())
	if err := initGenesis(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if b, _ := ctx.KV.Get([]byte(paramsKey)); b != nil {
		t.Fatal("no finance genesis must write nothing: chains without it keep their app hash")
	}
	for _, bad := range []string{
		`{"params":{"two_approvers_above_fen":100,"leader_above_fen":50}}`,
		`{"params":{"finance_department":"treasury"}}`,
		`{"params":{"leader_departments":["gov","nope"]}}`,
		`{"params":{"two_approvers_above_fen":-5}}`,
		`{"budget_lines":[]}`,
		`{"params":{"two_approvers_above_fen":1.5}}`,
	} {
		if err := initGenesis(ctx, []byte(bad)); !errors.Is(err, ErrInvalidGenesis) {
			t.Errorf("%s: got %v", bad, err)
		}
	}
	if err := initGenesis(ctx, []byte(`{"params":{"two_approvers_above_fen":100000,"leader_above_fen":1000000}}`)); err != nil {
		t.Fatal(err)
	}
	p, err := GetParams(ctx.KV)
	if err != nil || p.TwoApproversAboveFen != 100000 || p.LeaderAboveFen != 1000000 || p.FinanceDepartment != "fin" {
		t.Fatalf("params %+v %v", p, err)
	}
}

// TestRecordRevenueHook is how the land module will call in: from its own
// handler, with its own signer, no finance payload decoder in between.
func TestRecordRevenueHook(t *testing.T) {
	ctx := memCtx(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	payer := Payee{Name: "深圳市坪山区鹏兴置业有限公司", Kind: PayeeOrganisation}
	in := RevenueInput{AccountCode: "1030148", Source: "land_fee", Reference: "PS-TD-2026-0003", Payer: payer, AmountFen: 500_000_000_00}
	rv, err := RecordRevenue(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if rv.ID != "RV-2026-0001" || rv.Date != "2026-03-02" || rv.Department != "nrb" || rv.RecordedBy != "nrbclerk" {
		t.Fatalf("recorded %+v", rv)
	}
	in.Date = "2025-12-30" // last year's books are still open
	if rv, err = RecordRevenue(ctx, in); err != nil || rv.ID != "RV-2025-0001" {
		t.Fatalf("%+v %v", rv, err)
	}
	for _, tc := range []struct {
		date string
		fen  int64
		want error
	}{
		{"2026-03-03", 1, ErrDate},
		{"2024-12-31", 1, ErrDate},
		{"", 0, ErrInvalidAmount},
		{"", -1, ErrInvalidAmount},
		{"", MaxAmountFen + 1, ErrInvalidAmount},
	} {
		in.Date, in.AmountFen = tc.date, tc.fen
		if _, err := RecordRevenue(ctx, in); !errors.Is(err, tc.want) {
			t.Errorf("%s %d: got %v, want %v", tc.date, tc.fen, err, tc.want)
		}
	}
	if err := CheckInvariants(ctx.KV); err != nil {
		t.Fatal(err)
	}
	if len(ctx.Events()) != 2 {
		t.Fatalf("events %v", ctx.Events())
	}
}
