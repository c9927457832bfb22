package finance

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/pingshan/govchain/internal/module"

	"github.com/pingshan/govchain/internal/sealed"
)

func fact(id, dept, payee string, fen int64, date string) PaymentFact {
	return PaymentFact{ID: id, Department: dept, Payee: Payee{Name: payee, Kind: PayeeOrganisation},
		AmountFen: fen, Date: date, ContractHash: "c", Status: StatusPaid}
}

func TestSplitFlags(t *testing.T) {
	fp := DefaultFlagParams(DefaultParams(), 2025)
	const t1 = 50_000_000
	cases := []struct {
		name string
		pays []PaymentFact
		want [][]string
	}{
		{"four under the threshold in a fortnight", []PaymentFact{
			fact("P1", "hub", "A", t1-1, "2025-06-03"), fact("P2", "hub", "A", t1-1, "2025-06-06"),
			fact("P3", "hub", "A", t1-1, "2025-06-10"), fact("P4", "hub", "A", t1-1, "2025-06-14")},
			[][]string{{"P1", "P2", "P3", "P4"}}},
		{"exactly at the threshold counts as under", []PaymentFact{
			fact("P1", "hub", "A", t1, "2025-06-03"), fact("P2", "hub", "A", 1, "2025-06-04")}, [][]string{{"P1", "P2"}}},
		{"together not above the threshold", []PaymentFact{
			fact("P1", "hub", "A", t1/2, "2025-06-03"), fact("P2", "hub", "A", t1/2, "2025-06-04")}, nil},
		{"30 days apart is outside the window", []PaymentFact{
			fact("P1", "hub", "A", t1-1, "2025-06-01"), fact("P2", "hub", "A", t1-1, "2025-07-01")}, nil},
		{"29 days apart is inside", []PaymentFact{
			fact("P1", "hub", "A", t1-1, "2025-06-01"), fact("P2", "hub", "A", t1-1, "2025-06-30")}, [][]string{{"P1", "P2"}}},
		{"different payees", []PaymentFact{
			fact("P1", "hub", "A", t1-1, "2025-06-03"), fact("P2", "hub", "B", t1-1, "2025-06-04")}, nil},
		{"different departments", []PaymentFact{
			fact("P1", "hub", "A", t1-1, "2025-06-03"), fact("P2", "eeb", "A", t1-1, "2025-06-04")}, nil},
		{"a payment above the threshold is not a split piece", []PaymentFact{
			fact("P1", "hub", "A", t1+1, "2025-06-03"), fact("P2", "hub", "A", 1_000, "2025-06-04")}, nil},
		{"rejected requests do not count", []PaymentFact{
			fact("P1", "hub", "A", t1-1, "2025-06-03"),
			{ID: "P2", Department: "hub", Payee: Payee{Name: "A", Kind: PayeeOrganisation}, AmountFen: t1 - 1,
				Date: "2025-06-04", Status: StatusRejected}}, nil},
		{"under the leader threshold", []PaymentFact{
			fact("P1", "eeb", "W", 400_000_000, "2025-05-01"), fact("P2", "eeb", "W", 400_000_000, "2025-05-20")},
			[][]string{{"P1", "P2"}}},
		{"two separate groups", []PaymentFact{
			fact("P1", "hub", "A", t1-1, "2025-03-01"), fact("P2", "hub", "A", t1-1, "2025-03-02"),
			fact("P3", "hub", "A", t1-1, "2025-09-01"), fact("P4", "hub", "A", t1-1, "2025-09-02")},
			[][]string{{"P1", "P2"}, {"P3", "P4"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got [][]string
			for _, f := range DetectFlags(tc.pays, nil, fp, Internal) {
				if f.Kind != FlagSplitPayment {
					t.Fatalf("unexpected %+v", f)
				}
				got = append(got, f.Entries)
			}
			if !slices.EqualFunc(got, tc.want, slices.Equal) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			// Input order must not matter.
			rev := slices.Clone(tc.pays)
			slices.Reverse(rev)
			a, _ := json.Marshal(DetectFlags(tc.pays, nil, fp, Internal))
			b, _ := json.Marshal(DetectFlags(rev, nil, fp, Internal))
			if string(a) != string(b) {
				t.Fatalf("order-dependent: %s vs %s", a, b)
			}
		})
	}
}

func TestNoContractFlags(t *testing.T) {
	fp := DefaultFlagParams(DefaultParams(), 2025)
	nc := func(id, payee string, fen int64, contract string) PaymentFact {
		f := fact(id, "gov", payee, fen, "2025-0"+id[1:]+"-01")
		f.ContractHash = module.Hash(contract)
		return f
	}
	cases := []struct {
		name string
		pays []PaymentFact
		want []string
	}{
		{"over the limit with no contract", []PaymentFact{nc("P1", "X", 3_000_000, ""), nc("P2", "X", 3_000_000, "")}, []string{"P1", "P2"}},
		{"one contract on record clears the payee", []PaymentFact{nc("P1", "X", 3_000_000, ""), nc("P2", "X", 3_000_000, "h")}, nil},
		{"small sums pass", []PaymentFact{nc("P1", "X", 2_000_000, ""), nc("P2", "X", 3_000_000, "")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range DetectFlags(tc.pays, nil, fp, Public) {
				if f.Kind == FlagNoContract {
					got = append(got, f.Entries...)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestExecutionOutlierFlags(t *testing.T) {
	fp := DefaultFlagParams(DefaultParams(), 2025)
	d := func(name string, rateBP int64) DeptExecution {
		return DeptExecution{Department: name, ApprovedFen: 1_000_000, ExecutedFen: rateBP * 100, LineIDs: []string{"BL-" + name}}
	}
	cases := []struct {
		name  string
		depts []DeptExecution
		want  []string
	}{
		{"all close", []DeptExecution{d("a", 9000), d("b", 8800), d("c", 9500), d("d", 9100)}, nil},
		{"one far below", []DeptExecution{d("a", 9000), d("b", 8800), d("c", 3000), d("d", 9100)}, []string{"BL-c"}},
		{"gap of exactly 30 points is not flagged", []DeptExecution{d("a", 9000), d("b", 9000), d("c", 6000)}, nil},
		{"too few departments to compare", []DeptExecution{d("a", 9000), d("b", 1000)}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, f := range DetectFlags(nil, tc.depts, fp, Public) {
				got = append(got, f.Entries...)
			}
			if !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMasking(t *testing.T) {
	for in, want := range map[string]string{"张三": "张*", "欧阳娜娜": "欧***", "李": "李*", "": "*"} {
		if got := MaskName(in); got != want {
			t.Errorf("MaskName(%q) = %q, want %q", in, got, want)
		}
	}
	p := Payee{Name: "张*", Kind: PayeeIndividual, Commitment: make([]byte, 32), Sealed: &sealed.Box{Ciphertext: []byte{1}}}
	if got := p.In(Public); got.Sealed != nil || got.Name != "张*" || len(got.Commitment) != 32 {
		t.Errorf("public individual: %+v", got)
	}
	if got := p.In(Internal); got.Sealed == nil {
		t.Errorf("internal view dropped the sealed data: %+v", got)
	}
}

// TestPersonSplitNeedsReader: payments to one person are one group only
// for a reader who opened them; the public sees one masked payee per
// payment (each commitment is salted) and no flag that would link them.
func TestPersonSplitNeedsReader(t *testing.T) {
	fp := DefaultFlagParams(DefaultParams(), 2025)
	person := PayeeData{Kind: PayeeIndividual, Name: "宋江", Account: "6222020200112233445"}
	var pays []PaymentFact
	for i, date := range []string{"2025-06-03", "2025-06-05"} {
		c := make([]byte, 32)
		c[0] = byte(i + 1)
		pays = append(pays, PaymentFact{ID: fmt.Sprint("P", i), Department: "hub", Payee: Payee{Name: "宋*", Kind: PayeeIndividual, Commitment: c},
			AmountFen: 50_000_000 - 1, Date: date, ContractHash: "c", Status: StatusPaid})
	}
	if f := DetectFlags(pays, nil, fp, Public); len(f) != 0 {
		t.Fatalf("public flags link a person's payments: %+v", f)
	}
	for i := range pays {
		pays[i].Clear = &person
	}
	f := DetectFlags(pays, nil, fp, Internal)
	if len(f) != 1 || f[0].Kind != FlagSplitPayment || f[0].PayeeClear == nil || f[0].PayeeClear.Name != "宋江" || f[0].Payee.Name != "宋*" {
		t.Fatalf("reader's flags: %+v", f)
	}
}

func TestYuanAndRate(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 1_200_000: "12,000.00", 123_456_789: "1,234,567.89", -150: "-1.50",
		MaxTotalFen: "1,000,000,000,000,000.00"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %s, want %s", fen, got, want)
		}
	}
	if RateBP(1, 3) != 3333 || RateBP(0, 0) != 0 || RateBP(MaxTotalFen, MaxTotalFen) != 10000 || Percent(8734) != "87.34%" {
		t.Error("rate arithmetic")
	}
}
