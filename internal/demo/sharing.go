package demo

import (
	"encoding/json"
	"os"
	"path/filepath"

	"github.com/pingshan/govchain/internal/module/sharing"
)

// sharingResources are the dev chain's example catalogue: four real kinds
// of government data of the demo departments. Field names and types only:
// no data goes on chain.
func sharingResources() []struct {
	Admin string
	Res   sharing.RegisterResource
} {
	type entry = struct {
		Admin string
		Res   sharing.RegisterResource
	}
	f := func(name, typ string, personal bool) sharing.Field {
		return sharing.Field{Name: name, Type: typ, Personal: personal}
	}
	return []entry{
		{"eeb-admin", sharing.RegisterResource{ID: "eeb-eia-approvals", NameZH: "建设项目环境影响评价审批结果（按地块）",
			NameEN: "Environmental impact approvals by parcel", Description: "按宗地编号查询建设项目环评批复：批复文号、批复日期、审批结论、主要环保要求。",
			ShareClass: sharing.ClassConditional, LegalBasis: "《中华人民共和国环境影响评价法》第二十二条；《政务数据共享条例》第十三条",
			Frequency: "daily", Fields: []sharing.Field{f("parcel_id", "code", false), f("approval_no", "code", false),
				f("approval_date", "date", false), f("conclusion", "text", false), f("requirements", "text", false),
				f("applicant_name", "text", true), f("applicant_contact", "text", true)}}},
		{"hub-admin", sharing.RegisterResource{ID: "hub-enterprise-qualifications", NameZH: "建筑业企业资质信息",
			NameEN: "Construction enterprise qualifications", Description: "建筑业企业资质证书：企业名称、统一社会信用代码、资质类别及等级、证书编号、有效期。",
			ShareClass: sharing.ClassUnconditional, Frequency: "daily", OpenToPublic: true,
			Fields: []sharing.Field{f("enterprise_name", "text", false), f("credit_code", "code", false), f("qualification", "text", false),
				f("grade", "code", false), f("certificate_no", "code", false), f("valid_until", "date", false)}}},
		{"nrb-admin", sharing.RegisterResource{ID: "nrb-parcel-registry", NameZH: "宗地登记信息",
			NameEN: "Parcel registry", Description: "宗地编号、所在街道、坐落、面积（平方米）、规划用途；与链上 land 模块登记一致。",
			ShareClass: sharing.ClassUnconditional, Frequency: "realtime", OpenToPublic: true,
			Fields: []sharing.Field{f("parcel_id", "code", false), f("district", "text", false), f("location", "text", false),
				f("area_m2", "integer", false), f("zoning", "code", false)}}},
		{"fin-admin", sharing.RegisterResource{ID: "fin-payee-checks", NameZH: "财政收款人核验结果",
			NameEN: "Finance payee checks", Description: "核验收款人名称与账户是否一致、是否列入失信名单；只返回核验结论，不返回账户信息。",
			ShareClass: sharing.ClassConditional, LegalBasis: "《中华人民共和国预算法》；《财政部门监督办法》",
			Frequency: "realtime", Fields: []sharing.Field{{Name: "payee_name", Type: "text", Personal: true},
				{Name: "account_match", Type: "boolean"}, {Name: "blacklisted", Type: "boolean"}, {Name: "checked_at", Type: "datetime"}}}},
	}
}

// seedSharing registers the example catalogue in block 1 and, later, makes
// two requests: the housing bureau asks the ecology bureau for a parcel's
// environmental approval (conditional: pending, with its deadline) and the
// ecology bureau asks for parcel records (unconditional: granted at once).
func (b *builder) seedSharing(later bool) {
	if !later {
		for _, e := range sharingResources() {
			b.add(e.Admin, "sharing", "register_resource", e.Res)
		}
		return
	}
	b.add("hub-reviewer", "sharing", "request", sharing.RequestData{Resource: "eeb-eia-approvals",
		Fields: []string{"parcel_id", "approval_no", "conclusion"}, Purpose: "建设工程规划许可审查：核验地块环评批复",
		LegalBasis: "《建设工程质量管理条例》", DurationDays: 30})
	b.add("eeb-reviewer", "sharing", "request", sharing.RequestData{Resource: "nrb-parcel-registry",
		Fields: []string{"parcel_id", "location", "area_m2", "zoning"}, Purpose: "环评审批：核对宗地位置与用途", DurationDays: 90})
}

// eiaRows is the Ecology and Environment Bureau's example data behind
// eeb-eia-approvals on a dev chain: off chain, in a CSV file its node
// serves (the chain only ever sees hashes of deliveries).
const eiaRows = `parcel_id,approval_no,approval_date,conclusion,requirements,applicant_name,applicant_contact
PS-G01-0101,坪环批〔2026〕12号,2026-02-10,同意建设,施工期落实扬尘与噪声防治措施,刘志强,13798765432
PS-G03-0315,坪环批〔2025〕88号,2025-11-20,同意建设,雨污分流，配套建设污水预处理设施,深圳市坪山湾区实业有限公司,0755-84612345
PS-G05-0530,坪环批〔2026〕31号,2026-03-05,同意建设（附条件）,校园周边道路设置降噪设施,坪山区教育发展中心,0755-89990000
`

// WriteSharingSources gives a fresh dev home the ecology bureau's example
// data and the sources file that makes the dev node serve it
// (POST /api/v1/sharing/fetch), recording deliveries as eeb-reviewer.
// It returns the personal data the file holds, which must never appear on
// chain or in a public answer.
func WriteSharingSources(home string) ([]string, error) {
	dir := filepath.Join(home, "sharing-data")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	csvPath := filepath.Join(dir, "eeb-eia-approvals.csv")
	if err := os.WriteFile(csvPath, []byte(eiaRows), 0o600); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(map[string]any{"account": "eeb-reviewer",
		"sources": map[string]any{"eeb-eia-approvals": map[string]string{"kind": "csv", "path": csvPath}}}, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(home, "config", "sharing-sources.json"), append(b, '\n'), 0o600); err != nil {
		return nil, err
	}
	return []string{"刘志强", "13798765432"}, nil
}
