package financeyear

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
)

// clearRequest and clearRevenue are the payloads as a client writes them,
// the party in clear: the outer field hides the embedded one in JSON.
// PayeeSealer.SealPayload turns them into what the chain accepts.
type clearRequest struct {
	finance.RequestPayment
	Payee finance.PayeeData `json:"payee"`
}

type clearRevenue struct {
	finance.RecordRevenuePayload
	Payer finance.PayeeData `json:"payer"`
}

// DemoTx is one transaction of the demo year, to send in order through the
// real chain (`govchain tx` or a client.Signer), each after the previous
// one has committed. Payees and payers are in clear in Payload: pass it
// through PayeeSealer.SealPayload before signing, as every client does.
type DemoTx struct {
	Signer  string          `json:"signer"` // demo account name
	Module  string          `json:"module"`
	Action  string          `json:"action"`
	Payload json.RawMessage `json:"payload"`
	// ExpectID is the id the tx creates (its event's "id" attribute) on a
	// chain with no finance entries for that year yet; later txs refer to
	// it, so a seeder should stop if the chain says otherwise.
	ExpectID string `json:"expect_id,omitempty"`
	// Tag marks the requests of the seeded split-payment pattern ("split").
	Tag string `json:"tag,omitempty"`
}

// DemoAccount is a staff account the demo year needs beyond the network's
// demo accounts: each spending department's accountant, who files its
// payment requests.
type DemoAccount struct {
	Name       string
	Department string
	Roles      []string
}

// DemoStaff lists the accountants DemoYear signs payment requests with.
func DemoStaff() []DemoAccount {
	var out []DemoAccount
	for _, d := range demoDepts {
		if d.id != "fin" {
			out = append(out, DemoAccount{Name: d.requester, Department: d.id, Roles: []string{module.RoleFinance}})
		}
	}
	return out
}

// DemoYear is a realistic fiscal year for the demo departments, as
// transactions: budget lines, two adjustments, allocations, some 270
// payments with their approvals and disbursements, a rejected request, a
// refund, a reversal, one split-payment pattern for the red flags to catch,
// and a land fee. year should be a past year (payment dates may not be in
// the future); the same seed gives the same year. It assumes the default
// approval thresholds (finance.DefaultParams).
func DemoYear(seed int64, year int) []DemoTx { return demoYear(seed, year, true) }

// CleanYear is DemoYear with the split payments replaced by one properly
// approved payment of the same total: the red flags find nothing in it.
func CleanYear(seed int64, year int) []DemoTx { return demoYear(seed, year, false) }

type demoPayment struct {
	alloc, dept, requester, purpose string
	payee                           finance.PayeeData
	fen                             int64
	date                            string
	contract, invoice               module.Hash
	special, tag                    string // "reject", "refund", "reverse"; tag "split"
	order                           int
}

type demoGen struct {
	r       *rand.Rand
	year    int
	params  finance.Params
	out     []DemoTx
	seq     map[string]int
	used    map[string]bool   // dept|payee already given a project
	project map[string]string // allocation id → project code
	pays    []demoPayment
}

func demoHash(parts ...any) module.Hash {
	h := sha256.Sum256([]byte(fmt.Sprint(parts...)))
	return module.Hash(hex.EncodeToString(h[:]))
}

// demoDigits derives n digits from a name, so a payee keeps one account.
func demoDigits(name string, n int) string {
	h := sha256.Sum256([]byte(name))
	b := make([]byte, n)
	for i := range b {
		b[i] = '0' + h[i%32]%10
	}
	return string(b)
}

func demoOrg(name string) finance.PayeeData {
	h := sha256.Sum256([]byte("credit " + name))
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	code := []byte("91440300")
	for i := 0; len(code) < 18; i++ {
		code = append(code, alphabet[int(h[i])%len(alphabet)])
	}
	return finance.PayeeData{Name: name, Kind: finance.PayeeOrganisation, Account: "4000" + demoDigits(name, 15), CreditCode: string(code)}
}

