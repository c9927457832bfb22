package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pingshan/govchain/internal/web/participationweb"
)

// TestBrowserActivityAndStory: a citizen signs up for a lecture until it
// is full (the next sign-up, from a form opened while a place was left,
// is refused with a clear message), cancels with the receipt and code,
// and the freed place can be taken; then reads the seeded showcase story
// and follows it to the case's public decision and proof.
func TestBrowserActivityAndStory(t *testing.T) {
	ctx := newChrome(t)
	se := newSeededEnv(t, Options{PublicBurst: 100})
	c := &chrome{t: t, ctx: ctx, base: se.srv.URL}
	nrb := se.staff("nrb-clerk")
	start := time.Now().Add(96 * time.Hour).In(cst).Format("2006-01-02T15:04") // the datetime-local field, Beijing time
	if r := nrb.submit("/staff/participation", "/staff/participation/activity", url.Values{"kind": {"lecture"}, "title_zh": {"小班讲座：如何核验批准书"},
		"title_en": {"Small lecture: checking a permit"}, "place": {"政务服务中心 305 室"}, "start": {start}, "minutes": {"45"}, "capacity": {"2"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("announce: %d %s", r.Status, r.Body)
	}
	const id = "2" // the seed announced activity 1
	c.phone()
	c.open("/participate?lang=zh")
	c.do(chromedp.Click(chromedp.CSS(`a[href="/participate/activities/` + id + `"]`)))
	c.do(chromedp.WaitVisible(chromedp.ID("signup-form")))
	signup := func(name, phone string) int64 {
		t.Helper()
		c.set("#su-name", name)
		c.set("#su-phone", phone)
		return c.submit("#signup-submit")
	}
	if st := signup("林小梅", "13711112222"); st != 200 {
		t.Fatalf("first sign-up: %d %s", st, c.text("main"))
	}
	receipt, code := strings.TrimSpace(c.text("#receipt-no")), strings.TrimSpace(c.text("#cancel-code"))
	if !strings.HasPrefix(receipt, "BM-") || len(code) != 19 {
		t.Fatalf("receipt %q code %q", receipt, code)
	}
	c.shot("signup-receipt", "participation-receipt-phone.png")

	// A form opened while one place is left; another citizen takes it.
	c.open("/participate/activities/" + id + "?lang=zh")
	if got := c.text("#activity-counts"); !strings.Contains(got, "已报名 1") {
		t.Fatalf("counts %q", got)
	}
	if r := se.client().postJSON("/api/v1/participation/signups", participationweb.SignupInput{Activity: 2, Name: "周建", Phone: "13733334444"}); r.Status != http.StatusCreated {
		t.Fatalf("second sign-up: %d %s", r.Status, r.Body)
	}
	if st := signup("吴敏", "13755556666"); st != http.StatusConflict || !strings.Contains(c.text("#form-error"), "名额已满") {
		t.Fatalf("sign-up past capacity: %d %q", st, c.text("#form-error"))
	}
	if n := c.eval(`String(document.querySelectorAll("#signup-form").length)`); n != "0" {
		t.Fatal("a full activity still shows the sign-up form")
	}
	c.shot("signup-full", "")

	// Cancel with the receipt and the code; the place is free again.
	c.open("/participate/cancel?receipt=" + receipt + "&lang=zh")
	c.set("#c-code", code)
	if st := c.submit("#cancel-submit"); st != 200 || !strings.Contains(c.text("#cancel-done"), receipt) {
		t.Fatalf("cancel: %d %s", st, c.text("main"))
	}
	c.open("/participate/activities/" + id + "?lang=zh")
	if got := c.text("#activity-counts"); !strings.Contains(got, "已报名 1") {
		t.Fatalf("counts after cancel %q", got)
	}
	if st := signup("吴敏", "13755556666"); st != 200 {
		t.Fatalf("the freed place: %d %s", st, c.text("main"))
	}
	for _, pd := range []string{"林小梅", "13711112222", "周建", "吴敏"} {
		if strings.Contains(c.text("body"), pd) {
			t.Errorf("%s on the public page", pd)
		}
	}

	// The seeded showcase story links to its case.
	done := se.cases["completed_with_permit"]
	c.open("/participate?lang=en")
	c.do(chromedp.Click(chromedp.CSS(`#story-list a`)))
	c.do(chromedp.WaitVisible(chromedp.ID("story-case")))
	if got := strings.TrimSpace(c.text("#story-case")); got != done.Number {
		t.Fatalf("story's case %q, want %s", got, done.Number)
	}
	c.shot("story-phone-en", "participation-story-phone-en.png")
	proof := c.eval(`document.querySelector("#story-case-proof").getAttribute("href")`)
	if r := se.client().get(proof); r.Status != 200 || !strings.Contains(r.Body, "workflow/case/"+done.Number) {
		t.Fatalf("case proof %s: %d %.300s", proof, r.Status, r.Body)
	}
	c.do(chromedp.Click(chromedp.ID("story-case-link")))
	c.do(chromedp.WaitVisible(chromedp.ID("decisions")))
	if loc := c.location(); !strings.HasPrefix(loc, "/land/decisions") {
		t.Fatalf("the case link led to %s", loc)
	}
	if got := c.eval(`(document.getElementById(` + "\"" + done.Number + "\"" + `) || {textContent: ""}).textContent`); !strings.Contains(got, done.Number) {
		t.Fatalf("the decision of %s is not on the page", done.Number)
	}
}
