package app_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// accessCode is the fixed access code of the scenario's land case.
const accessCode = "GOLD-EN00-0001"

type evFunc = func(typ, key string) string

func hexb(b []byte) string { return hex.EncodeToString(b) }

// sealedFixture stands in for sealed personal data: the chain stores the
// bytes opaquely, and fixed bytes keep the app hash stable run to run.
const sealedFixture = `{"ciphertext":"00ff00ff","wrapped_keys":{"nrb":"0011aabb"}}`

// payee is an individual's masked name with fixed sealed bytes for the
// two entitled readers (finance and audit).
const payee = `{"name":"宋*","kind":"individual","commitment":"` + hash64 + `","sealed":{"ciphertext":"abcd","wrapped_keys":{"fin":"abcd","aud":"abcd"}}}`

// sealedForLand is sealed personal data for every department of the land
// process.
const sealedForLand = `{"ciphertext":"00ff00ff","wrapped_keys":{"eeb":"01","fin":"02","gov":"03","hub":"04","nrb":"05"}}`

func landApply(c *apptest.Chain, _ evFunc) any {
	return json.RawMessage(`{"parcel":"PS-2026-001","use":"industrial","access_code_hash":"` + hexb(workflow.AccessCodeHash(c.Suite, accessCode)) +
		`","rating_token_hash":"` + hexb(workflow.RatingTokenHashFor(c.Suite, accessCode)) + `","personal_data":` + sealedForLand +
		`,"attachments":[{"kind":"application_form","hash":"` + hash64 + `"},{"kind":"site_plan","hash":"` + hash64 + `"}]}`)
}

// soloProcess is a process of nrb alone, which nrb's admin publishes
// without a proposal.
const soloProcess = `{"id":"nrb-filing","owner":"nrb","prefix":"FIL","name_zh":"备案","name_en":"Filing","start":"accept","steps":[` +
	`{"id":"accept","kind":"task","name_zh":"受理","name_en":"Acceptance","department":"nrb","roles":["clerk"],"time_limit_days":5,"actions":["accept","reject"],"next":{"pass":"done","reject":"rejected"}},` +
	`{"id":"done","kind":"end","name_zh":"办结","name_en":"Done","outcome":"approved"},` +
	`{"id":"rejected","kind":"end","name_zh":"不予","name_en":"Rejected","outcome":"rejected"}]}`

// caseNo is the land case the application opened.
func caseNo(ev evFunc) string { return ev("land.applied", "case") }

func act(who, stepName, action string) step {
	return step{who: who, module: "workflow", action: "act", payload: func(_ *apptest.Chain, ev evFunc) any {
		return json.RawMessage(`{"case":"` + caseNo(ev) + `","step":"` + stepName + `","action":"` + action + `","opinion":"同意"}`)
	}}
}

func js(who, mod, action, payload string) step {
	return step{who: who, module: mod, action: action, payload: raw(payload)}
}

func fn(who, mod, action string, f func(c *apptest.Chain, ev evFunc) any) step {
	return step{who: who, module: mod, action: action, payload: f}
}

