package governanceweb

import (
	"encoding/json"
	"net/http"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/web/site"
)

// The public governance log (公共治理): every proposal with its state,
// votes and tally, every parameter with its current value and the
// proposal that last set it, and the incident summary with the reviews
// the departments published. All of it is public state; nothing here is
// sealed. Read from committed state, never the index, so the page agrees
// with /api/v1/gov/… at the same height.

// Extension is the governance area.
func Extension() site.Extension {
	return site.Extension{
		Name:     "governance",
		Nav:      []site.NavItem{{Path: "/governance", Label: "nav.governance", Key: "governance"}},
		StaffNav: []site.NavItem{{Path: "/staff/governance", Label: "nav.staff_governance", Key: "staff_governance", Role: module.RoleAdmin}},
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.Page("GET /governance", p.governancePage)
			p.Page("GET /governance/processes", p.governanceProcessesPage)
			p.staffGovernanceRoutes()
		},
		Templates: templateFS,
		Messages:  messages(),
	}
}

// govParamRow is one parameter on the page.
type govParamRow struct {
	Name, Doc, Value string
	// Proposal last set it (0: the default or genesis); Height is when.
	Proposal uint64
	Height   int64
	Changes  int
}

type governanceData struct {
	Proposals []*governance.Proposal
	Params    []govParamRow
	Incidents governance.Summary
	Levels    []string
	// The validator set and the keys waiting for their join attestation.
	Validators        []*governance.Validator
	PendingValidators []*governance.PendingValidator
}

