package finance_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/finance"
)

// The property test keeps its own model of the ledger, written apart from
// the module: it predicts every tx's outcome, and after every block the
// chain must agree with it, CheckInvariants must pass, and the totals must
// be conserved: approved = creations + adjustments, paid = disbursed −
// refunded − reversed, and every approved fen is unallocated, free in an
// allocation, reserved or paid.

type mLine struct {
	id, dept            string
	approved, allocated int64
}

type mAlloc struct {
	id, line, dept string
	amount         int64
	reserved, paid int64
	reversed       bool
}

type mPay struct {
	id, alloc, requester string
	amount, refunded     int64
	status               string
	approvers            []string
}

type model struct {
	lines   []*mLine
	allocs  []*mAlloc
	pays    []*mPay
	classes map[string]bool
	seq     map[string]int
	// conservation ledgers, from accepted txs only
	created, adjusted, disbursed, refunded, reversedPay int64
}

func (m *model) next(kind string) string {
	m.seq[kind]++
	w := 4
	if kind == "PR" || kind == "DB" {
		w = 6
	}
	return fmt.Sprintf("%s-%d-%0*d", kind, year, w, m.seq[kind])
}

var propDepts = []string{"gov", "nrb", "fin", "eeb", "hub", "gsd", "aud"}

func requester(dept string) string {
	if dept == "fin" {
		return "fin-officer"
	}
	return dept + "-accountant"
}

// capacity of each approver in the model: bureau, leader.
var approverCaps = map[string][2]bool{
	"fin-officer":  {true, false},
	"fin-officer2": {true, false},
	"fin-director": {true, true},
	"gov-approver": {false, true},
}

// filled is the most slots a set of approvers fills, by trying every
// assignment of each approver to bureau, leader or nothing.
func filled(needB, needL int, approvers []string) int {
	best := 0
	var try func(i, b, l int)
	try = func(i, b, l int) {
		if i == len(approvers) {
			best = max(best, min(b, needB)+min(l, needL))
			return
		}
		c := approverCaps[approvers[i]]
		try(i+1, b, l)
		if c[0] {
			try(i+1, b+1, l)
		}
		if c[1] {
			try(i+1, b, l+1)
		}
	}
	try(0, 0, 0)
	return best
}

func needs(fen int64) (int, int) {
	b, l := 1, 0
	if fen > 50_000_000 {
		b = 2
	}
	if fen > 500_000_000 {
		l = 1
	}
	return b, l
}

type op struct {
	signer, action string
	payload        any
	want           *errcode.Error
	apply          func() // model update if accepted
}

