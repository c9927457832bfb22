package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/node"
)

// TestBrowserSharingFlow (issue #13): the main flow in a browser on a
// seeded dev chain whose node serves the ecology bureau's CSV. A housing
// reviewer requests the parcel's environmental approval for a land case in
// review; an ecology reviewer grants it from the incoming list; the housing
// reviewer fetches it in the console (hash checked against the chain) and
// uses it in the case; the applicant's page, in English, says the material
// was obtained through data sharing; the public page counts it.
func TestBrowserSharingFlow(t *testing.T) {
	ctx := newChrome(t)
	e := newSeededEnvWith(t, Options{}, func(home node.Home) {
		if _, err := demo.WriteSharingSources(string(home)); err != nil {
			t.Fatal(err)
		}
	})
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}
	review := e.cases["in_parallel_review"]

	if st := c.login("hub-reviewer", e.pw["hub-reviewer"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	c.open("/staff/sharing?lang=zh")
	c.do(chromedp.SetValue(chromedp.ID("rq-res"), "eeb-eia-approvals"))
	c.set("#rq-fields", "parcel_id,approval_no,conclusion")
	c.set("#rq-purpose", "建设用地审查：核验地块环评批复")
	c.set("#rq-basis", "《土地管理法》")
	c.set("#rq-case", review.Number)
	if st := c.submit("#rq-submit"); st != 200 {
		t.Fatalf("request: %d %s", st, c.text("main"))
	}
	var id uint64
	reqs, _ := sharing.Requests(e.state())
	for _, q := range reqs {
		if q.CaseNo == review.Number {
			id = q.ID
		}
	}
	if !strings.Contains(c.text(fmt.Sprintf("#own-%d", id)), review.Number) {
		t.Fatalf("own request %d not listed: %s", id, c.text("#ssh-own-list"))
	}
	c.logout()

	if st := c.login("eeb-reviewer", e.pw["eeb-reviewer"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	c.open("/staff/sharing?lang=zh")
	card := fmt.Sprintf("#in-%d", id)
	c.do(chromedp.Click(chromedp.CSS(card + ` input[value="grant"]`)))
	c.set(fmt.Sprintf("#f-ans-%d", id), "parcel_id,conclusion")
	if st := c.submit(card + ` button[type="submit"]`); st != 200 {
		t.Fatalf("answer: %d %s", st, c.text("main"))
	}
	c.shot("sharing-granted", "")
	c.logout()

	if st := c.login("hub-reviewer", e.pw["hub-reviewer"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	c.open("/staff/sharing?lang=zh")
	c.set(fmt.Sprintf("#on-%d", id), e.srv.URL)
	c.set(fmt.Sprintf("#kf-%d", id), "parcel_id")
	c.set(fmt.Sprintf("#kv-%d", id), review.Parcel)
	if st := c.submit(fmt.Sprintf(`#recv-%d button[type="submit"]`, id)); st != 200 {
		t.Fatalf("fetch: %d %s", st, c.text("main"))
	}
	if rows := c.text("#fetched-rows"); !strings.Contains(rows, "同意建设") || !strings.Contains(rows, review.Parcel) {
		t.Fatalf("fetched rows: %q", rows)
	}
	c.shot("sharing-fetched", "")
	acc, _ := sharing.Accesses(e.state())
	last := acc[len(acc)-1].ID
	c.set(fmt.Sprintf("#ac-%d", last), review.Number)
	if st := c.submit(fmt.Sprintf(`#acc-%d button[type="submit"]`, last)); st != 200 {
		t.Fatalf("attach: %d %s", st, c.text("main"))
	}
	c.logout()

	c.open("/land?lang=en")
	c.set("#t-no", review.Number)
	c.set("#t-code", review.AccessCode)
	if st := c.submit("#track-submit"); st != 200 {
		t.Fatalf("track: %d %s", st, c.text("main"))
	}
	if s := c.text("#shared-materials"); !strings.Contains(s, "obtained from the Ecology and Environment Bureau through data sharing, nothing to submit") {
		t.Fatalf("track page: %q", s)
	}
	c.shot("sharing-on-timeline", "")
	c.open("/sharing?lang=zh&by=requester")
	if n := strings.TrimSpace(c.text("#sh-saved-total")); n != "1" {
		t.Fatalf("materials saved %q", n)
	}
	c.shot("sharing-public", "")
}