func (g *demoGen) add(signer, action string, payload any, kind, tag string) string {
	b, err := json.Marshal(payload)
	if err != nil {
		panic(err) // our own literals
	}
	id := ""
	if kind != "" {
		g.seq[kind]++
		id = module.FormatYearNumber(kind, g.year, finance.IDWidth(kind), uint64(g.seq[kind]))
	}
	g.out = append(g.out, DemoTx{Signer: signer, Module: "finance", Action: action, Payload: b, ExpectID: id, Tag: tag})
	return id
}

func (g *demoGen) date(dayOfYear int) string {
	if dayOfYear > 363 {
		panic(fmt.Sprintf("demo date: day %d runs past the year", dayOfYear)) // the patterns are laid out to fit
	}
	return time.Date(g.year, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, dayOfYear).Format(time.DateOnly)
}

func (g *demoGen) between(lo, hi int64) int64 { return lo + g.r.Int64N(hi-lo+1) }

// split divides total fen into n parts of random weight, summing exactly.
func (g *demoGen) split(total int64, n int) []int64 {
	w := make([]int64, n)
	var sum int64
	for i := range w {
		w[i] = g.between(80, 120)
		sum += w[i]
	}
	parts := make([]int64, n)
	var given int64
	for i := range parts {
		parts[i] = total * w[i] / sum
		given += parts[i]
	}
	parts[n-1] += total - given
	return parts
}

func (g *demoGen) pick(dept, pool string) finance.PayeeData {
	var free []string
	for _, n := range demoPools[pool] {
		if !g.used[dept+"|"+n] {
			free = append(free, n)
		}
	}
	if len(free) == 0 {
		panic("demo pool " + pool + " exhausted for " + dept) // the tables above are sized for the patterns
	}
	n := free[g.r.IntN(len(free))]
	g.used[dept+"|"+n] = true
	return demoOrg(n)
}

func demoYear(seed int64, year int, withSplit bool) []DemoTx {
	g := &demoGen{r: rand.New(rand.NewPCG(uint64(seed), uint64(year))), year: year, params: finance.DefaultParams(),
		seq: map[string]int{}, used: map[string]bool{}, project: map[string]string{}}
	resolution := demoHash("坪山市", year, "年本级预算决议")
	lineIDs := map[string]string{}
	approved := map[string]int64{}
	for _, d := range demoDepts {
		for _, l := range d.lines {
			id := g.add("fin-officer", "create_budget_line", finance.CreateBudgetLine{FiscalYear: year, Department: d.id, FunctionCode: l.fn,
				EconomicCode: l.econ, Title: l.title, AmountFen: l.yuan * 100, Source: resolution,
				SourceRef: fmt.Sprintf("坪人大〔%d〕1号", year)}, finance.KindLine, "")
			lineIDs[d.id+l.fn+l.econ] = id
			approved[id] = l.yuan * 100
		}
	}
	for _, a := range demoAdjustments {
		id := lineIDs[a.dept+a.fn+a.econ]
		g.add("fin-officer", "adjust_budget_line", finance.AdjustBudgetLine{LineID: id, DeltaFen: a.deltaYuan * 100, Reason: a.reason,
			Source: demoHash("调整", id), SourceRef: fmt.Sprintf("坪财预〔%d〕18号", year)}, finance.KindAdjustment, "")
		approved[id] += a.deltaYuan * 100
	}
	for _, d := range demoDepts {
		for _, l := range d.lines {
			lineID := lineIDs[d.id+l.fn+l.econ]
			quota := approved[lineID] * g.between(930, 990) / 1000
			for _, p := range l.projects {
				if p.fixedYuan > 0 {
					quota -= p.fixedYuan * 100
				}
			}
			for _, p := range l.projects {
				fen := quota * p.permille / 1000 / 100 * 100 // whole yuan
				if p.fixedYuan > 0 {
					fen = p.fixedYuan * 100
				}
				allocID := g.add("fin-officer", "allocate", finance.Allocate{LineID: lineID, ProjectCode: fmt.Sprintf("%s-%d", p.code, year),
					ProjectName: p.name, AmountFen: fen, Source: demoHash("指标", p.code, year)}, finance.KindAllocation, "")
				g.project[allocID] = p.code
				g.plan(d, p, allocID, fen, withSplit)
			}
		}
	}
	g.markSpecials()
	sort.SliceStable(g.pays, func(i, j int) bool {
		if g.pays[i].date != g.pays[j].date {
			return g.pays[i].date < g.pays[j].date
		}
		return g.pays[i].order < g.pays[j].order
	})
	for _, p := range g.pays {
		g.emitPayment(p)
	}
	g.add("fin-officer", "record_revenue", clearRevenue{RecordRevenuePayload: finance.RecordRevenuePayload{AccountCode: "1030148", Source: "land_fee",
		Reference: fmt.Sprintf("PS-TD-%d-0012", year), AmountFen: 18_650_000_000,
		DocHash: demoHash("土地出让金缴款通知", year), Date: fmt.Sprintf("%d-09-18", year)}, Payer: demoOrg("深圳市坪山区鹏兴置业有限公司")}, finance.KindRevenue, "")
	return g.out
}

