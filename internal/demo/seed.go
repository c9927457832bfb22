// Package demo seeds a development chain with a realistic history through
// real, signed transactions: land parcels and cases in every interesting
// state, and a year of public finance. Nothing is written into state
// directly. The chain's genesis time lies in the past and the first batch
// of transactions rides in block 1, at genesis time, so cases have an age:
// one is overdue, one has passed its public notice period.
package demo

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"regexp"
	"time"

	"github.com/pingshan/govchain/internal/demo/financeyear"
	"github.com/pingshan/govchain/internal/module"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/tx"
)

// History is how far in the past a dev chain's genesis lies.
const History = 90 * 24 * time.Hour

// Case is a seeded case a newcomer can track (written to demo.json).
type Case struct {
	Number     string `json:"number"`
	AccessCode string `json:"access_code"`
	State      string `json:"state"`
	Parcel     string `json:"parcel"`
}

// Plan is the seed: Block1 goes into the mempool before consensus starts,
// Later is submitted once the node runs.
type Plan struct {
	Block1 [][]byte
	Later  [][]byte
	Cases  []Case
	// PersonalData is every piece of personal data the seed sealed
	// (applicants' names, ID numbers, phones; payees' names and bank
	// accounts): none of it may appear in public state or answers.
	PersonalData []string
}

type signer struct {
	suite   cryptosuite.Suite
	chainID string
	kr      *keyring.Keyring
	keys    map[string]cryptosuite.PrivateKey
	seqs    map[string]uint64
}

func (s *signer) sign(name, mod, action string, payload any) ([]byte, error) {
	k, ok := s.keys[name]
	if !ok {
		var err error
		if k, err = s.kr.Load(name, ""); err != nil {
			return nil, fmt.Errorf("demo key %s: %w", name, err)
		}
		s.keys[name] = k
	}
	pb, ok := payload.([]byte)
	if !ok {
		var err error
		if pb, err = json.Marshal(payload); err != nil {
			return nil, err
		}
	}
	raw, err := tx.Build(k, cryptosuite.Address(s.suite, k.Public()), s.chainID, s.seqs[name], mod, action, pb)
	if err != nil {
		return nil, err
	}
	s.seqs[name]++
	return raw, nil
}

