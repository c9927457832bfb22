package evaluationweb

import (
	"strings"

	"github.com/pingshan/govchain/internal/web/site"
)

// figureNames are the evaluation figures' labels: key → {zh, en}.
var figureNames = map[string][2]string{
	"level.very_satisfied":      {"非常满意", "Very satisfied"},
	"level.satisfied":           {"满意", "Satisfied"},
	"level.basic":               {"基本满意", "Basically satisfied"},
	"level.dissatisfied":        {"不满意", "Dissatisfied"},
	"level.very_dissatisfied":   {"非常不满意", "Very dissatisfied"},
	"ratings":                   {"评价数", "Ratings"},
	"good_rate":                 {"好评率", "Good-rating rate"},
	"bad":                       {"差评数", "Bad ratings"},
	"tasks":                     {"整改任务", "Rectification tasks"},
	"rectified":                 {"整改率", "Rectification rate"},
	"rectified_on_time":         {"按期整改率", "On-time rectification rate"},
	"median_reply_hours":        {"建议投诉回复时间中位数（小时）", "Median reply time to suggestions and complaints (hours)"},
	"closed":                    {"办结件数", "Cases closed"},
	"approval_rate":             {"批准率", "Approval rate"},
	"median_days":               {"办理时间中位数（工作日）", "Median processing time (working days)"},
	"p90_days":                  {"办理时间 90 分位（工作日）", "90th-percentile processing time (working days)"},
	"avg_days":                  {"平均办理时间（工作日）", "Mean processing time (working days)"},
	"statutory":                 {"法定时限（工作日）", "Statutory limit (working days)"},
	"promised":                  {"承诺时限（工作日）", "Promised limit (working days)"},
	"compression":               {"承诺时限压缩比", "Time-limit compression"},
	"on_time":                   {"按时办结率", "On-time rate"},
	"overdue":                   {"超时办结件数", "Closed late"},
	"open_overdue":              {"在办超期件数", "Open and overdue"},
	"steps":                     {"每件环节数", "Steps per case"},
	"handoffs":                  {"每件部门流转次数", "Hand-offs per case"},
	"vs.avg_processing_days":    {"平均办理时间：对比基线", "Mean processing time vs baseline"},
	"vs.median_processing_days": {"办理时间中位数：对比基线", "Median processing time vs baseline"},
	"vs.approval_rate":          {"批准率：对比基线", "Approval rate vs baseline"},
	"vs.on_time_rate":           {"按时办结率：对比基线", "On-time rate vs baseline"},
	"vs.cases":                  {"办件量：对比基线", "Cases vs baseline"},
	"incidents":                 {"安全事件", "Security incidents"},
	"severity.I":                {"Ⅰ级（特别重大）", "Level I (particularly serious)"},
	"severity.II":               {"Ⅱ级（重大）", "Level II (serious)"},
	"severity.III":              {"Ⅲ级（较大）", "Level III (major)"},
	"severity.IV":               {"Ⅳ级（一般）", "Level IV (ordinary)"},
	"open_incidents":            {"未关闭事件", "Open incidents"},
	"closed_incidents":          {"已关闭事件", "Closed incidents"},
	"median_close_hours":        {"事件关闭时间中位数（小时）", "Median time to close (hours)"},
	"audits":                    {"公布的审计报告", "Audit reports published"},
	"audit_findings":            {"审计发现问题", "Audit findings"},
	"findings":                  {"审计发现", "Findings"},
	"personal_deliveries":       {"含个人信息的共享交付", "Deliveries with personal data"},
	"personal_accesses":         {"个人信息访问（每月）", "Personal-data accesses per month"},
	"resources":                 {"目录资源数", "Catalogue resources"},
	"class.unconditional":       {"无条件共享", "Shared unconditionally"},
	"class.conditional":         {"有条件共享", "Shared on condition"},
	"class.none":                {"不予共享", "Not shared"},
	"share_rate":                {"共享率", "Share rate"},
	"requests":                  {"共享申请", "Sharing requests"},
	"granted":                   {"同意", "Granted"},
	"refused":                   {"拒绝", "Refused"},
	"pending":                   {"待答复/仲裁", "Pending or in arbitration"},
	"grant_rate":                {"同意率", "Grant rate"},
	"median_answer_days":        {"答复时间中位数（工作日）", "Median answer time (working days)"},
	"sharing_overdue":           {"超期未答复", "Answered late or overdue"},
	"deliveries":                {"数据交付次数", "Deliveries"},
	"materials_saved":           {"减少提交材料", "Materials saved"},
	"p.ratings":                 {"评价", "Ratings"},
	"suggestions":               {"建议", "Suggestions"},
	"complaints":                {"投诉", "Complaints"},
	"objections":                {"公示异议", "Objections"},
	"total":                     {"参与合计", "Participation"},
	"rated_cases":               {"被评价的办件数", "Distinct cases rated"},
	"per_thousand":              {"每千件办结的参与数", "Per 1,000 closed cases"},
	"sign_ups":                  {"活动报名", "Activity sign-ups"},
	"return_visits":             {"整改回访", "Return visits"},
	"distinct_participants":     {"参与人数（去重）", "Distinct participants"},
	"without_hash":              {"无参与人哈希的参与", "Participations without a participant hash"},
	"levels":                    {"五级评价分布", "Distribution over the five levels"},
	"baseline":                  {"对比上线前基线", "Before and after (baseline)"},
}

// figureLabel is a figure's label; a findings.<check> row names its check.
func figureLabel(lang, key string) string {
	if v, ok := figureNames[key]; ok {
		return site.Loc(lang, v[0], v[1])
	}
	if c, ok := strings.CutPrefix(key, "findings."); ok {
		return figureLabel(lang, "findings") + ": " + c
	}
	return key
}

// methodAnchor is where /evaluation/method explains a figure: one entry
// per figure, grouped rows (levels, severities, classes) share one.
func methodAnchor(key string) string {
	base := key
	switch {
	case strings.HasPrefix(key, "level."):
		base = "levels"
	case strings.HasPrefix(key, "severity."):
		base = "incidents"
	case strings.HasPrefix(key, "class."):
		base = "resources"
	case strings.HasPrefix(key, "vs."):
		base = "baseline"
	case strings.HasPrefix(key, "findings."):
		base = "audit_findings"
	case key == "p.ratings":
		base = "ratings"
	case key == "open_incidents" || key == "closed_incidents":
		base = "incidents"
	case key == "granted" || key == "refused" || key == "pending":
		base = "requests"
	case key == "statutory" || key == "promised":
		base = "compression"
	}
	return "/evaluation/method#m-" + base
}

// methodKeys are the method page's entries, in its order.
var methodKeys = []string{"levels", "ratings", "good_rate", "bad", "tasks", "rectified", "rectified_on_time", "median_reply_hours",
	"closed", "approval_rate", "median_days", "p90_days", "avg_days", "compression", "on_time", "overdue", "open_overdue", "steps", "handoffs", "baseline",
	"incidents", "median_close_hours", "audits", "audit_findings", "personal_deliveries", "personal_accesses",
	"resources", "share_rate", "requests", "grant_rate", "median_answer_days", "sharing_overdue", "deliveries", "materials_saved",
	"suggestions", "complaints", "objections", "total", "rated_cases", "per_thousand", "sign_ups", "return_visits", "distinct_participants", "without_hash"}