// plan lays out a project's payments over the year. Payments to one payee
// from one department are always 31 days or more apart, so an honest year
// never looks like a split.
func (g *demoGen) plan(d demoDept, p demoProject, allocID string, fen int64, withSplit bool) {
	target := fen * g.between(900, 980) / 1000
	contract := func(payee finance.PayeeData) module.Hash {
		if payee.Kind == finance.PayeeIndividual {
			return ""
		}
		return demoHash("合同", allocID, payee.Name)
	}
	add := func(payee finance.PayeeData, amount int64, day int, tag string) {
		n := len(g.pays)
		g.pays = append(g.pays, demoPayment{alloc: allocID, dept: d.id, requester: d.requester, purpose: p.purpose, payee: payee,
			fen: amount, date: g.date(day), contract: contract(payee), invoice: demoHash("发票", allocID, n), tag: tag, order: n})
	}
	switch p.pattern {
	case patMonthly:
		payee := g.pick(d.id, p.pool)
		start := int(g.between(7, 19))
		for i, amt := range g.split(target, 12) {
			add(payee, amt, start+31*i, "")
		}
	case patMilestones:
		payee := g.pick(d.id, p.pool)
		day := int(g.between(60, 120))
		parts := []int64{target * 30 / 100, target * 40 / 100}
		parts = append(parts, target-parts[0]-parts[1])
		for _, amt := range parts {
			add(payee, amt, day, "")
			day += int(g.between(60, 90))
		}
	case patVendors:
		vendors := int(g.between(3, 5))
		for _, share := range g.split(target, vendors) {
			payee := g.pick(d.id, p.pool)
			n := int(g.between(2, 4))
			day := int(g.between(10, 120))
			for _, amt := range g.split(share, n) {
				add(payee, amt, day, "")
				day += int(g.between(31, 75))
			}
		}
	case patExperts:
		people := g.r.Perm(len(demoPeople))
		next, left := 0, target
		for left > 0 && next < len(people) {
			name := demoPeople[people[next]]
			next++
			payee := finance.PayeeData{Name: name, Kind: finance.PayeeIndividual, Account: "6222" + demoDigits(d.id+name, 15)}
			day := int(g.between(20, 150))
			for range g.between(1, 3) {
				amt := min(left, g.between(1_500, 6_000)*100)
				add(payee, amt, day, "")
				left -= amt
				day += int(g.between(31, 90))
				if left == 0 {
					break
				}
			}
		}
	case patSingle:
		add(g.pick(d.id, p.pool), target, int(g.between(90, 240)), "")
	case patSplit:
		payee := demoOrg(demoSplitPayee)
		g.used[d.id+"|"+demoSplitPayee] = true
		if !withSplit {
			var total int64
			for _, f := range demoSplitFen {
				total += f
			}
			add(payee, total, dayOf(g.year, demoSplitDays[0]), "")
			break
		}
		for i, f := range demoSplitFen {
			add(payee, f, dayOf(g.year, demoSplitDays[i]), "split")
			// Each split piece comes with its own small contract: that is
			// what makes it look routine one payment at a time.
			g.pays[len(g.pays)-1].contract = demoHash("维修合同", i, g.year)
		}
	}
}

