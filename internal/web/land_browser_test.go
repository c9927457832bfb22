package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// Browser tests of the land and finance areas, on a dev-like node seeded by
// the demo seeder (newSeededEnv): the real seeded cases and access codes.

// TestBrowserLandObjection (issue #5, test 1): a citizen opens the seeded
// case in public notice with its access code, files an objection, and sees
// it listed.
func TestBrowserLandObjection(t *testing.T) {
	ctx := newChrome(t)
	e := newSeededEnv(t, Options{})
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}
	nc := e.cases["public_notice_with_objection"]

	c.open("/land?lang=zh")
	c.set("#t-no", nc.Number)
	c.set("#t-code", nc.AccessCode)
	if st := c.submit("#track-submit"); st != 200 {
		t.Fatalf("track: %d %s", st, c.text("main"))
	}
	if s := c.text("#current-step"); s != "批前公示" {
		t.Fatalf("current step %q", s)
	}
	if tl := c.text("#timeline"); !strings.Contains(tl, "并联审查") || !strings.Contains(tl, "符合国土空间规划") || !strings.Contains(c.text("main"), "区块高度") {
		t.Fatalf("timeline: %s", tl)
	}
	c.shot("track-notice", "")
	if st := c.submit("#notice-link"); st != 200 {
		t.Fatalf("notice page: %d", st)
	}
	c.set("#o-text", "该地块东侧为居民区，请公开夜间施工噪声的评估结论。")
	if st := c.submit("#objection-submit"); st != 200 {
		t.Fatalf("objection: %d %s", st, c.text("main"))
	}
	if n := c.text("main .notice"); !strings.Contains(n, "第 2 号") {
		t.Fatalf("no confirmation: %q", n)
	}
	if o := c.text("#objection-2"); !strings.Contains(o, "夜间施工噪声") || !strings.Contains(o, "待答复") {
		t.Fatalf("objection not listed: %q", o)
	}
	if o := c.text("#objection-1"); !strings.Contains(o, "噪声与交通影响") {
		t.Fatalf("the seeded objection is gone: %q", o)
	}
	c.shot("objection-listed", "")
}