// scenario is the golden scenario: every action of every module, in an
// order where each finds what it needs (a parcel before an application,
// a completed case before a rating).
func scenario() []step {
	return []step{
		// identity
		fn("nrb-admin", "identity", "add_member", func(c *apptest.Chain, _ evFunc) any {
			return json.RawMessage(`{"name":"golden-new","public_key":"` + hexb(apptest.Key(c.T, c.Suite, "golden-new").Public().Bytes()) + `","roles":["clerk"]}`)
		}),
		fn("nrb-admin", "identity", "suspend_member", func(c *apptest.Chain, _ evFunc) any {
			return map[string]string{"address": c.Addrs["nrb-observer"], "reason": "golden"}
		}),
		fn("nrb-admin", "identity", "reinstate_member", func(c *apptest.Chain, _ evFunc) any {
			return map[string]string{"address": c.Addrs["nrb-observer"], "reason": "golden"}
		}),
		fn("nrb-admin", "identity", "set_roles", func(c *apptest.Chain, _ evFunc) any {
			return map[string]any{"address": c.Addrs["nrb-observer"], "roles": []string{"observer", "reviewer"}}
		}),
		// notary
		js("nrb-clerk", "notary", "anchor", `{"doc_hash":"`+hash64+`","title":"matrix"}`),
		// finance: a line, an allocation, a payment through approval,
		// disbursement, refund and reversal; a second payment rejected.
		js("fin-finance", "finance", "create_budget_line", `{"fiscal_year":2026,"department":"fin","function_code":"2110302","economic_code":"30227","title":"水体","amount_fen":3600000000,"source":"`+hash64+`","source_ref":"坪人大〔2026〕1号"}`),
		js("fin-finance", "finance", "adjust_budget_line", `{"line_id":"BL-2026-0001","delta_fen":300000000,"reason":"调整","source":"`+hash64+`","source_ref":"坪财预〔2026〕18号"}`),
		js("fin-finance", "finance", "allocate", `{"line_id":"BL-2026-0001","project_code":"EEB-SZ-2026","project_name":"整治","amount_fen":2500000000}`),
		js("fin-finance", "finance", "request_payment", `{"allocation_id":"AL-2026-0001","amount_fen":48600000,"payee":`+payee+`,"purpose":"进度款","contract_hash":"`+hash64+`","invoice_hash":"`+hash64+`","date":"2026-03-02"}`),
		js("fin-approver", "finance", "approve_payment", `{"payment_id":"PR-2026-000001","note":"同意"}`),
		js("fin-finance", "finance", "disburse", `{"payment_id":"PR-2026-000001","note":"GK2026000001"}`),
		js("fin-finance", "finance", "refund", `{"payment_id":"PR-2026-000001","amount_fen":1200000,"reason":"核减","receipt_hash":"`+hash64+`"}`),
		js("fin-finance", "finance", "reverse", `{"entry_id":"PR-2026-000001","reason":"银行退票"}`),
		js("fin-finance", "finance", "request_payment", `{"allocation_id":"AL-2026-0001","amount_fen":1000,"payee":`+payee+`,"purpose":"第二笔","contract_hash":"`+hash64+`","invoice_hash":"`+hash64+`","date":"2026-03-02"}`),
		js("fin-approver", "finance", "reject_payment", `{"payment_id":"PR-2026-000002","reason":"缺少发票"}`),
		js("fin-finance", "finance", "record_revenue", `{"account_code":"1030148","source":"land_fee","reference":"PS-TD-2026-0012","payer":{"name":"深圳市坪山区鹏兴置业有限公司","kind":"organisation","credit_code":"91440300MA5F0X1Y2Z"},"amount_fen":18650000000,"doc_hash":"`+hash64+`","date":"2026-03-01"}`),
		// disclosure
		js("nrb-clerk", "disclosure", "publish", `{"title":"matrix","category":"notice","body":"matrix","effective_date":"2026-03-01"}`),
		js("nrb-clerk", "disclosure", "amend", `{"number":"nrb-2026-0001","amends":1,"title":"golden","category":"notice","body":"golden","effective_date":"2026-03-01","reason":"golden"}`),
		// workflow + land: nrb publishes a process of its own alone; the
		// land process, which involves five departments, gets its next
		// version by a process proposal the committee passes; then one
		// case from application to permit, with a supplement and an
		// objection.
		js("nrb-admin", "workflow", "publish_definition", `{"definition":`+soloProcess+`}`),
		fn("nrb-admin", "governance", "propose", func(c *apptest.Chain, _ evFunc) any {
			d, err := land.Process()
			if err != nil {
				c.T.Fatal(err)
			}
			return map[string]any{"type": governance.TypeProcess, "payload": d, "summary": "golden"}
		}),
		voteYes("gov-admin"), voteYes("fin-admin"), voteYes("eeb-admin"), voteYes("hub-admin"),
		js("nrb-clerk", "land", "register_parcel", `{"id":"PS-2026-001","district":"坑梓街道","location":"青松路以东","area_m2":8000,"zoning":"industrial"}`),
		fn("gsd-gateway", "land", "apply", landApply),
		act("nrb-clerk", "accept", "return"),
		fn("gsd-gateway", "workflow", "supplement", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case":"` + caseNo(ev) + `","attachments":[{"kind":"site_plan","hash":"` + hash64 + `"}]}`)
		}),
		act("nrb-clerk", "accept", "accept"),
		// sharing while nrb reviews the case: a grant used and attached
		// to the case (revoked below).
		js("eeb-admin", "sharing", "register_resource", `{"id":"eeb-eia-approvals","name_zh":"环评审批结果","name_en":"EIA approvals","description":"环评批复","fields":[{"name":"parcel_id","type":"code"},{"name":"conclusion","type":"text"},{"name":"applicant_name","type":"text","personal":true}],"share_class":"conditional","legal_basis":"《环境影响评价法》","update_frequency":"daily"}`),
		fn("nrb-clerk", "sharing", "request", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"resource":"eeb-eia-approvals","fields":["parcel_id","conclusion"],"purpose":"审查","case_no":"` + caseNo(ev) + `","duration_days":30}`)
		}),
		fn("eeb-admin", "sharing", "answer", func(c *apptest.Chain, _ evFunc) any {
			return map[string]any{"request": 1, "decision": "grant", "fields": []string{"parcel_id", "conclusion"},
				"valid_until": c.Now().Add(20 * 24 * time.Hour).Truncate(time.Hour), "max_uses": 10}
		}),
		js("eeb-reviewer", "sharing", "record_access", `{"grant":1,"fields":["parcel_id","conclusion"],"purpose":"审查","delivered_hash":"`+hash64+`"}`),
		fn("nrb-clerk", "sharing", "attach_to_case", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case":"` + caseNo(ev) + `","access":1}`)
		}),
		act("nrb-reviewer", "review", "approve"),
		fn("eeb-reviewer", "workflow", "act", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case":"` + caseNo(ev) + `","step":"review","action":"approve","opinion":"同意","attachments":[{"kind":"environmental_opinion","hash":"` + hash64 + `"}]}`)
		}),
		act("hub-reviewer", "review", "approve"),
		fn("gsd-gateway", "workflow", "file_objection", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case":"` + caseNo(ev) + `","text":"golden"}`)
		}),
		fn("nrb-clerk", "workflow", "answer_objection", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case":"` + caseNo(ev) + `","objection":1,"outcome":"upheld","answer":"golden"}`)
		}),
		{who: "nrb-clerk", module: "workflow", action: "act", payload: act("", "notice", "complete").payload, advance: 8 * 24 * time.Hour},
		act("nrb-approver", "decision", "approve"),
		fn("nrb-clerk", "land", "issue_permit", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case":"` + caseNo(ev) + `","doc_hash":"` + hash64 + `"}`)
		}),
		fn("fin-finance", "land", "record_fee", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case":"` + caseNo(ev) + `","amount_fen":125000000,"payer":{"name":"golden","kind":"organisation"}}`)
		}),
		fn("gsd-gateway", "workflow", "open_case", func(c *apptest.Chain, _ evFunc) any {
			return json.RawMessage(`{"definition":"land-use","fields":{"parcel_id":"PS-2026-002","area_m2":100},"access_code_hash":"` + hash64 +
				`","rating_token_hash":"` + hash64 + `","personal_data":` + sealedForLand + `}`)
		}),
		// feedback: a suggestion replied to and hidden; a dissatisfied
		// rating of the closed case opens a task, closed, then visited.
		js("gsd-gateway", "feedback", "submit", `{"kind":"suggestion","department":"nrb","subject":"matrix","text":"matrix","salt":"00112233445566778899aabbccddeeff","anonymous":true}`),
		fn("nrb-clerk", "feedback", "reply", func(_ *apptest.Chain, ev evFunc) any {
			return map[string]string{"receipt": ev("feedback.submitted", "receipt"), "text": "golden"}
		}),
		fn("nrb-admin", "feedback", "hide", func(_ *apptest.Chain, ev evFunc) any {
			return map[string]string{"receipt": ev("feedback.submitted", "receipt"), "reason": "golden"}
		}),
		fn("gsd-gateway", "feedback", "rate", func(c *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case_no":"` + caseNo(ev) + `","level":"dissatisfied","rating_token":"` + hexb(workflow.RatingToken(c.Suite, accessCode)) + `"}`)
		}),
		fn("nrb-clerk", "feedback", "close_task", func(_ *apptest.Chain, ev evFunc) any {
			return map[string]string{"task": "ZG-" + after(ev("feedback.rated", "receipt")), "text": "golden"}
		}),
		fn("gsd-gateway", "participation", "return_visit", func(c *apptest.Chain, ev evFunc) any {
			return map[string]string{"task": "ZG-" + after(ev("feedback.rated", "receipt")), "rating_token": hexb(workflow.RatingToken(c.Suite, accessCode)), "answer": "solved"}
		}),
		// sharing: a grant used, attached to the case and revoked; a
		// refusal with a legal basis goes to arbitration.
		js("eeb-admin", "sharing", "revoke", `{"grant":1,"reason":"golden"}`),
		js("nrb-clerk", "sharing", "request", `{"resource":"eeb-eia-approvals","fields":["parcel_id"],"purpose":"审查","duration_days":30}`),
		js("eeb-admin", "sharing", "answer", `{"request":2,"decision":"refuse","reason":"fields_excess","reason_text":"golden"}`),
		js("eeb-admin", "sharing", "register_resource", `{"id":"eeb-closed","name_zh":"不共享","name_en":"not shared","description":"不共享","fields":[{"name":"a","type":"text"}],"share_class":"none","legal_basis":"《保密法》","update_frequency":"daily"}`),
		js("nrb-clerk", "sharing", "request", `{"resource":"eeb-closed","fields":["a"],"purpose":"审查","legal_basis":"《建设工程质量管理条例》","duration_days":30}`),
		js("gsd-admin", "sharing", "arbitrate", `{"request":3,"decision":"refuse","reason":"other","reason_text":"golden"}`),
		js("eeb-admin", "sharing", "retire_resource", `{"id":"eeb-eia-approvals","reason":"golden"}`),
		// evaluation
		js("gsd-admin", "evaluation", "publish_baseline", `{"process":"land-use","department":"nrb","figure":"approval_rate","value":9000,"scale":"basis_point","period":"2024","source_hash":"`+hash64+`","source_title":"matrix"}`),
		js("aud-auditor", "evaluation", "publish_audit", `{"node_department":"aud","from_height":1,"to_height":1,"checks":[{"name":"blocks","count":1}],"findings":0,"report_hash":"`+hash64+`"}`),
		js("nrb-admin", "evaluation", "publish_accesses", `{"month":"2025-12","from_seq":1,"to_seq":2,"head":"`+hash64+`"}`),
		// participation: a story of the closed case; an activity with two
		// sign-ups, one cancelled, attendance after the start; a second
		// activity cancelled.
		fn("nrb-clerk", "participation", "story_publish", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"case_no":"` + caseNo(ev) + `","title_zh":"审批","title_en":"approval","body_zh":"正文","consent":true,"consent_hash":"` + hash64 + `"}`)
		}),
		js("nrb-clerk", "participation", "story_withdraw", `{"story":1,"reason":"撤回"}`),
		fn("nrb-clerk", "participation", "activity_announce", func(c *apptest.Chain, _ evFunc) any {
			return json.RawMessage(`{"kind":"lecture","title_zh":"讲座","title_en":"lecture","description_zh":"讲解","place":"市民中心","start_unix":` +
				fmt.Sprint(c.Now().Add(time.Hour).Unix()) + `,"minutes":90,"capacity":30}`)
		}),
		fn("gsd-gateway", "participation", "signup", signup("CODE-A")),
		fn("gsd-gateway", "participation", "signup_cancel", func(_ *apptest.Chain, ev evFunc) any {
			return map[string]string{"receipt": ev("participation.signed_up", "receipt"), "cancel_code": "CODE-A"}
		}),
		fn("gsd-gateway", "participation", "signup", func(c *apptest.Chain, ev evFunc) any {
			// With the keyed participant hash the gateway adds.
			return json.RawMessage(`{"activity":1,"contact":` + sealedFixture + `,"cancel_hash":"` + hexb(participation.CancelHash(c.Suite, "CODE-B")) +
				`","participant":"` + hash64 + `"}`)
		}),
		{who: "nrb-clerk", module: "participation", action: "attendance", advance: 2 * time.Hour, payload: func(_ *apptest.Chain, ev evFunc) any {
			return map[string]any{"activity": 1, "receipts": []string{ev("participation.signed_up", "receipt")}}
		}},
		js("nrb-clerk", "participation", "activity_announce", `{"kind":"lecture","title_zh":"讲座二","title_en":"lecture 2","description_zh":"讲解","place":"市民中心","start_unix":1790000000,"minutes":90,"capacity":30}`),
		js("nrb-clerk", "participation", "activity_cancel", `{"activity":2,"reason":"改期"}`),
		// governance: a proposal voted on, another withdrawn; a freeze
		// co-signed; an incident through its life.
		js("gov-admin", "governance", "propose", `{"type":"param","payload":{"name":"feedback.rectify_days","value":10}}`),
		voteYes("nrb-admin"),
		fn("gov-admin", "governance", "withdraw", func(_ *apptest.Chain, ev evFunc) any {
			return json.RawMessage(`{"proposal":` + ev("governance.proposed", "proposal") + `,"reason":"matrix"}`)
		}),
		js("gov-admin", "governance", "freeze", `{"kind":"process","target":"land-use","reason":"matrix"}`),
		js("gsd-admin", "governance", "cosign_freeze", `{"freeze":1}`),
		// gsd's node joins: a validator_add passed by the votes of four
		// departments, then the node attests over the last block.
		fn("gov-admin", "governance", "propose", func(*apptest.Chain, evFunc) any {
			return json.RawMessage(`{"type":"validator_add","payload":{"department":"gsd","pub_key":"` + apptest.ValidatorPubHex("gsd") + `","power":10},"summary":"golden"}`)
		}),
		voteYes("nrb-admin"), voteYes("fin-admin"), voteYes("eeb-admin"), voteYes("hub-admin"),
		fn("gsd-admin", "governance", "validator_attest", func(c *apptest.Chain, _ evFunc) any {
			key := apptest.ValidatorKey("gsd")
			pub := hex.EncodeToString(key.Public().(ed25519.PublicKey))
			hash := hex.EncodeToString(apptest.BlockHash(c.Height()))
			sig := ed25519.Sign(key, governance.AttestMessage(apptest.ChainID, c.Height(), hash, pub))
			return map[string]any{"pub_key": pub, "height": c.Height(), "block_hash": hash, "signature": hex.EncodeToString(sig)}
		}),
		// A parameter change passed by four departments' votes.
		js("gov-admin", "governance", "propose", `{"type":"param","payload":{"name":"feedback.rectify_days","value":10}}`),
		voteYes("nrb-admin"), voteYes("fin-admin"), voteYes("eeb-admin"), voteYes("hub-admin"),
		js("gov-admin", "governance", "incident_open", `{"type":"node_lost","severity":4,"departments":["nrb"],"description":"matrix"}`),
		js("gov-admin", "governance", "incident_update", `{"incident":1,"kind":"note","text":"matrix"}`),
		js("gov-admin", "governance", "incident_close", `{"incident":1,"review":"matrix"}`),
		js("gov-admin", "governance", "incident_publish", `{"incident":1}`),
		// hub rotates its encryption key; its node re-wraps the data keys
		// of the land cases (fixed bytes: the chain cannot check them).
		fn("hub-admin", "governance", "rotate_enc_key", func(c *apptest.Chain, _ evFunc) any {
			return map[string]string{"department": "hub", "new_key": hexb(apptest.Key(c.T, c.Suite, "hub-data-v2").Public().Bytes()), "reason": "golden"}
		}),
		fn("hub-admin", "governance", "rewrap", rewrapPending("hub")),
		// aud reads payees: its rotation re-wraps finance's sealed payee.
		fn("aud-admin", "governance", "rotate_enc_key", func(c *apptest.Chain, _ evFunc) any {
			return map[string]string{"department": "aud", "new_key": hexb(apptest.Key(c.T, c.Suite, "aud-data-v2").Public().Bytes()), "reason": "golden"}
		}),
		fn("aud-admin", "governance", "rewrap", rewrapPending("aud")),
		// A fixed-term member: hub's clerk may sign until 2030-03-17.
		fn("hub-admin", "identity", "set_validity", func(c *apptest.Chain, _ evFunc) any {
			return map[string]any{"address": c.Addrs["hub-clerk"], "valid_until_unix": 1900000000, "reason": "fixed-term contract"}
		}),
	}
}

