package web

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/web/feedbackweb"
)

// Browser tests drive Debian's Chromium headless through chromedp. Without
// the browser they skip, except under CI=true, where they fail: CI must
// install it (scripts/test.sh does).
const chromiumPath = "/usr/bin/chromium"

func newChrome(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("browser tests need %s (apt-get install -y chromium): %v", chromiumPath, err)
		}
		t.Skipf("no %s; browser tests skipped (they fail under CI=true)", chromiumPath)
	}
	// Chromium writes into $HOME and the XDG dirs even with a temporary
	// profile: keep all of it in the test's temp dir.
	tmp := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Env("HOME="+tmp, "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache"),
			"XDG_DATA_HOME="+filepath.Join(tmp, "data"), "XDG_RUNTIME_DIR="+filepath.Join(tmp, "run")),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// page helpers: each fails the test on error.
type chrome struct {
	t    *testing.T
	ctx  context.Context
	base string
	n    int
}

func (c *chrome) do(steps ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	if err := chromedp.Do(c.ctx, steps...); err != nil {
		c.t.Fatal(err)
	}
}

func (c *chrome) open(path string) {
	c.t.Helper()
	c.do(chromedp.Navigate(c.base + path))
}

// submit clicks a button and waits for the next page; it returns the
// final HTTP status.
func (c *chrome) submit(sel string) int64 {
	c.t.Helper()
	resp, err := chromedp.RunResponse(c.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		c.t.Fatalf("click %s: %v", sel, err)
	}
	return resp.Status
}

func (c *chrome) set(sel, v string) { c.t.Helper(); c.do(chromedp.SetValue(chromedp.CSS(sel), v)) }

func (c *chrome) eval(js string) string {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, chromedp.Evaluate[string](js))
	if err != nil {
		c.t.Fatalf("eval %s: %v", js, err)
	}
	return v
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	return c.eval(fmt.Sprintf(`(document.querySelector(%q) || {textContent: ""}).textContent`, sel))
}

func (c *chrome) location() string { return c.eval(`location.pathname + location.search`) }

// shot saves a full-page PNG under the test's artifact dir (kept with
// go test -artifacts), and also under docs/img when doc is set and
// GOVCHAIN_DOC_SCREENSHOTS=1.
func (c *chrome) shot(name, doc string) {
	c.t.Helper()
	buf, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		c.t.Fatal(err)
	}
	c.n++
	p := filepath.Join(c.t.ArtifactDir(), fmt.Sprintf("%02d-%s.png", c.n, name))
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.t.Logf("screenshot %s", p)
	if doc != "" && os.Getenv("GOVCHAIN_DOC_SCREENSHOTS") == "1" {
		if err := os.WriteFile(filepath.Join("..", "..", "docs", "img", doc), buf, 0o644); err != nil {
			c.t.Fatal(err)
		}
	}
}

func (c *chrome) login(name, pw string) int64 {
	c.t.Helper()
	c.open("/staff/login")
	c.set("#l-name", name)
	c.set("#l-pw", pw)
	return c.submit("#login-submit")
}

func (c *chrome) logout() {
	c.t.Helper()
	c.submit(`form[action="/staff/logout"] button`)
}

func (c *chrome) phone() {
	c.t.Helper()
	c.do(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait))
}

// TestBrowserRatingRectification (issue #5, test 3): a citizen rates a
// completed case 不满意 with its access code; the department's console
// shows the rectification task; its reply and rectification appear on the
// public page.
func TestBrowserRatingRectification(t *testing.T) {
	ctx := newChrome(t)
	e := newEnv(t, Options{})
	e.addCase("nrb-clerk", "PS-2026-0101", "completed")
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}

	c.open("/feedback?case=PS-2026-0101&lang=zh")
	c.set("#r-code", testCode)
	c.do(chromedp.Click(chromedp.CSS(`input[name="level"][value="dissatisfied"]`)))
	c.set("#r-comment", "材料要求前后不一致，跑了三次")
	c.shot("rating-form", "")
	if st := c.submit("#rate-submit"); st != 200 {
		t.Fatalf("rating: %d %s", st, c.text("main"))
	}
	receipt := strings.TrimSpace(c.text("#receipt"))
	if !strings.HasPrefix(receipt, "PJ-") || !strings.Contains(c.text("main"), "不满意") || !strings.Contains(c.text("#task-status"), "待处理") {
		t.Fatalf("receipt page: %q %s", receipt, c.text("main"))
	}
	c.shot("rating-receipt", "")
	task := feedback.TaskFor(receipt)

	if st := c.login("nrb-admin", e.pw["nrb-admin"]); st != 200 || c.location() != "/staff" {
		t.Fatalf("login: %d %s", st, c.location())
	}
	if q := c.text("#queue"); !strings.Contains(q, task) {
		t.Fatalf("queue lacks %s: %s", task, q)
	}
	c.shot("console-queue", "console-queue.png")
	c.do(chromedp.Click(chromedp.CSS(`#queue a[href="/staff/feedback/` + receipt + `"]`)))
	c.do(chromedp.WaitVisible(chromedp.ID("reply-text")))
	c.set("#reply-text", "感谢您的评价。我局已核实情况，将统一材料清单。")
	c.submit("#reply-submit")
	c.set("#close-text", "已发布统一的材料清单并培训窗口人员，承诺时限缩短为10个工作日。")
	c.submit("#close-submit")
	c.shot("console-task-closed", "")
	c.logout()

	c.open("/feedback/" + receipt)
	body := c.text("main")
	for _, want := range []string{"我局已核实情况", "已发布统一的材料清单", "已完成", "区块高度"} {
		if !strings.Contains(body, want) {
			t.Errorf("public page lacks %q", want)
		}
	}
	c.shot("rating-public", "feedback-public.png")
}