func (p *Portal) governancePage(w http.ResponseWriter, r *http.Request) {
	st := p.n.Store.Committed()
	var d governanceData
	all, err := governance.Proposals(st)
	if err == nil {
		for i := len(all) - 1; i >= 0 && len(d.Proposals) < 100; i-- { // newest first
			d.Proposals = append(d.Proposals, all[i])
		}
		var list []*governance.Incident
		if list, err = governance.Incidents(st); err == nil {
			d.Incidents = governance.Summarise(list)
		}
	}
	reg := p.n.App.GovRegistry()
	for _, n := range reg.Names() {
		if err != nil {
			break
		}
		pm, _ := reg.Lookup(n)
		var v json.RawMessage
		if v, err = governance.ParamValue(st, pm); err != nil {
			break
		}
		row := govParamRow{Name: n, Doc: pm.Doc, Value: string(v)}
		ps, perr := governance.GetParamState(st, n)
		if err = perr; err != nil {
			break
		}
		if ps != nil && len(ps.History) > 0 {
			last := ps.History[len(ps.History)-1]
			row.Proposal, row.Height, row.Changes = last.Proposal, last.Height, len(ps.History)
		}
		d.Params = append(d.Params, row)
	}
	if err != nil {
		p.log.Error("governance", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	if err == nil {
		d.Validators, d.PendingValidators, err = validatorsOf(st)
	}
	if err != nil {
		p.log.Error("governance", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	d.Levels = []string{"I", "II", "III", "IV"}
	p.Render(w, r, site.Page{Template: "governance.html", Title: "gov.title", Active: "governance", Data: d})
}

var governanceMessages = map[string][2]string{
	"nav.governance":             {"公共治理", "Governance"},
	"gov.title":                  {"公共治理", "Governance"},
	"gov.intro":                  {"各部门在链上共同决定平台的规则：新增、更名、撤销或合并部门，授予网关角色，修改参数，维持或解除紧急冻结。每一项提案、每一票及其理由和结果都公开在此。", "The departments decide the platform's rules together on the chain: adding, renaming, retiring or merging departments, granting the gateway role, changing parameters, keeping or lifting emergency freezes. Every proposal, every vote with its reason, and every outcome is public here."},
	"gov.proposals":              {"提案", "Proposals"},
	"gov.none":                   {"暂无提案。", "No proposals yet."},
	"gov.proposal_no":            {"第 %d 号提案", "Proposal %d"},
	"gov.by":                     {"提出部门", "Proposed by"},
	"gov.deadline":               {"投票截止", "Voting closes"},
	"gov.tally":                  {"赞成 %d · 反对 %d · 弃权 %d · 未投 %d（总权重 %d）", "Yes %d · No %d · Abstain %d · Not voted %d (total weight %d)"},
	"gov.policy":                 {"规则：参与权重不少于 %d/%d，赞成超过赞成与反对之和的 %d/%d", "Rule: at least %d/%d of the weight votes, more than %d/%d of yes+no in favour"},
	"gov.votes":                  {"投票记录", "Votes"},
	"gov.result":                 {"执行结果", "Result"},
	"gov.payload":                {"提案内容", "What it changes"},
	"gov.params":                 {"参数", "Parameters"},
	"gov.param_name":             {"参数", "Parameter"},
	"gov.param_value":            {"当前值", "Current value"},
	"gov.param_set":              {"最近修改", "Last set"},
	"gov.param_default":          {"默认值", "Default"},
	"gov.param_by":               {"第 %d 号提案，区块 %d", "proposal %d, block %d"},
	"gov.param_genesis":          {"创世配置", "genesis"},
	"gov.incidents":              {"安全事件", "Incidents"},
	"gov.incidents_intro":        {"按国家突发事件分级（Ⅰ级最重）统计；各部门选择公开的事件复盘列在下方。", "Counted by the national emergency classification (level I is the most severe); the reviews the departments chose to publish are listed below."},
	"gov.severity":               {"级别", "Level"},
	"gov.open":                   {"处置中", "Open"},
	"gov.closed":                 {"已关闭", "Closed"},
	"gov.reviews":                {"公开的复盘", "Published reviews"},
	"gov.no_reviews":             {"暂无公开的复盘。", "No published reviews."},
	"gov.state.voting":           {"投票中", "Voting"},
	"gov.state.passed":           {"已通过并执行", "Passed and executed"},
	"gov.state.rejected":         {"未通过", "Rejected"},
	"gov.state.expired":          {"参与不足，已过期", "Expired without quorum"},
	"gov.state.withdrawn":        {"已撤回", "Withdrawn"},
	"gov.state.failed":           {"通过但执行被拒绝", "Passed, execution refused"},
	"gov.type.param":             {"修改参数", "Parameter change"},
	"gov.type.ratify_freeze":     {"维持紧急冻结", "Keep a freeze"},
	"gov.type.lift_freeze":       {"解除紧急冻结", "Lift a freeze"},
	"gov.type.dept_add":          {"新增部门", "Add a department"},
	"gov.type.dept_rename":       {"部门更名", "Rename a department"},
	"gov.type.dept_retire":       {"撤销部门", "Retire a department"},
	"gov.type.dept_merge":        {"合并部门", "Merge a department"},
	"gov.type.gateway_role":      {"网关角色", "Gateway role"},
	"gov.validators":             {"验证节点", "Validators"},
	"gov.val_key":                {"节点公钥 / 地址", "Node key / address"},
	"gov.val_department":         {"部门", "Department"},
	"gov.val_power":              {"投票权重", "Power"},
	"gov.val_state":              {"状态", "State"},
	"gov.val_attested":           {"第 %d 块同步证明后加入", "joined after its sync attestation at block %d"},
	"gov.val_genesis":            {"创世节点", "genesis"},
	"gov.val_pending":            {"已批准，等待同步证明（自第 %d 块起）", "approved, waiting for its sync attestation (from block %d)"},
	"gov.type.validator_add":     {"新增验证节点", "Add a validator"},
	"gov.type.validator_replace": {"更换验证节点密钥", "Replace a validator key"},
	"gov.type.validator_power":   {"调整验证节点权重", "Change a validator's power"},
	"gov.type.validator_remove":  {"移除验证节点", "Remove a validator"},
	"gov.choice.yes":             {"赞成", "Yes"},
	"gov.choice.no":              {"反对", "No"},
	"gov.choice.abstain":         {"弃权", "Abstain"},

	"nav.staff_governance":    {"治理工作台", "Governance desk"},
	"sgov.title":              {"治理工作台", "Governance desk"},
	"sgov.intro":              {"以本人密钥签名：提出参数修改、对提案投票、申请或联署紧急冻结、登记和处置安全事件。", "Signed with your own key: propose a parameter change, vote on proposals, request or co-sign an emergency freeze, record and handle incidents."},
	"sgov.public_log":         {"查看公开的治理记录", "See the public governance log"},
	"sgov.open":               {"投票中的提案", "Proposals open for votes"},
	"sgov.no_open":            {"暂无投票中的提案。", "No proposal is open for votes."},
	"sgov.your_vote":          {"本部门的投票（每个部门一票，投出后不能更改）", "Your department's vote (one per department, final)"},
	"sgov.reason":             {"理由", "Reason"},
	"sgov.vote_send":          {"签名并投票", "Sign and vote"},
	"sgov.propose":            {"提出参数修改", "Propose a parameter change"},
	"sgov.value":              {"新值（JSON）", "New value (JSON)"},
	"sgov.value_hint":         {"例如 10，或 {\"gsd\": 2}；链上按参数的规则检查。", "For example 10, or {\"gsd\": 2}; the chain checks it against the parameter's rules."},
	"sgov.bad_value":          {"新值不是有效的 JSON。", "The new value is not valid JSON."},
	"sgov.summary":            {"说明", "Summary"},
	"sgov.propose_send":       {"签名并提出（本部门视为赞成）", "Sign and propose (your department votes yes)"},
	"sgov.freezes":            {"紧急冻结", "Emergency freezes"},
	"sgov.freeze_intro":       {"冻结须由两个不同部门的管理员签名后生效，到期自动解除，除非经提案维持。", "A freeze takes effect when admins of two different departments have signed it, and ends at its expiry unless a proposal keeps it."},
	"sgov.freeze_requested":   {"待联署", "Awaiting a co-signature"},
	"sgov.freeze_active":      {"生效中", "In force"},
	"sgov.freeze_ratified":    {"经提案维持", "Kept by proposal"},
	"sgov.kind_account":       {"账户", "Account"},
	"sgov.kind_department":    {"部门签名", "Department's signing"},
	"sgov.kind_process":       {"业务流程（不再受理新办件）", "Process (no new cases)"},
	"sgov.cosigned_by":        {"联署", "co-signed by"},
	"sgov.expires":            {"到期", "expires"},
	"sgov.cosign":             {"签名联署", "Sign to co-sign"},
	"sgov.freeze_kind":        {"冻结对象", "What to freeze"},
	"sgov.freeze_target":      {"账户地址、部门代码或流程代码", "Account address, department id or process id"},
	"sgov.freeze_send":        {"签名并申请冻结", "Sign and request the freeze"},
	"sgov.level":              {"%d级", "Level %d"},
	"sgov.entry_note":         {"情况", "Observation"},
	"sgov.entry_action":       {"处置", "Action taken"},
	"sgov.entry_kind":         {"记录类型", "Entry type"},
	"sgov.entry_text":         {"内容", "Text"},
	"sgov.update_send":        {"签名并记录", "Sign and record"},
	"sgov.review":             {"复盘", "Review"},
	"sgov.close_send":         {"签名并关闭事件", "Sign and close the incident"},
	"sgov.no_incidents":       {"暂无安全事件。", "No incidents."},
	"sgov.open_incident":      {"登记安全事件", "Record an incident"},
	"sgov.incident_type":      {"事件类型", "Incident type"},
	"sgov.incident_type_hint": {"小写字母和下划线，例如 node_lost、key_leak、data_tampered、chain_halted。", "Lower-case letters and underscores, e.g. node_lost, key_leak, data_tampered, chain_halted."},
	"sgov.affected":           {"受影响的部门", "Affected departments"},
	"sgov.components":         {"受影响的组件（逗号分隔）", "Affected components (comma-separated)"},
	"sgov.description":        {"事件描述", "Description"},
	"sgov.open_send":          {"签名并登记", "Sign and record"},
	"sgov.publish":            {"签名并公开复盘", "Sign and publish the review"},
	"sgov.published":          {"复盘已公开。", "The review is public."},
}