func (m *model) randomOp(r *rand.Rand) op {
	pickLine := func() *mLine { return m.lines[r.IntN(len(m.lines))] }
	pickAlloc := func() *mAlloc { return m.allocs[r.IntN(len(m.allocs))] }
	// pickPay mostly picks a payment the action can apply to, sometimes any.
	pickPay := func(status string) *mPay {
		var fit []*mPay
		for _, p := range m.pays {
			if p.status == status {
				fit = append(fit, p)
			}
		}
		if len(fit) > 0 && r.IntN(4) > 0 {
			return fit[r.IntN(len(fit))]
		}
		return m.pays[r.IntN(len(m.pays))]
	}
	// Amounts around balances, so refusals are common.
	around := func(left int64) int64 {
		if left <= 0 || r.IntN(4) == 0 {
			return 1 + r.Int64N(1_000_000_000)
		}
		return 1 + r.Int64N(left+left/4+1)
	}
	switch k := r.IntN(20); {
	case len(m.lines) == 0 || k == 0:
		dept := propDepts[r.IntN(len(propDepts))]
		fn := []string{"2010301", "2110302", "2120399"}[r.IntN(3)]
		econ := []string{"30201", "30227"}[r.IntN(2)]
		fen := 1 + r.Int64N(2_000_000_000)
		class := dept + fn + econ
		o := op{signer: "fin-officer", action: "create_budget_line", payload: line(dept, fn, econ, fen)}
		if m.classes[class] {
			o.want = finance.ErrLineExists
			return o
		}
		o.apply = func() {
			m.classes[class] = true
			m.lines = append(m.lines, &mLine{id: m.next("BL"), dept: dept, approved: fen})
			m.created += fen
		}
		return o
	case k == 1:
		l := pickLine()
		delta := r.Int64N(l.approved+200_000_000) - l.approved // may go below allocated
		if delta == 0 {
			delta = 1
		}
		o := op{signer: "fin-officer", action: "adjust_budget_line",
			payload: map[string]any{"line_id": l.id, "delta_fen": delta, "reason": "调整", "source": hashA}}
		if l.approved+delta < l.allocated {
			o.want = finance.ErrBelowAllocated
			return o
		}
		o.apply = func() { m.next("AD"); l.approved += delta; m.adjusted += delta }
		return o
	case len(m.allocs) == 0 || k <= 4:
		l := pickLine()
		fen := around(l.approved - l.allocated)
		o := op{signer: "fin-officer", action: "allocate",
			payload: map[string]any{"line_id": l.id, "project_code": "P", "project_name": "项目", "amount_fen": fen}}
		if fen > l.approved-l.allocated {
			o.want = finance.ErrInsufficient
			return o
		}
		o.apply = func() {
			m.allocs = append(m.allocs, &mAlloc{id: m.next("AL"), line: l.id, dept: l.dept, amount: fen})
			l.allocated += fen
		}
		return o
	case len(m.pays) == 0 || k <= 9:
		a := pickAlloc()
		left := a.amount - a.reserved - a.paid
		fen := around(left)
		who := requester(a.dept)
		o := op{signer: who, action: "request_payment", payload: payment(a.id, fen, org("深圳市测试有限公司"))}
		switch {
		case a.reversed:
			o.want = finance.ErrStatus
		case fen > left:
			o.want = finance.ErrInsufficient
		default:
			o.apply = func() {
				m.pays = append(m.pays, &mPay{id: m.next("PR"), alloc: a.id, requester: who, amount: fen, status: finance.StatusRequested})
				a.reserved += fen
			}
		}
		return o
	case k <= 13:
		p := pickPay(finance.StatusRequested)
		names := []string{"fin-officer", "fin-officer2", "fin-director", "gov-approver"}
		who := names[r.IntN(len(names))]
		o := op{signer: who, action: "approve_payment", payload: map[string]any{"payment_id": p.id}}
		nb, nl := needs(p.amount)
		with := append(append([]string{}, p.approvers...), who)
		switch {
		case p.status != finance.StatusRequested:
			o.want = finance.ErrStatus
		case who == p.requester:
			o.want = finance.ErrSelfApproval
		case contains(p.approvers, who):
			o.want = finance.ErrAlreadyApproved
		case filled(nb, nl, with) <= filled(nb, nl, p.approvers):
			o.want = finance.ErrNotEligible
		default:
			o.apply = func() {
				p.approvers = with
				if filled(nb, nl, with) == nb+nl {
					p.status = finance.StatusApproved
				}
			}
		}
		return o
	case k == 14:
		p := pickPay(finance.StatusRequested)
		o := op{signer: "fin-officer2", action: "reject_payment", payload: map[string]any{"payment_id": p.id, "reason": "退回"}}
		if p.status != finance.StatusRequested && p.status != finance.StatusApproved {
			o.want = finance.ErrStatus
			return o
		}
		o.apply = func() { p.status = finance.StatusRejected; m.alloc(p.alloc).reserved -= p.amount }
		return o
	case k <= 17:
		p := pickPay(finance.StatusApproved)
		o := op{signer: "fin-officer", action: "disburse", payload: map[string]any{"payment_id": p.id}}
		switch p.status {
		case finance.StatusApproved:
			o.apply = func() {
				m.next("DB")
				p.status = finance.StatusPaid
				a := m.alloc(p.alloc)
				a.reserved -= p.amount
				a.paid += p.amount
				m.disbursed += p.amount
			}
		case finance.StatusRequested:
			o.want = finance.ErrApprovalsMissing
		default:
			o.want = finance.ErrStatus
		}
		return o
	case k == 18:
		p := pickPay(finance.StatusPaid)
		net := p.amount - p.refunded
		fen := 1 + r.Int64N(net+net/4+1)
		o := op{signer: "fin-officer", action: "refund", payload: map[string]any{"payment_id": p.id, "amount_fen": fen, "reason": "退款"}}
		switch {
		case p.status != finance.StatusPaid:
			o.want = finance.ErrStatus
		case fen > net:
			o.want = finance.ErrRefundExceedsPaid
		default:
			o.apply = func() {
				m.next("RF")
				p.refunded += fen
				if p.refunded == p.amount {
					p.status = finance.StatusRefunded
				}
				m.alloc(p.alloc).paid -= fen
				m.refunded += fen
			}
		}
		return o
	default:
		if r.IntN(2) == 0 {
			p := pickPay(finance.StatusPaid)
			o := op{signer: "fin-officer", action: "reverse", payload: map[string]any{"entry_id": p.id, "reason": "冲销"}}
			if p.status != finance.StatusPaid {
				o.want = finance.ErrStatus
				return o
			}
			o.apply = func() {
				m.next("RX")
				net := p.amount - p.refunded
				p.status = finance.StatusReversed
				m.alloc(p.alloc).paid -= net
				m.reversedPay += net
			}
			return o
		}
		a := pickAlloc()
		o := op{signer: "fin-officer", action: "reverse", payload: map[string]any{"entry_id": a.id, "reason": "取消"}}
		if a.reversed || a.reserved != 0 || a.paid != 0 {
			o.want = finance.ErrStatus
			return o
		}
		o.apply = func() {
			m.next("RX")
			a.reversed = true
			m.line(a.line).allocated -= a.amount
			a.amount = 0
		}
		return o
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func (m *model) alloc(id string) *mAlloc {
	for _, a := range m.allocs {
		if a.id == id {
			return a
		}
	}
	panic(id)
}

func (m *model) line(id string) *mLine {
	for _, l := range m.lines {
		if l.id == id {
			return l
		}
	}
	panic(id)
}

// check compares the chain with the model and the conservation laws.
func (m *model) check(t *testing.T, c *apptest.Chain) {
	t.Helper()
	checkInvariants(t, c)
	tot, err := finance.SumTotals(c.State())
	if err != nil {
		t.Fatal(err)
	}
	var approved, allocated, reserved, paid, unallocated, free int64
	for _, l := range m.lines {
		approved += l.approved
		allocated += l.allocated
		unallocated += l.approved - l.allocated
		b := lineBal(t, c, l.id)
		if b.ApprovedFen != l.approved || b.AllocatedFen != l.allocated {
			t.Fatalf("line %s: chain %+v, model %+v", l.id, b, *l)
		}
	}
	for _, a := range m.allocs {
		reserved += a.reserved
		paid += a.paid
		free += a.amount - a.reserved - a.paid
		b, err := finance.GetAllocBalance(c.State(), a.id)
		if err != nil || b.AmountFen != a.amount || b.ReservedFen != a.reserved || b.PaidFen != a.paid {
			t.Fatalf("allocation %s: chain %+v (%v), model %+v", a.id, b, err, *a)
		}
	}
	for _, p := range m.pays {
		st, err := finance.GetPaymentState(c.State(), p.id)
		if err != nil || st.Status != p.status || st.RefundedFen != p.refunded {
			t.Fatalf("payment %s: chain %+v (%v), model %+v", p.id, st, err, *p)
		}
	}
	want := finance.Totals{ApprovedFen: approved, AllocatedFen: allocated, ReservedFen: reserved, PaidFen: paid,
		DisbursedFen: m.disbursed, RefundedFen: m.refunded, ReversedPayFen: m.reversedPay}
	if tot != want {
		t.Fatalf("totals: chain %+v, model %+v", tot, want)
	}
	if approved != m.created+m.adjusted {
		t.Fatalf("approved %d ≠ created %d + adjusted %d", approved, m.created, m.adjusted)
	}
	if paid != m.disbursed-m.refunded-m.reversedPay {
		t.Fatalf("paid %d ≠ disbursed %d − refunded %d − reversed %d", paid, m.disbursed, m.refunded, m.reversedPay)
	}
	if approved != unallocated+free+reserved+paid {
		t.Fatalf("approved %d ≠ unallocated %d + free %d + reserved %d + paid %d", approved, unallocated, free, reserved, paid)
	}
}

func runProperty(t *testing.T, suite string, seed uint64, blocks int) {
	r := rand.New(rand.NewPCG(seed, 0x6669))
	c := newChain(t, suite, nil)
	m := &model{classes: map[string]bool{}, seq: map[string]int{}}
	outcomes := map[string]int{}
	for b := 0; b < blocks; b++ {
		n := 1 + r.IntN(6)
		ops := make([]op, n)
		txs := make([][]byte, n)
		for i := range ops {
			ops[i] = m.randomOp(r)
			// The model runs ahead in block order, as the chain will.
			if ops[i].want == nil {
				ops[i].apply()
			}
			txs[i] = c.Sign(ops[i].signer, "finance", ops[i].action, ops[i].payload)
		}
		res := c.Block(txs...)
		for i, o := range ops {
			if o.want == nil && res[i].Code != 0 || o.want != nil && (res[i].Codespace != o.want.Codespace || res[i].Code != o.want.Code) {
				want := "ok"
				if o.want != nil {
					want = o.want.Desc
				}
				t.Fatalf("seed %d block %d tx %d %s %s %v: got %s/%d %s, model says %s",
					seed, b, i, o.signer, o.action, o.payload, res[i].Codespace, res[i].Code, res[i].Log, want)
			}
			outcomes[fmt.Sprintf("%s/%d", o.action, res[i].Code)]++
			if o.want == nil {
				if id := idOf(res[i]); id != "" && !m.knows(id) {
					t.Fatalf("seed %d: chain created %s, model did not predict it", seed, id)
				}
			}
		}
		m.check(t, c)
	}
	t.Logf("outcomes (action/code): %v", outcomes)
}

func (m *model) knows(id string) bool {
	var n int
	_, err := fmt.Sscanf(id[len(id)-4:], "%d", &n)
	return err == nil && m.seq[id[:2]] >= n
}

func TestPropertyRandomOperations(t *testing.T) {
	seeds, blocks := 16, 60
	if testing.Short() {
		seeds, blocks = 4, 30
	}
	for s := range seeds {
		suite := "intl" // deterministic signatures, and fast
		if s%4 == 3 {
			suite = "gm"
		}
		t.Run(fmt.Sprintf("%s/seed%d", suite, s), func(t *testing.T) { runProperty(t, suite, uint64(s), blocks) })
	}
}