func dayOf(year int, mmdd string) int {
	t, _ := time.Parse(time.DateOnly, fmt.Sprintf("%d-%s", year, mmdd))
	return t.YearDay() - 1
}

// markSpecials picks the payments that show the other paths: gov's
// equipment purchase is reversed (bank returned it) and paid again, nrb's
// first office purchase is rejected for a missing invoice and filed
// again, and eeb's final river-works payment is partly refunded.
func (g *demoGen) markSpecials() {
	set := func(prefix, special string, last bool) {
		idx := -1
		for i, p := range g.pays {
			if g.project[p.alloc] == prefix {
				idx = i
				if !last {
					break
				}
			}
		}
		if idx >= 0 {
			g.pays[idx].special = special
		}
	}
	set("GOV-SB", "reverse", false)
	set("NRB-BG", "reject", false)
	set("EEB-SZ", "refund", true)
}

func (g *demoGen) approvers(fen int64) []string {
	req := finance.Required(g.params, fen)
	out := []string{"fin-officer2"}
	if req.FinanceBureau > 1 {
		out = append(out, "fin-director")
	}
	if req.Leader > 0 {
		out = append(out, "gov-approver")
	}
	return out
}

func (g *demoGen) request(p demoPayment, invoice module.Hash) string {
	return g.add(p.requester, "request_payment", clearRequest{RequestPayment: finance.RequestPayment{AllocationID: p.alloc, AmountFen: p.fen,
		Purpose: p.purpose, ContractHash: p.contract, InvoiceHash: invoice, Date: p.date}, Payee: p.payee}, finance.KindPayment, p.tag)
}

func (g *demoGen) approveAndPay(id string, fen int64) {
	for _, a := range g.approvers(fen) {
		g.add(a, "approve_payment", finance.PaymentRef{PaymentID: id}, "", "")
	}
	g.add("fin-officer", "disburse", finance.PaymentRef{PaymentID: id, Note: fmt.Sprintf("GK%d%06d", g.year, g.seq[finance.KindDisbursement]+1)}, finance.KindDisbursement, "")
}

func (g *demoGen) emitPayment(p demoPayment) {
	switch p.special {
	case "reject":
		id := g.request(p, "")
		g.add("fin-officer2", "reject_payment", finance.RejectPayment{PaymentID: id, Reason: "缺少发票，请补齐后重新申请"}, "", "")
	}
	id := g.request(p, p.invoice)
	g.approveAndPay(id, p.fen)
	switch p.special {
	case "refund":
		g.add("fin-officer", "refund", finance.RefundPayment{PaymentID: id, AmountFen: 1_200_000, Reason: "结算审核核减，施工单位退回多付工程款",
			ReceiptHash: demoHash("退款凭证", id)}, finance.KindRefund, "")
	case "reverse":
		g.add("fin-officer", "reverse", finance.Reverse{EntryID: id, Reason: "银行退票：收款账号有误"}, finance.KindReversal, "")
		p.payee.Account = "4000" + demoDigits("corrected "+p.payee.Name, 15)
		p.date = g.date(dayOf(g.year, p.date[5:]) + 5)
		again := g.request(p, p.invoice)
		g.approveAndPay(again, p.fen)
	}
}

// DemoPersonalData lists the personal data in a demo year's payloads:
// every individual payee's name and every bank account number, the
// fixtures a scan of public state must never find.
func DemoPersonalData(txs []DemoTx) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, tx := range txs {
		field, _, ok := finance.ClearPayeeField(tx.Module, tx.Action)
		if !ok {
			continue
		}
		var raw map[string]json.RawMessage
		var d finance.PayeeData
		if json.Unmarshal(tx.Payload, &raw) != nil || json.Unmarshal(raw[field], &d) != nil {
			continue
		}
		if d.Kind == finance.PayeeIndividual {
			add(d.Name)
		}
		add(d.Account)
	}
	return out
}
