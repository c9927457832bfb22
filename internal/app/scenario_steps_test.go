package app_test

import (
	"encoding/hex"
	"encoding/json"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// accessCode is the fixed access code of the scenario's land case.
const accessCode = "GOLD-EN00-0001"

func hexb(b []byte) string { return hex.EncodeToString(b) }

// sealedFixture stands in for sealed personal data: the chain stores the
// bytes opaquely, and fixed bytes keep the app hash stable run to run.
const sealedFixture = `{"ciphertext":"00ff00ff","wrapped_keys":{"nrb":"0011aabb"}}`

func landApply(parcel string) func(*apptest.Chain) any {
	return func(c *apptest.Chain) any {
		return json.RawMessage(`{"parcel":"` + parcel + `","use":"industrial","access_code_hash":"` + hexb(workflow.AccessCodeHash(c.Suite, accessCode)) +
			`","rating_token_hash":"` + hexb(workflow.RatingTokenHashFor(c.Suite, accessCode)) + `","personal_data":` + sealedFixture +
			`,"attachments":[{"kind":"application_form","hash":"` + hash64 + `"},{"kind":"site_plan","hash":"` + hash64 + `"}]}`)
	}
}

func act(who, caseNo, stepName, action string) step {
	return step{who, "workflow", "act", raw(`{"case":"` + caseNo + `","step":"` + stepName + `","action":"` + action + `","opinion":"同意"}`)}
}

func sample(who, name string) step {
	mod, action := splitName(name)
	return step{who, mod, action, raw(permissionSamples[name])}
}

// scenario is the golden scenario: every action of every module, in an
// order where each finds what it needs (a parcel before an application,
// a request before an answer).
func scenario() []step {
	return []step{
		// identity
		{"nrb-admin", "identity", "add_member", func(c *apptest.Chain) any {
			return json.RawMessage(`{"name":"golden-new","public_key":"` + hexb(apptest.Key(c.T, c.Suite, "golden-new").Public().Bytes()) + `","roles":["clerk"]}`)
		}},
		{"nrb-admin", "identity", "suspend_member", func(c *apptest.Chain) any {
			return map[string]string{"address": c.Addrs["nrb-observer"], "reason": "golden"}
		}},
		{"nrb-admin", "identity", "reinstate_member", func(c *apptest.Chain) any {
			return map[string]string{"address": c.Addrs["nrb-observer"], "reason": "golden"}
		}},
		{"nrb-admin", "identity", "set_roles", func(c *apptest.Chain) any {
			return map[string]any{"address": c.Addrs["nrb-observer"], "roles": []string{"observer", "reviewer"}}
		}},
		// notary
		sample("nrb-clerk", "notary/anchor"),
		// finance
		{"fin-finance", "finance", "create_budget_line", raw(`{"fiscal_year":2026,"department":"eeb","function_code":"2110302","economic_code":"30227","title":"水体","amount_fen":3600000000,"source":"` + hash64 + `","source_ref":"坪人大〔2026〕1号"}`)},
		{"fin-finance", "finance", "adjust_budget_line", raw(`{"line_id":"BL-2026-0001","delta_fen":300000000,"reason":"调整","source":"` + hash64 + `","source_ref":"坪财预〔2026〕18号"}`)},
		{"fin-finance", "finance", "allocate", raw(`{"line_id":"BL-2026-0001","project_code":"EEB-SZ-2026","project_name":"整治","amount_fen":2500000000}`)},
		{"fin-finance", "finance", "request_payment", raw(`{"allocation_id":"AL-2026-0001","amount_fen":48600000,"payee":{"name":"深圳市水务工程建设有限公司","kind":"organisation","account":"4000023409200123456","credit_code":"91440300192241234X"},"purpose":"进度款","contract_hash":"` + hash64 + `","invoice_hash":"` + hash64 + `","date":"2026-03-02"}`)},
		{"fin-approver", "finance", "approve_payment", raw(`{"payment_id":"PR-2026-000001","note":"同意"}`)},
		{"fin-finance", "finance", "disburse", raw(`{"payment_id":"PR-2026-000001","note":"GK2026000001"}`)},
		{"fin-finance", "finance", "refund", raw(`{"payment_id":"PR-2026-000001","amount_fen":1200000,"reason":"核减","receipt_hash":"` + hash64 + `"}`)},
		{"fin-finance", "finance", "request_payment", raw(`{"allocation_id":"AL-2026-0001","amount_fen":1000,"payee":{"name":"深圳市水务工程建设有限公司","kind":"organisation","account":"4000023409200123456","credit_code":"91440300192241234X"},"purpose":"第二笔","contract_hash":"` + hash64 + `","invoice_hash":"` + hash64 + `","date":"2026-03-02"}`)},
		{"fin-approver", "finance", "reject_payment", raw(`{"payment_id":"PR-2026-000002","reason":"缺少发票"}`)},
		{"fin-finance", "finance", "record_revenue", raw(`{"account_code":"1030148","source":"land_fee","reference":"PS-TD-2026-0012","payer":{"name":"深圳市坪山区鹏兴置业有限公司","kind":"organisation","credit_code":"91440300MA5F0X1Y2Z"},"amount_fen":18650000000,"doc_hash":"` + hash64 + `","date":"2026-03-01"}`)},
		{"fin-finance", "finance", "reverse", raw(`{"entry_id":"PR-2026-000001","reason":"银行退票"}`)},
		// disclosure
		sample("nrb-clerk", "disclosure/publish"),
		{"nrb-clerk", "disclosure", "amend", raw(`{"number":"NRB-2026-0001","amends":1,"title":"golden","category":"notice","body":"golden","effective_date":"2026-03-01","reason":"golden"}`)},
		// land + workflow
		{"nrb-admin", "workflow", "publish_definition", raw(`{}`)},
		{"nrb-clerk", "land", "register_parcel", raw(`{"id":"PS-2026-001","district":"坑梓街道","location":"青松路以东","area_m2":8000,"zoning":"industrial"}`)},
		{"gsd-gateway", "land", "apply", landApply("PS-2026-001")},
		{"gsd-gateway", "workflow", "supplement", raw(`{"case":"LAND-2026-000001","attachments":[{"kind":"site_plan","hash":"` + hash64 + `"}]}`)},
		act("nrb-clerk", "LAND-2026-000001", "accept", "accept"),
		act("nrb-reviewer", "LAND-2026-000001", "review", "approve"),
		act("eeb-reviewer", "LAND-2026-000001", "review", "approve"),
		act("hub-reviewer", "LAND-2026-000001", "review", "approve"),
		{"gsd-gateway", "workflow", "file_objection", raw(`{"case":"LAND-2026-000001","text":"golden"}`)},
		{"nrb-clerk", "workflow", "answer_objection", raw(`{"case":"LAND-2026-000001","objection":1,"answer":"golden"}`)},
		act("nrb-clerk", "LAND-2026-000001", "notice", "complete"),
		act("nrb-approver", "LAND-2026-000001", "decision", "approve"),
		{"fin-finance", "land", "record_fee", raw(`{"case":"LAND-2026-000001","amount_fen":125000000,"payer":{"name":"golden","kind":"organisation"}}`)},
		{"nrb-clerk", "land", "issue_permit", raw(`{"case":"LAND-2026-000001","doc_hash":"` + hash64 + `"}`)},
		{"gsd-gateway", "workflow", "open_case", raw(permissionSamples["workflow/open_case"])},
		// feedback
		sample("gsd-gateway", "feedback/submit"),
		{"gsd-gateway", "feedback", "rate", func(c *apptest.Chain) any {
			return json.RawMessage(`{"case_no":"LAND-2026-000001","level":"satisfied","rating_token":"` + hexb(workflow.RatingToken(c.Suite, accessCode)) + `"}`)
		}},
		sample("nrb-clerk", "feedback/reply"),
		sample("nrb-clerk", "feedback/close_task"),
		sample("nrb-admin", "feedback/hide"),
		// sharing
		sample("eeb-admin", "sharing/register_resource"),
		sample("nrb-clerk", "sharing/request"),
		sample("eeb-admin", "sharing/answer"),
		sample("gov-admin", "sharing/arbitrate"),
		sample("eeb-admin", "sharing/revoke"),
		sample("nrb-reviewer", "sharing/record_access"),
		sample("nrb-clerk", "sharing/attach_to_case"),
		sample("eeb-admin", "sharing/retire_resource"),
		// evaluation
		sample("gov-admin", "evaluation/publish_baseline"),
		sample("aud-auditor", "evaluation/publish_audit"),
		// participation
		{"nrb-clerk", "participation", "story_publish", raw(`{"case_no":"LAND-2026-000001","title_zh":"审批","title_en":"approval","body_zh":"正文","consent":true,"consent_hash":"` + hash64 + `"}`)},
		{"nrb-clerk", "participation", "story_withdraw", raw(`{"story":1,"reason":"撤回"}`)},
		{"nrb-clerk", "participation", "activity_announce", raw(`{"kind":"lecture","title_zh":"讲座","title_en":"lecture","description_zh":"讲解","place":"市民中心","start_unix":1790000000,"minutes":90,"capacity":30}`)},
		{"gsd-gateway", "participation", "signup", raw(`{"activity":1,"contact":` + sealedFixture + `,"cancel_hash":"` + hash64 + `"}`)},
		{"gsd-gateway", "participation", "signup_cancel", raw(`{"receipt":"BM-0011223344","cancel_code":"K7QF-2MZP-9XTD"}`)},
		{"nrb-clerk", "participation", "attendance", raw(`{"activity":1,"receipts":["BM-0011223344"]}`)},
		{"nrb-clerk", "participation", "activity_cancel", raw(`{"activity":1,"reason":"改期"}`)},
		{"gsd-gateway", "participation", "return_visit", raw(`{"task":"ZG-0011223344","rating_token":"` + hash64 + `","answer":"solved"}`)},
		// governance
		sample("gov-admin", "governance/propose"),
		sample("nrb-admin", "governance/vote"),
		sample("gov-admin", "governance/withdraw"),
		sample("gov-admin", "governance/freeze"),
		sample("nrb-admin", "governance/cosign_freeze"),
		sample("gov-admin", "governance/validator_attest"),
		sample("gov-admin", "governance/incident_open"),
		sample("gov-admin", "governance/incident_update"),
		sample("gov-admin", "governance/incident_close"),
		sample("gov-admin", "governance/incident_publish"),
	}
}

// refusalExpected lists actions the scenario cannot make succeed in a
// short run; each is sent anyway and its refusal code is pinned.
var refusalExpected = map[string]bool{}