// rewrapPending re-wraps every entry pending for dept with fixed bytes.
func rewrapPending(dept string) func(*apptest.Chain, evFunc) any {
	return func(c *apptest.Chain, _ evFunc) any {
		var g governance.Module
		for _, m := range app.Modules() {
			if x, ok := m.(governance.Module); ok {
				g = x
			}
		}
		st, err := g.RewrapState(c.State(), dept, governance.MaxRewrapBatch)
		if err != nil {
			c.T.Fatal(err)
		}
		entries := []governance.RewrapEntry{}
		for _, e := range st.Entries {
			entries = append(entries, governance.RewrapEntry{Module: e.Module, Ref: e.Ref, WrappedKey: "0a0b"})
		}
		return governance.Rewrap{Department: dept, Entries: entries}
	}
}

func voteYes(who string) step {
	return fn(who, "governance", "vote", func(_ *apptest.Chain, ev evFunc) any {
		return json.RawMessage(`{"proposal":` + ev("governance.proposed", "proposal") + `,"choice":"yes","reason":"golden"}`)
	})
}

func signup(code string) func(*apptest.Chain, evFunc) any {
	return func(c *apptest.Chain, _ evFunc) any {
		return json.RawMessage(`{"activity":1,"contact":` + sealedFixture + `,"cancel_hash":"` + hexb(participation.CancelHash(c.Suite, code)) + `"}`)
	}
}

// after is what follows the first "-" (a receipt's suffix).
func after(s string) string {
	for i := range s {
		if s[i] == '-' {
			return s[i+1:]
		}
	}
	return s
}

// refusalExpected lists actions the scenario cannot make succeed in a
// short run; each is sent anyway and its refusal code is pinned.
// Empty: every action succeeds at least once.
var refusalExpected = map[string]bool{}
