package web

import (
	"fmt"
	"net/http"

	"github.com/pingshan/govchain/internal/web/site"
)

// langs are the portal's languages; the first is the default.
var langs = []string{"zh", "en"}

const langCookie = "lang"

func otherLang(l string) string {
	if l == "en" {
		return "zh"
	}
	return "en"
}

// lang is the request's language: ?lang= (remembered in a cookie), then
// the cookie, then Chinese.
func (p *Portal) lang(w http.ResponseWriter, r *http.Request) string {
	if q := r.URL.Query().Get("lang"); q == "en" || q == "zh" {
		if c, err := r.Cookie(langCookie); err != nil || c.Value != q {
			http.SetCookie(w, &http.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: 365 * 24 * 3600, Secure: p.https(r), SameSite: http.SameSiteLaxMode})
			r.AddCookie(&http.Cookie{Name: langCookie, Value: q})
		}
		return q
	}
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "en" || c.Value == "zh") {
		return c.Value
	}
	return "zh"
}

// LangOf is the request's language without remembering it (for code that
// has no ResponseWriter, such as extension hooks).
func LangOf(r *http.Request) string { return site.LangOf(r) }

// T looks a message up in the catalog and formats it with args; a missing
// key shows as itself so it is easy to spot (and a test looks for them).
func T(lang, key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	s := m[0]
	if lang == "en" {
		s = m[1]
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// coreMessages are the core pages' catalog entries (extensions.go merges
// the areas' tables in).
var coreMessages = map[string][2]string{
	"site.name":      {"坪山政务链", "Pingshan Government Chain"},
	"lang.switch":    {"English", "中文"},
	"a11y.skip":      {"跳到正文", "Skip to content"},
	"a11y.main_nav":  {"主导航", "Main navigation"},
	"a11y.staff_nav": {"工作台导航", "Console navigation"},

	"nav.home":              {"首页", "Home"},
	"nav.disclosures":       {"政务公开", "Disclosures"},
	"nav.feedback":          {"互动参与", "Participation"},
	"nav.verify":            {"核验", "Verify"},
	"nav.staff_login":       {"工作人员登录", "Staff sign-in"},
	"nav.console":           {"工作台", "Console"},
	"nav.queue":             {"我的待办", "My queue"},
	"nav.staff_feedback":    {"意见与整改", "Feedback & rectification"},
	"nav.staff_disclosures": {"发布公开信息", "Publish disclosures"},
	"nav.members":           {"人员管理", "Members"},
	"nav.logout":            {"退出登录", "Sign out"},
	"nav.back_home":         {"返回首页", "Back to the home page"},

	"footer.height": {"当前区块高度 %d", "Block height %d"},
	"footer.node":   {"本节点：%s", "This node: %s"},
	"footer.api":    {"开放接口（OpenAPI）", "API (OpenAPI)"},
	"footer.about":  {"本平台由坪山市各部门共同运行的许可链支撑，页面上的每条记录都可以独立核验。", "Run on a permissioned blockchain shared by Pingshan's departments; every record on these pages can be checked independently."},

	"proof.height": {"区块高度 %d", "block height %d"},
	"proof.link":   {"下载证明文件", "Download the proof bundle"},
	"proof.hint":   {"可离线核验", "verifiable offline"},

	"err.title":            {"无法完成请求", "The request could not be completed"},
	"err.not_found":        {"页面不存在", "Page not found"},
	"err.not_found_text":   {"没有找到您要的页面或记录。", "The page or record you asked for does not exist."},
	"err.query_failed":     {"数据暂时无法读取，以下列表可能不完整；请稍后刷新。此错误已记录。", "Some data could not be read just now, so the lists below may be incomplete; please reload later. The error has been logged."},
	"err.internal":         {"服务器内部错误，请稍后再试。", "Internal error; please try again later."},
	"err.csrf":             {"表单已过期或来源不明（缺少有效的安全令牌），请刷新页面后重新提交。", "The form has expired or did not come from this site (its security token is missing or wrong). Reload the page and submit again."},
	"err.rate":             {"提交过于频繁，请稍后再试。", "Too many submissions; please try again later."},
	"err.too_large":        {"提交的内容过大（上限 2 MiB），较大的文件请填写其哈希值。", "The submission is too large (2 MiB at most); give a larger document by its hash."},
	"err.unavailable":      {"本节点暂不提供此项服务，请通过政务服务数据管理局的节点办理。", "This service is not available on this node; please use the node of the Government Services and Data Management Bureau."},
	"err.invalid":          {"填写的内容有误：%s", "Please check what you entered: %s"},
	"err.refused":          {"区块链拒绝了此操作：%s", "The chain refused this: %s"},
	"err.role":             {"您的角色无权执行此操作。", "Your role does not allow this."},
	"err.signin":           {"请先登录。", "Please sign in first."},
	"err.other_department": {"该记录属于其他部门。", "This record belongs to another department."},

	// Form hygiene (formcheck.go): %[1]s is the field's label, %[2]s the check's own words.
	"form.err_chars":  {"“%[1]s”中含有不可见的控制字符或文字方向控制符（%[2]s），这类字符会让文字显示得与实际内容不同。请删除后重新输入。", "“%[1]s” contains an invisible control or text-direction character (%[2]s), which can make text display differently from what it says. Please retype it without it."},
	"form.err_id":     {"“%[1]s”不是有效的身份证号码或统一社会信用代码（%[2]s），请核对后重新输入。", "“%[1]s” is not a valid resident ID number or unified social credit code (%[2]s). Please check it."},
	"form.err_phone":  {"“%[1]s”应为11位手机号码，或带区号的固定电话（如 0755-84612345）。", "“%[1]s” must be an 11-digit mobile number or a landline with its area code (such as 0755-84612345)."},
	"form.err_email":  {"“%[1]s”应为一个电子邮箱地址（如 name@example.cn），不含姓名或括号。", "“%[1]s” must be a single e-mail address (such as name@example.cn), without a name or brackets."},
	"form.err_markup": {"“%[1]s”中含有尖括号、引号或脚本等字符，联系信息中不能包含这些内容。", "“%[1]s” contains angle brackets, quotes or script-like text, which contact details cannot hold."},
	"field.name":      {"姓名", "Name"},
	"field.id_number": {"证件号码", "ID number"},
	"field.phone":     {"联系电话", "Phone"},
	"field.email":     {"电子邮箱", "E-mail"},
	"field.address":   {"地址", "Address"},
	"field.subject":   {"标题", "Subject"},
	"field.text":      {"内容", "Text"},

	"home.title":           {"坪山市政务服务与公开平台", "Pingshan public services portal"},
	"home.what_title":      {"这是什么平台", "What this platform is"},
	"home.what":            {"坪山市各部门把审批、公开信息、财政收支和市民意见记录在同一条由各部门共同维护的区块链上。任何一个部门都不能单独修改或删除已经记录的内容，市民可以随时查询办理进度、查看公开信息，并自己核验这些记录是否真实。", "Pingshan's departments record approvals, public information, public spending and citizens' feedback on one blockchain that they run together. No single department can change or delete what has been recorded; you can follow your case, read what is published, and check for yourself that a record is genuine."},
	"home.protect_title":   {"我们如何保护您的信息", "How we protect your data"},
	"home.protect1":        {"您的姓名、电话等个人信息在提交前就已加密，只有承办部门能够解密，公开页面和接口从不显示。", "Your name, phone number and other personal details are encrypted before they are stored; only the department handling your matter can read them, and no public page or API shows them."},
	"home.protect2":        {"查询办件进度需要办件编号和查询码，查询码只告知申请人本人。", "Following a case needs its case number and an access code that only the applicant receives."},
	"home.protect3":        {"记录一经上链不可删除；不当言论只能由管理员隐藏，并公开记录隐藏理由。", "Nothing recorded is ever deleted; abusive text can only be hidden by a moderator, with the reason shown publicly."},
	"home.protect4":        {"每条记录都附有证明文件，任何人都可以用它离线核验，无需信任任何一个部门。", "Every record comes with a proof bundle that anyone can check offline, without trusting any one department."},
	"home.figures":         {"实时数据", "Live figures"},
	"home.latest":          {"最新公告与决定", "Latest notices and decisions"},
	"home.none_yet":        {"暂无公开信息。", "Nothing has been published yet."},
	"home.all_disclosures": {"查看全部政务公开信息", "All published documents"},
	"home.kind_notice":     {"公告", "Notice"},
	"home.kind_decision":   {"决定", "Decision"},
	"home.ratings":         {"办事满意度（好差评）", "Satisfaction ratings"},
	"home.ratings_chart":   {"各评价等级的数量", "Ratings by level"},
	"home.ratings_caption": {"数据来自链上已办结事项的评价，每件事项只能评价一次。", "From ratings of completed cases recorded on the chain; each case can be rated once."},
	"home.do":              {"我要办", "What you can do"},
	"home.do_feedback":     {"提建议、投诉或评价", "Suggest, complain or rate"},
	"home.do_verify":       {"核验文件真伪", "Check a document"},
	"home.do_disclosures":  {"查看政务公开", "Read published documents"},

	"fig.height":      {"区块高度", "Block height"},
	"fig.disclosures": {"已公开文件", "Documents published"},
	"fig.feedback":    {"收到的意见与评价", "Feedback received"},
	"fig.rectified":   {"整改已完成 / 总数", "Rectifications closed / opened"},

	"cert.disclosure":  {"政务公开文件电子证照", "Published document certificate"},
	"cert.issuer":      {"坪山区政务链 · 电子证照", "Pingshan government chain · e-certificate"},
	"cert.scan":        {"扫描二维码，或在核验页输入核验码，查看链上记录与证明。", "Scan the QR code, or enter the code on the verify page, to see the record on chain and its proof."},
	"cert.qr_alt":      {"核验二维码：%s", "Verification QR code: %s"},
	"cert.note":        {"本证照的真实性以链上记录为准：核验页显示记录内容、所在区块及签署该区块的各部门节点。", "The record on chain decides whether this certificate is genuine: the verify page shows the record, its block and the departments' nodes that signed it."},
	"cert.verify_now":  {"立即核验", "Verify now"},
	"cert.print_hint":  {"用浏览器打印即得 A4 纸质证照。", "Print from the browser for an A4 paper certificate."},
	"cert.certificate": {"电子证照", "Certificate"},

	"cat.policy":   {"政策文件", "Policy"},
	"cat.notice":   {"通知公告", "Notice"},
	"cat.plan":     {"规划计划", "Plan"},
	"cat.decision": {"决定决议", "Decision"},
	"cat.finance":  {"财政信息", "Public finance"},
	"cat.other":    {"其他", "Other"},

	"kind.suggestion": {"建议", "Suggestion"},
	"kind.complaint":  {"投诉", "Complaint"},
	"kind.rating":     {"评价", "Rating"},

	"level.very_satisfied":    {"非常满意", "Very satisfied"},
	"level.satisfied":         {"满意", "Satisfied"},
	"level.basic":             {"基本满意", "Fairly satisfied"},
	"level.dissatisfied":      {"不满意", "Dissatisfied"},
	"level.very_dissatisfied": {"非常不满意", "Very dissatisfied"},

	"status.open":      {"待处理", "Open"},
	"status.replied":   {"已答复", "Replied"},
	"status.closed":    {"已完成", "Closed"},
	"status.active":    {"在岗", "Active"},
	"status.suspended": {"已停用", "Suspended"},

	"role.admin":    {"管理员", "Admin"},
	"role.clerk":    {"经办人", "Clerk"},
	"role.reviewer": {"审核人", "Reviewer"},
	"role.approver": {"审批人", "Approver"},
	"role.finance":  {"财务", "Finance"},
	"role.auditor":  {"审计", "Auditor"},
	"role.observer": {"观察员", "Observer"},
	"role.gateway":  {"公众服务网关", "Public gateway"},

	"verify.title":             {"核验", "Verify"},
	"voff.title":               {"在本机核验", "Verify in your browser"},
	"voff.intro":               {"证明文件在您的浏览器中核验：核验程序（WebAssembly）和创世文件在打开本页时加载，之后不再连接本节点，断网也可核验。", "The bundle is checked in your own browser: the verifier (WebAssembly) and the genesis file load with this page; after that nothing is sent to this node, and checking works offline."},
	"voff.pin":                 {"核验所依据的创世文件", "The genesis the check is pinned to"},
	"voff.genesis_hash":        {"创世文件 SHA-256", "Genesis SHA-256"},
	"voff.pin_hint":            {"请与市政府公布的创世文件哈希比对（sha256sum genesis.json）。不一致则本节点提供的核验不可信。", "Compare it with the genesis hash the city publishes (sha256sum genesis.json). If they differ, do not trust checks from this node."},
	"voff.expected":            {"公布的创世哈希（可选）", "Published genesis hash (optional)"},
	"voff.loading":             {"正在加载核验程序…", "Loading the verifier…"},
	"voff.ready":               {"核验程序已就绪，可离线核验。", "The verifier is ready; you may go offline."},
	"voff.load_failed":         {"核验程序加载失败。", "The verifier did not load."},
	"voff.mismatch":            {"创世文件与固定的哈希不一致。", "The genesis does not match the pinned hash."},
	"voff.signed":              {"签名验证人", "Validators signed"},
	"voff.not_built":           {"本节点的程序未包含浏览器核验程序（go generate ./internal/web）。", "This node's binary does not include the in-browser verifier (go generate ./internal/web)."},
	"voff.server_check":        {"改由本节点核验", "Check on this node instead"},
	"verify.in_browser":        {"在本机浏览器中核验（不信任本节点）", "Verify in your own browser (no trust in this node)"},
	"verify.intro":             {"输入文件上的核验码，或上传证明文件，即可确认记录是否真实、由哪些部门的节点共同签署。", "Enter the verification code printed on a document, or upload a proof bundle, to see whether a record is genuine and which departments' nodes signed it."},
	"verify.by_code":           {"按核验码核验", "By verification code"},
	"verify.code":              {"核验码", "Verification code"},
	"verify.code_hint":         {"可输入批准文件核验码、公开文件编号（如 nrb-2026-0001）、回执编号或文件哈希。", "An approval document's code, a document number (e.g. nrb-2026-0001), a receipt number or a document hash."},
	"verify.check":             {"核验", "Check"},
	"verify.by_bundle":         {"上传证明文件", "Upload a proof bundle"},
	"verify.file":              {"证明文件（JSON）", "Proof bundle (JSON)"},
	"verify.paste":             {"或粘贴证明文件内容", "Or paste its content"},
	"verify.authentic":         {"真实有效", "Authentic"},
	"verify.not_authentic":     {"无法证明真实", "Not proven authentic"},
	"verify.reason":            {"原因", "Reason"},
	"verify.chain":             {"链标识", "Chain"},
	"verify.state_version":     {"状态版本", "State version"},
	"verify.block":             {"签署区块", "Signed block"},
	"verify.block_hash":        {"区块哈希", "Block hash"},
	"verify.app_hash":          {"状态根哈希", "App hash"},
	"verify.signatures":        {"签名", "Signatures"},
	"verify.signed_by":         {"%d/%d 个验证节点签署（投票权 %d/%d）", "%d of %d validators signed (voting power %d of %d)"},
	"verify.val_changes":       {"验证节点变更", "Validator changes"},
	"verify.val_walked":        {"自创世验证节点起，逐一核验 %d 次验证节点集合变更", "checked from the genesis validators through %d validator-set changes"},
	"verify.validators":        {"验证节点", "Validators"},
	"verify.unknown_validator": {"未登记部门", "unregistered"},
	"verify.offline":           {"可以用 govchain verify 和创世文件离线再次核验。", "check it again offline with govchain verify and the genesis file."},
	"verify.not_found":         {"没有找到与该核验码对应的记录。", "No record has that verification code."},
	"verify.no_file":           {"请选择或粘贴一个证明文件。", "Choose or paste a proof bundle."},
	"verify.too_large":         {"文件过大（最大 1 MiB）。", "The file is too large (1 MiB at most)."},
	"verify.kind_disclosure":   {"政务公开文件", "Published document"},
	"verify.kind_feedback":     {"意见回执", "Feedback receipt"},
	"verify.kind_task":         {"整改任务", "Rectification task"},
	"verify.kind_anchor":       {"存证文件", "Anchored document"},
	"verify.kind_tx":           {"交易", "Transaction"},
	"verify.doc_hash":          {"文件哈希", "Document hash"},
	"verify.anchored":          {"存证时间", "Anchored"},
	"verify.tx_hash":           {"交易哈希", "Transaction hash"},
	"verify.height":            {"区块高度", "Block height"},
	"verify.result_code":       {"执行结果代码（0 为成功）", "Result code (0 is success)"},

	"login.title":     {"工作人员登录", "Staff sign-in"},
	"login.name":      {"账号", "Account name"},
	"login.password":  {"密码", "Password"},
	"login.submit":    {"登录", "Sign in"},
	"login.hint":      {"连续输错密码将暂时锁定账号。演示链的密码见节点目录下的 demo-passwords.json。", "Repeated wrong passwords lock the account for a while. On a demo chain the passwords are in demo-passwords.json in the node's home."},
	"login.wrong":     {"账号或密码不正确。请 %s 秒后再试，此后每次错误等待时间加倍。", "Wrong account name or password. Try again in %s seconds; each further wrong attempt from here doubles the wait."},
	"login.busy":      {"该账号正遭遇来自多处的密码猜测，暂时只接受此前在本设备登录过的浏览器，请稍后再试或联系管理员。", "This account is receiving wrong passwords from many places; for now only browsers that signed in to it before are accepted. Try later or ask your administrator."},
	"login.wait":      {"本设备密码错误次数过多，请 %s 秒后再试。", "Too many wrong passwords from here; try again in %s seconds."},
	"login.inactive":  {"该账号未启用或已停用。", "This account is not active."},
	"staff.signed_in": {"%s（%s）", "%s (%s)"},

	"queue.title":     {"我的待办", "My queue"},
	"queue.intro":     {"本部门待处理的工作，逾期的排在最前。", "Your department's pending work, overdue first."},
	"queue.empty":     {"暂无待办事项。", "Nothing is waiting."},
	"queue.kind_task": {"整改任务", "Rectification task"},
	"queue.opened":    {"收到", "received"},
	"queue.deadline":  {"期限", "Deadline"},

	"members.title":            {"人员管理", "Members"},
	"members.name":             {"账号", "Account name"},
	"members.roles":            {"角色", "Roles"},
	"members.status":           {"状态", "Status"},
	"members.manage":           {"管理", "Manage"},
	"members.reason":           {"理由", "Reason"},
	"members.suspend":          {"停用账号", "Suspend"},
	"members.reinstate":        {"恢复账号", "Reinstate"},
	"members.set_roles":        {"保存角色", "Save roles"},
	"members.you":              {"（本人）", "(you)"},
	"members.add":              {"添加人员", "Add a member"},
	"members.add_hint":         {"本节点将为新成员生成签名密钥，并给出一次性显示的初始密码。", "This node generates the member's signing key and shows an initial password once."},
	"members.add_send":         {"添加", "Add"},
	"members.created":          {"已添加 %s。", "%s was added."},
	"members.initial_password": {"初始密码：", "Initial password:"},
	"members.password_once":    {"此密码只显示这一次，请当面交给本人。", "This password is shown only now; hand it to the member in person."},
}
