package scale

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// Counts are what the load has committed, by kind (every one a tx that
// succeeded; Failed counts those that did not).
type Counts struct {
	Waves       int   `json:"waves"`
	Txs         int64 `json:"txs"`
	Failed      int64 `json:"failed"`
	Parcels     int64 `json:"parcels"`
	Cases       int64 `json:"cases"`
	CaseSteps   int64 `json:"case_steps"`
	Ratings     int64 `json:"ratings"`
	Suggestions int64 `json:"suggestions"`
	Disclosures int64 `json:"disclosures"`
	Anchors     int64 `json:"anchors"`
	Sharing     int64 `json:"sharing_requests"`
}

// signed is one tx of a phase and what it counts as once committed.
type signed struct {
	raw  []byte
	kind *int64
}

// loadedCase is a case applied in this wave, with the code its applicant
// got; the number is read back from its parcel once the apply committed.
type loadedCase struct {
	parcel, code, number string
}

func digest(parts ...string) workflow.HexBytes {
	h := sha256.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum(nil)
}

var districts = []string{"坑梓街道", "龙田街道", "碧岭街道", "马峦街道", "石井街道", "坪山街道"}
var zonings = []string{"industrial", "residential", "commercial", "public", "mixed"}

// phaseA registers the wave's parcels and adds the records that do not
// depend on cases: suggestions, disclosures, anchors and sharing requests.
// Payments are the seed's fiscal year only: the chain accepts a budget line
// only within one year of the block time and no payment dated after it, so
// a load cannot add past years (see docs/benchmarks.md).
//
// wave is unique to this attempt (the height it started at), not the wave
// count: a wave cut short by an interrupt leaves committed parcels and
// anchors behind, and its retry must not collide with them.
func (s *signer) phaseA(c *Counts, wave int64, cases int) ([]signed, []loadedCase, error) {
	var out []signed
	add := func(who, mod, action string, p any, kind *int64) error {
		raw, err := s.sign(who, mod, action, p)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", mod, action, err)
		}
		out = append(out, signed{raw, kind})
		return nil
	}
	lc := make([]loadedCase, cases)
	for i := range cases {
		id := fmt.Sprintf("SC-%08d-%05d", wave, i)
		lc[i].parcel = id
		p := land.RegisterParcel{ID: id, District: districts[i%len(districts)], Location: fmt.Sprintf("批量地块 %d-%d", wave, i),
			AreaM2: 1000 + (wave*131+int64(i)*17)%40000, Zoning: zonings[i%len(zonings)]}
		if err := add("nrb-clerk", "land", "register_parcel", p, &c.Parcels); err != nil {
			return nil, nil, err
		}
	}
	for i := range cases / 2 {
		salt := hex.EncodeToString(digest("salt", fmt.Sprint(wave, i))[:16])
		p := feedback.Submit{Kind: feedback.KindSuggestion, Department: s.depts[i%len(s.depts)], Subject: fmt.Sprintf("建议 %d-%d", wave, i),
			Text: "希望延长政务服务中心周末办理时间，方便上班族办理业务。", Salt: salt, Anonymous: true}
		if err := add("gsd-gateway", "feedback", "submit", p, &c.Suggestions); err != nil {
			return nil, nil, err
		}
	}
	for i := range max(cases/10, 1) {
		p := disclosure.Publish{Title: fmt.Sprintf("关于批量公开事项的通知（第 %d-%d 号）", wave, i), Category: disclosure.Categories()[i%len(disclosure.Categories())],
			Body: "根据有关规定，现将有关事项公告如下。", EffectiveDate: "2026-01-01"}
		if err := add("nrb-clerk", "disclosure", "publish", p, &c.Disclosures); err != nil {
			return nil, nil, err
		}
	}
	for i := range cases {
		who := s.clients[(int(wave)*cases+i)%len(s.clients)]
		p := notary.Anchor{DocHash: module.HashOf(digest("anchor", fmt.Sprint(wave, i))), Title: "bench", Category: "scale"}
		if err := add(who, "notary", "anchor", p, &c.Anchors); err != nil {
			return nil, nil, err
		}
	}
	for range max(cases/50, 1) {
		p := sharing.RequestData{Resource: "nrb-parcel-registry", Fields: []string{"parcel_id", "location", "area_m2", "zoning"},
			Purpose: "环评审批：核对宗地位置与用途", DurationDays: 90}
		if err := add("eeb-reviewer", "sharing", "request", p, &c.Sharing); err != nil {
			return nil, nil, err
		}
	}
	return out, lc, nil
}

// phaseB files one application per parcel (the gateway, as the portal
// does), personal data sealed to the process's departments.
func (s *signer) phaseB(c *Counts, wave int64, lc []loadedCase) ([]signed, error) {
	out := make([]signed, 0, len(lc))
	for i := range lc {
		id := residentID(fmt.Sprintf("44030719850315%03d", i%1000))
		p, code, err := land.NewApplicationFor(s.suite, s.depts, s.encKeys, lc[i].parcel, "",
			workflow.PersonalData{Name: fmt.Sprintf("申请人%d-%d", wave, i), IDNumber: id, Phone: "13800000000"},
			[]workflow.Attachment{{Kind: "application_form", Hash: digest("申请表", lc[i].parcel)}, {Kind: "site_plan", Hash: digest("宗地图", lc[i].parcel)}})
		if err != nil {
			return nil, err
		}
		lc[i].code = code
		raw, err := s.sign("gsd-gateway", "land", "apply", p)
		if err != nil {
			return nil, err
		}
		out = append(out, signed{raw, &c.Cases})
	}
	return out, nil
}

// phaseC moves cases on: every second case is refused at acceptance (and
// is then closed, so its applicant can rate it), every fourth is accepted
// and stays in review; the rest wait at acceptance.
func (s *signer) phaseC(c *Counts, lc []loadedCase) ([]signed, error) {
	var out []signed
	for i, k := range lc {
		var req workflow.ActRequest
		switch {
		case i%2 == 0:
			req = workflow.ActRequest{Case: k.number, Step: "accept", Action: "reject", Opinion: "申请用途与控制性详细规划不符，不予受理"}
		case i%4 == 1:
			req = workflow.ActRequest{Case: k.number, Step: "accept", Action: "accept", Opinion: "材料齐全，予以受理"}
		default:
			continue
		}
		raw, err := s.sign("nrb-clerk", "workflow", "act", req)
		if err != nil {
			return nil, err
		}
		out = append(out, signed{raw, &c.CaseSteps})
	}
	return out, nil
}

// phaseD rates the refused cases with their applicants' rating tokens.
func (s *signer) phaseD(c *Counts, lc []loadedCase) ([]signed, error) {
	var out []signed
	for i, k := range lc {
		if i%2 != 0 {
			continue
		}
		p := feedback.Rate{CaseNo: k.number, Level: feedback.Levels()[(i/2)%len(feedback.Levels())],
			RatingToken: hex.EncodeToString(workflow.RatingToken(s.suite, k.code))}
		raw, err := s.sign("gsd-gateway", "feedback", "rate", p)
		if err != nil {
			return nil, err
		}
		out = append(out, signed{raw, &c.Ratings})
	}
	return out, nil
}

// residentID completes 17 digits with their GB 11643 check digit.
func residentID(d17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, r := range d17 {
		sum += int(r-'0') * w[i]
	}
	return d17 + string("10X98765432"[sum%11])
}