func hashOf(parts ...string) workflow.HexBytes {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

var cst = module.CST()

// creditCode is an organisation's 统一社会信用代码 (it has letters or a
// leading registry digit); a resident ID is 17 digits and a check digit.
var creditCode = regexp.MustCompile(`^[0-9A-Z]{18}$`)
var residentID = regexp.MustCompile(`^[0-9]{17}[0-9X]$`)

// Build prepares the seed for a freshly generated dev home.
func Build(h node.Home) (*Plan, error) {
	gen, err := types.GenesisDocFromFile(h.GenesisFile())
	if err != nil {
		return nil, err
	}
	st, err := app.ParseAppState(gen.AppState)
	if err != nil {
		return nil, err
	}
	s, err := cryptosuite.ByName(st.Suite)
	if err != nil {
		return nil, err
	}
	kr, err := keyring.Open(h.KeyringDir(), s)
	if err != nil {
		return nil, err
	}
	sg := &signer{suite: s, chainID: gen.ChainID, kr: kr, keys: map[string]cryptosuite.PrivateKey{}, seqs: map[string]uint64{}}
	encKeys := map[string][]byte{}
	for _, d := range st.Identity.Departments {
		encKeys[d.ID] = d.EncryptionKey
	}
	def, err := land.Process()
	if err != nil {
		return nil, err
	}
	fp, err := finance.GenesisParams(st.Modules["finance"])
	if err != nil {
		return nil, err
	}
	// Payees are sealed here, on the client, as the console and the CLI
	// seal them: the chain never sees the demo year's names or accounts.
	payees, err := finance.NewPayeeSealerFor(s, fp.PayeeReaders, encKeys)
	if err != nil {
		return nil, err
	}
	b := &builder{sg: sg, suite: s, depts: def.Departments(), encKeys: encKeys, payees: payees, plan: &Plan{}}
	t0 := gen.GenesisTime.In(cst)
	b.seed(t0.Year(), time.Now().In(cst).Year())
	return b.plan, b.err
}

type builder struct {
	sg      *signer
	suite   cryptosuite.Suite
	depts   []string
	encKeys map[string][]byte
	payees  *finance.PayeeSealer
	plan    *Plan
	later   bool
	err     error
}

func (b *builder) add(who, mod, action string, payload any) {
	if b.err != nil {
		return
	}
	raw, err := b.sg.sign(who, mod, action, payload)
	if err != nil {
		b.err = err
		return
	}
	if b.later {
		b.plan.Later = append(b.plan.Later, raw)
	} else {
		b.plan.Block1 = append(b.plan.Block1, raw)
	}
}

// apply files an online application and returns its access code.
func (b *builder) apply(parcel, name, id, phone string) string {
	if b.err != nil {
		return ""
	}
	b.plan.PersonalData = append(b.plan.PersonalData, name, phone)
	if residentID.MatchString(id) || !creditCode.MatchString(id) {
		// An organisation's unified social credit code is public by law
		// (and names it as a land fee payer); a person's ID number is not.
		b.plan.PersonalData = append(b.plan.PersonalData, id)
	}
	p, code, err := land.NewApplicationFor(b.suite, b.depts, b.encKeys, parcel, "",
		workflow.PersonalData{Name: name, IDNumber: id, Phone: phone},
		[]workflow.Attachment{{Kind: "application_form", Hash: hashOf("申请表", parcel)}, {Kind: "site_plan", Hash: hashOf("宗地图", parcel)}})
	if err != nil {
		b.err = err
		return ""
	}
	b.add("gsd-gateway", "land", "apply", p)
	return code
}

func (b *builder) act(who, no, step, action, opinion string, att ...workflow.Attachment) {
	b.add(who, "workflow", "act", workflow.ActRequest{Case: no, Step: step, Action: action, Opinion: opinion, Attachments: att})
}

func (b *builder) review(no string) {
	b.act("nrb-clerk", no, "accept", "accept", "材料齐全，予以受理")
	b.act("nrb-reviewer", no, "review", "approve", "符合国土空间规划")
	b.act("eeb-reviewer", no, "review", "approve", "环评意见：同意", workflow.Attachment{Kind: "environmental_opinion", Hash: hashOf("环评批复", no)})
	b.act("hub-reviewer", no, "review", "approve", "符合建设条件")
}

func caseNo(year, n int) string { return fmt.Sprintf("LAND-%d-%06d", year, n) }

func (b *builder) seed(y1, yNow int) {
	parcels := []land.RegisterParcel{
		{ID: "PS-G01-0101", District: "坑梓街道", Location: "青松路与秀沙路交汇处东北侧", AreaM2: 12800, Zoning: "industrial"},
		{ID: "PS-G02-0207", District: "龙田街道", Location: "锦绣中路南侧", AreaM2: 5600, Zoning: "residential"},
		{ID: "PS-G03-0315", District: "碧岭街道", Location: "沙湖片区深汕路西侧", AreaM2: 6400, Zoning: "commercial"},
		{ID: "PS-G04-0422", District: "马峦街道", Location: "江岭社区工业园", AreaM2: 9100, Zoning: "industrial"},
		{ID: "PS-G05-0530", District: "石井街道", Location: "田头社区金牛路北侧", AreaM2: 31000, Zoning: "public"},
		{ID: "PS-G06-0611", District: "坪山街道", Location: "东门片区", AreaM2: 4200, Zoning: "mixed"},
	}
	for _, p := range parcels {
		b.add("nrb-clerk", "land", "register_parcel", p)
	}
	// A year of public finance, closed before the chain's history begins.
	year := financeyear.DemoYear(int64(y1), y1-1)
	b.plan.PersonalData = append(b.plan.PersonalData, financeyear.DemoPersonalData(year)...)
	for _, d := range year {
		payload, err := b.payees.SealPayload(d.Module, d.Action, d.Payload)
		if err != nil {
			b.err = err
			return
		}
		b.add(d.Signer, d.Module, d.Action, payload)
	}

	// The data sharing catalogue (docs/data-sharing.md).
	b.seedSharing(false)
	// The pre-platform baseline the dashboard compares with (docs/evaluation.md).
	b.seedBaselines(y1 - 1)

	// Block 1, at genesis time (90 days ago).
	overdueCode := b.apply("PS-G02-0207", "王建国", "440307198503150019", "13912345678")
	overdue := caseNo(y1, 1)
	doneCode := b.apply("PS-G03-0315", "深圳市坪山湾区实业有限公司（法定代表人 李明）", "91440300MA5F7XY12G", "0755-84612345")
	done := caseNo(y1, 2)
	b.review(done) // its public notice starts 90 days ago and has long ended
	rejCode := b.apply("PS-G04-0422", "陈晓红", "440307199107220040", "13600001111")
	rejected := caseNo(y1, 3)
	b.act("nrb-clerk", rejected, "accept", "reject", "申请用途与控制性详细规划不符，不予受理")

	// Later blocks, now.
	b.later = true
	b.act("nrb-clerk", done, "notice", "complete", "公示期满，无异议")
	b.act("nrb-approver", done, "decision", "approve", "准予建设用地许可")
	b.add("nrb-clerk", "land", "issue_permit", land.IssuePermit{Case: done, DocHash: module.HashOf(hashOf("建设用地批准书", done))})
	b.add("fin-officer", "land", "record_fee", land.RecordFee{Case: done, AmountFen: 38_400_000_00,
		Payer: finance.Payee{Name: "深圳市坪山湾区实业有限公司", Kind: "organisation", CreditCode: "91440300MA5F7XY12G"}})
	n := 3
	if yNow != y1 {
		n = 0
	}
	noticeCode := b.apply("PS-G01-0101", "刘志强", "440307197811300037", "13798765432")
	n++
	notice := caseNo(yNow, n)
	b.review(notice)
	b.add("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: notice,
		Text: "该地块紧邻居民区，请说明噪声与交通影响的评估情况。"})
	reviewCode := b.apply("PS-G05-0530", "坪山区教育发展中心", "12440300MB2C33445B", "0755-89990000")
	n++
	review := caseNo(yNow, n)
	b.act("nrb-clerk", review, "accept", "accept", "材料齐全，予以受理")
	b.seedSharing(true)
	b.seedParticipation(done, time.Now())

	b.plan.Cases = []Case{
		{notice, noticeCode, "public_notice_with_objection", "PS-G01-0101"},
		{overdue, overdueCode, "overdue_at_acceptance", "PS-G02-0207"},
		{done, doneCode, "completed_with_permit", "PS-G03-0315"},
		{rejected, rejCode, "rejected", "PS-G04-0422"},
		{review, reviewCode, "in_parallel_review", "PS-G05-0530"},
	}
}