// TestBrowserEnglishAndPhone (issue #5, test 5): the language switch works
// on every page, and a 390×844 phone shows no horizontal scrolling.
func TestBrowserEnglishAndPhone(t *testing.T) {
	ctx := newChrome(t)
	// A dev-like chain seeded by the demo seeder (land cases, a finance
	// year), plus documents, feedback and ratings.
	se := newSeededEnv(t, Options{PublicBurst: 100})
	e := se.env
	seed(t, e)
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}
	docs, _ := e.p.latestDocs(context.Background(), "", "", "", 1)
	items, _ := feedback.Items(context.Background(), e.n.Index.DB(), "", "suggestion", "", 1)
	notice, done := se.cases["public_notice_with_objection"], se.cases["completed_with_permit"]
	var pid, lid string
	e.n.Index.DB().QueryRow(`SELECT id, line_id FROM fin_payments ORDER BY id LIMIT 1`).Scan(&pid, &lid)
	public := []string{"/", "/disclosures", "/disclosures/" + docs[0].Number, "/feedback", "/feedback/" + items[0].Receipt, "/verify", "/verify?code=" + docs[0].Number, "/staff/login",
		"/land", "/land/track", "/land/notices/" + notice.Number, "/land/decisions", "/land/parcels", "/land/parcels/" + done.Parcel,
		"/finance", "/finance/departments/hub", "/finance/lines/" + lid, "/finance/payments/" + pid, "/finance/flags"}
	staff := []string{"/staff", "/staff/feedback", "/staff/feedback/" + items[0].Receipt, "/staff/disclosures", "/staff/members",
		"/staff/cases", "/staff/cases/" + notice.Number, "/staff/land/apply", "/staff/finance"}

	// Desktop screenshots of the home page for the docs.
	c.open("/?lang=zh")
	c.shot("home-desktop-zh", "portal-home-zh.png")
	c.open("/?lang=en")
	c.shot("home-desktop-en", "portal-home-en.png")

	c.phone()
	check := func(path string) {
		t.Helper()
		c.open(path + sep(path) + "lang=zh")
		if l := c.eval(`document.documentElement.lang`); l != "zh-CN" {
			t.Errorf("%s: lang %q", path, l)
		}
		noScroll(t, c, path+" (zh)")
		c.submit("#lang-switch")
		if l := c.eval(`document.documentElement.lang`); l != "en" {
			t.Errorf("%s: after the switch lang is %q", path, l)
		}
		if sw := c.text("#lang-switch"); sw != "中文" {
			t.Errorf("%s: switch reads %q in English", path, sw)
		}
		if !strings.HasPrefix(c.location(), path[:strings.IndexAny(path+"?", "?")]) {
			t.Errorf("%s: the switch left the page for %s", path, c.location())
		}
		noScroll(t, c, path+" (en)")
		name := strings.Trim(strings.NewReplacer("/", "-", "?", "-", "=", "-").Replace(path), "-")
		if name == "" {
			name = "home"
		}
		doc := ""
		if path == "/" {
			doc = "portal-home-phone-en.png"
		}
		c.shot("phone-en-"+name, doc)
		// The choice sticks: the next page is English without ?lang.
		c.open("/disclosures")
		if l := c.eval(`document.documentElement.lang`); l != "en" {
			t.Errorf("language not remembered after %s", path)
		}
	}
	for _, p := range public {
		check(p)
	}
	// The case timeline a citizen sees after giving the access code (a
	// POST: the switch leads to the tracking form, in English).
	c.open("/land/track?lang=zh")
	c.set("#t-no", done.Number)
	c.set("#t-code", done.AccessCode)
	c.submit("#track-submit")
	noScroll(t, c, "case timeline (zh)")
	c.submit("#lang-switch")
	if l := c.eval(`document.documentElement.lang`); l != "en" || c.location() != "/land/track?lang=en" {
		t.Errorf("switch on the timeline: %s %s", l, c.location())
	}
	if st := c.login("nrb-clerk", e.pw["nrb-clerk"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	for _, p := range staff {
		check(p)
	}
	c.open("/?lang=zh")
	c.shot("phone-zh-home", "portal-home-phone-zh.png")
}

func noScroll(t *testing.T, c *chrome, what string) {
	t.Helper()
	got := c.eval(`JSON.stringify([document.documentElement.scrollWidth, window.innerWidth])`)
	var sw, iw int
	fmt.Sscanf(strings.Trim(got, "[]"), "%d,%d", &sw, &iw)
	if iw != 390 || sw > iw {
		t.Errorf("%s: page is %dpx wide in a %dpx viewport (horizontal scrolling)", what, sw, iw)
	}
}

// TestBrowserSecurity (issue #5, test 6): a suggestion with <script> and
// HTML renders as inert text; a staff form posted without its CSRF token is
// refused; a wrong password makes the browser wait before the next try.
func TestBrowserSecurity(t *testing.T) {
	ctx := newChrome(t)
	e := newEnv(t, Options{SigninBase: time.Minute})
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}

	evil := `<script>window.__xss=1</script><img src=x onerror="window.__xss=2"><b>请整治占道经营</b>`
	c.open("/feedback?lang=zh")
	c.do(chromedp.Click(chromedp.CSS(`input[name="kind"][value="complaint"]`)))
	c.do(chromedp.SetValue(chromedp.ID("s-dept"), "hub"))
	c.set("#s-subject", `<i>占道</i>`)
	c.set("#s-text", evil)
	c.do(chromedp.Click(chromedp.CSS(`input[name="anonymous"]`)))
	if st := c.submit("#suggest-submit"); st != 200 {
		t.Fatalf("submit: %d %s", st, c.text("main"))
	}
	if got := c.text("#item-text"); got != evil {
		t.Fatalf("text shown as %q", got)
	}
	if n := c.eval(`String(document.querySelectorAll("#item-text *").length) + "," + String(window.__xss) + "," + String(document.scripts.length)`); n != "0,undefined,0" {
		t.Fatalf("submitted HTML became markup or ran: %s", n)
	}
	c.shot("inert-html", "")

	if st := c.login("nrb-clerk", e.pw["nrb-clerk"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	c.open("/staff/disclosures")
	c.set("#d-title", "无令牌的表单")
	c.set("#d-body", "不应发布")
	c.eval(`document.querySelector('#publish-form input[name="csrf"]').remove(); "ok"`)
	if st := c.submit("#publish-submit"); st != 403 {
		t.Fatalf("form without CSRF token: %d", st)
	}
	if !strings.Contains(c.text("main"), "安全令牌") {
		t.Fatalf("refusal page: %s", c.text("main"))
	}
	c.shot("csrf-refused", "")
	if docs, _ := e.p.latestDocs(context.Background(), "nrb", "", "", 10); len(docs) != 0 {
		t.Fatal("the form was executed")
	}
	c.open("/staff")
	c.logout()

	// A wrong password makes this browser wait (a minute here); the
	// right one is refused until then, and accepted after.
	if st := c.login("hub-admin", "guess-1"); st != 401 || !strings.Contains(c.text("#form-error"), "不正确") {
		t.Fatalf("wrong password: %d %q", st, c.text("#form-error"))
	}
	if st := c.login("hub-admin", e.pw["hub-admin"]); st != 429 || !strings.Contains(c.text("#form-error"), "秒后再试") {
		t.Fatalf("right password while waiting: %d %q", st, c.text("#form-error"))
	}
	c.shot("signin-wait", "")
	e.now.Advance(time.Minute)
	if st := c.login("hub-admin", e.pw["hub-admin"]); st != 200 {
		t.Fatalf("after the wait: %d", st)
	}
}

// seed fills a chain with a little of everything, for screenshots.
func seed(t *testing.T, e *env) {
	t.Helper()
	for _, d := range []struct{ who, title, cat, body string }{
		{"nrb-clerk", "关于2026年度国有建设用地供应计划的公告", "notice", "根据《土地管理法》，现将本年度供应计划公告如下。"},
		{"fin-admin", "坪山市2026年部门预算公开说明", "finance", "各部门预算已经市人大批准，现予公开。"},
		{"gov-admin", "关于推行政务服务“好差评”制度的决定", "decision", "自发布之日起施行。"},
	} {
		b := e.staff(d.who)
		if r := b.submit("/staff/disclosures", "/staff/disclosures", url.Values{"title": {d.title}, "category": {d.cat}, "body": {d.body}, "effective_date": {"2026-03-01"}}); r.Status != 303 {
			t.Fatalf("seed publish: %d %s", r.Status, r.Body)
		}
	}
	citizen := e.client()
	if r := citizen.submit("/feedback", "/feedback/submit", url.Values{"kind": {"suggestion"}, "department": {"hub"}, "subject": {"增设非机动车停放点"},
		"text": {"建议在地铁站出口增设非机动车停放点。"}, "anonymous": {"1"}}); r.Status != 303 {
		t.Fatalf("seed suggestion: %d", r.Status)
	}
	for i, lvl := range []string{feedback.VerySatisfied, feedback.VerySatisfied, feedback.Satisfied, feedback.Basic, feedback.Dissatisfied} {
		no := fmt.Sprintf("PS-2026-%04d", 201+i)
		e.addCase("nrb-clerk", no, "completed")
		if r := citizen.postJSON("/api/v1/feedback", feedbackweb.FeedbackInput{Kind: "rating", CaseNo: no, AccessCode: testCode, Level: lvl}); r.Status != 201 {
			t.Fatalf("seed rating: %d %s", r.Status, r.Body)
		}
	}
}