// TestBrowserLandStaff (issue #5, test 2): a Natural Resources Bureau clerk
// registers an application at the window and accepts it; a reviewer gives
// an opinion; the citizen's page shows the new step.
func TestBrowserLandStaff(t *testing.T) {
	ctx := newChrome(t)
	e := newSeededEnv(t, Options{})
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}

	if st := c.login("nrb-clerk", e.pw["nrb-clerk"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	c.open("/staff/land/apply?lang=zh")
	c.do(chromedp.SetValue(chromedp.ID("a-parcel"), "PS-G06-0611"))
	c.set("#a-name", "孙窗口")
	c.set("#a-id", "440307198808080082")
	c.set("#a-phone", "13700001234")
	c.set("#hash-application_form", strings.Repeat("a1", 32))
	c.set("#hash-site_plan", strings.Repeat("b2", 32))
	if st := c.submit("#apply-submit"); st != 200 {
		t.Fatalf("apply: %d %s", st, c.text("main"))
	}
	no, code := c.text("#new-case"), c.text("#new-code")
	if !strings.HasPrefix(no, "LAND-") || len(code) != 19 {
		t.Fatalf("registered %q %q", no, code)
	}
	c.shot("window-registered", "")
	c.submit("#to-case")
	if st := c.submit("#act-accept"); st != 200 || !strings.Contains(c.text("main .notice"), "受理") {
		t.Fatalf("accept: %d %s", st, c.text("main"))
	}
	if s := c.text("#current-step"); s != "并联审查" {
		t.Fatalf("after acceptance the case is at %q", s)
	}
	c.logout()

	if st := c.login("nrb-reviewer", e.pw["nrb-reviewer"]); st != 200 {
		t.Fatalf("login reviewer: %d", st)
	}
	if q := c.text("#queue"); !strings.Contains(q, no) {
		t.Fatalf("reviewer's queue lacks %s: %s", no, q)
	}
	c.submit(`#queue a[href="/staff/cases/` + no + `"]`)
	c.set("#act-text", "建议核实地块与青松路红线的退让距离。")
	if st := c.submit("#act-opinion"); st != 200 {
		t.Fatalf("opinion: %d %s", st, c.text("main"))
	}
	c.shot("reviewer-opinion", "")
	c.logout()

	c.open("/land/track")
	c.set("#t-no", no)
	c.set("#t-code", code)
	if st := c.submit("#track-submit"); st != 200 {
		t.Fatalf("citizen: %d", st)
	}
	tl := c.text("#timeline")
	if s := c.text("#current-step"); s != "并联审查" || !strings.Contains(tl, "退让距离") || !strings.Contains(tl, "受理") || strings.Contains(c.text("body"), "孙窗口") {
		t.Fatalf("citizen's page: step %q, timeline %s", s, tl)
	}
	c.shot("citizen-new-step", "")

	// For the README: the whole timeline of the seeded completed case.
	done := e.cases["completed_with_permit"]
	c.open("/land/track?lang=zh")
	c.set("#t-no", done.Number)
	c.set("#t-code", done.AccessCode)
	c.submit("#track-submit")
	if !strings.Contains(c.text("#timeline"), "缴纳土地出让金") {
		t.Fatal("completed case timeline")
	}
	c.shot("case-timeline", "case-timeline-zh.png")
}

// TestBrowserFinance (issue #5, test 4): the finance page renders the
// budget charts, and a payment is traced up to its budget line.
func TestBrowserFinance(t *testing.T) {
	ctx := newChrome(t)
	e := newSeededEnv(t, Options{})
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}
	var depts int
	e.n.Index.DB().QueryRow(`SELECT COUNT(DISTINCT department) FROM fin_lines`).Scan(&depts)

	c.open("/finance?lang=zh")
	if n := c.eval(`String(document.querySelectorAll("#rate-chart svg rect").length) + "," + String(document.querySelectorAll("#budget-chart svg rect").length)`); n != fmt.Sprintf("%d,%d", depts, depts) {
		t.Fatalf("chart bars: %s, want %d each", n, depts)
	}
	if title := c.text("#rate-chart svg title"); !strings.Contains(title, "预算执行率") || !strings.Contains(title, "%") {
		t.Fatalf("chart title %q", title)
	}
	if s := c.eval(`String(document.scripts.length)`); s != "0" {
		t.Fatal("a script on the finance page")
	}
	c.shot("finance", "finance-zh.png")

	var id, name string
	e.n.Index.DB().QueryRow(`SELECT p.id, p.payee_name FROM fin_payments p JOIN fin_pay_state s ON s.payment_id = p.id
		WHERE p.payee_kind = 'individual' AND s.status = 'paid' ORDER BY p.id LIMIT 1`).Scan(&id, &name)
	c.set("#p-id", id)
	if st := c.submit("#trace-submit"); st != 200 || c.location() != "/finance/payments/"+id {
		t.Fatalf("trace: %d %s", st, c.location())
	}
	tr := c.text("#trace")
	if !strings.Contains(tr, "国库支付") || !strings.Contains(tr, "指标") || !strings.Contains(tr, "预算项目") || !strings.Contains(tr, name) || !strings.Contains(c.text("#trace-payee"), "*") { // the masked name, all the chain has
		t.Fatalf("trace page: %s", tr)
	}
	line := c.text("#trace-line")
	c.shot("payment-trace", "payment-trace-zh.png")
	if st := c.submit("#trace-line"); st != 200 || !strings.Contains(c.text("main"), line) {
		t.Fatalf("line page: %d", st)
	}
	if !strings.Contains(c.text("main"), id) { // in a closed <details>, still in the page
		t.Fatalf("the line's page does not list %s", id)
	}
}
