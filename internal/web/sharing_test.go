package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/node"
)

// TestSharingConsoleFlow (issue #13) on a seeded dev chain whose node
// serves the ecology bureau's example CSV: the housing bureau's reviewer
// asks, under a land case in review, for the parcel's environmental-impact
// approval; the ecology reviewer grants three fields (one personal); the
// housing reviewer fetches through the console (the personal field's view
// goes to the access log first), attaches the delivery to the case; the
// citizen's track page says the material was obtained through sharing, in
// both languages, without personal data; the public statistics count the
// material saved; after revocation the next fetch is refused.
func TestSharingConsoleFlow(t *testing.T) {
	var secrets []string
	e := newSeededEnvWith(t, Options{}, func(home node.Home) {
		var err error
		if secrets, err = demo.WriteSharingSources(string(home)); err != nil {
			t.Fatal(err)
		}
	})
	review := e.cases["in_parallel_review"]
	hub, eeb := e.staff("hub-reviewer"), e.staff("eeb-reviewer")

	if r := hub.submit("/staff/sharing", "/staff/sharing/request", url.Values{"resource": {"eeb-eia-approvals"},
		"fields": {"parcel_id,approval_no,conclusion,applicant_name"}, "purpose": {"建设用地审查：核验地块环评批复"},
		"legal_basis": {"《土地管理法》"}, "case_no": {review.Number}, "duration_days": {"30"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("request: %d %s", r.Status, r.Body)
	}
	var id uint64
	reqs, _ := sharing.Requests(e.state())
	for _, q := range reqs {
		if q.CaseNo == review.Number {
			id = q.ID
		}
	}
	ids := func(n uint64) string { return strconv.FormatUint(n, 10) }
	if page := eeb.get("/staff/sharing"); !strings.Contains(page.Body, `id="in-`+ids(id)+`"`) {
		t.Fatalf("request %d not in the ecology bureau's incoming list", id)
	}
	if q := eeb.get("/staff"); !strings.Contains(q.Body, "数据共享申请") || !strings.Contains(q.Body, "/staff/sharing#in-"+ids(id)) {
		t.Fatalf("the ecology reviewer's queue lacks request %d", id)
	}
	if home := e.client().get("/"); !strings.Contains(home.Body, "数据共享减少的材料") {
		t.Errorf("home page lacks the materials-saved figure")
	}
	if r := eeb.submit("/staff/sharing", "/staff/sharing/answer", url.Values{"request": {ids(id)}, "decision": {"grant"},
		"fields": {"parcel_id,conclusion,applicant_name"}, "valid_days": {"30"}, "max_uses": {"0"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("answer: %d %s", r.Status, r.Body)
	}
	before := e.n.AccessLog.Head().Seq
	fetch := func() resp {
		return hub.submit("/staff/sharing", "/staff/sharing/fetch", url.Values{"grant": {ids(id)}, "owner_node": {e.srv.URL},
			"fields": {"parcel_id,conclusion,applicant_name"}, "key_field": {"parcel_id"}, "key_value": {review.Parcel}, "purpose": {"审查 " + review.Number}})
	}
	r := fetch()
	if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="fetched-rows"`) || !strings.Contains(r.Body, "同意建设") || !strings.Contains(r.Body, `id="fetched-logged"`) {
		t.Fatalf("fetch: %d %s", r.Status, r.Body)
	}
	if got := e.n.AccessLog.Head().Seq; got != before+1 {
		t.Fatalf("access log head %d, want %d: the personal field's view was not logged", got, before+1)
	}
	acc, _ := sharing.Accesses(e.state())
	last := acc[len(acc)-1]
	if r := hub.submit("/staff/sharing", "/staff/sharing/attach", url.Values{"access": {ids(last.ID)}, "case": {review.Number}}); r.Status != http.StatusSeeOther {
		t.Fatalf("attach: %d %s", r.Status, r.Body)
	}

	citizen := e.client()
	for _, tc := range []struct{ lang, want string }{
		{"zh", "已通过数据共享从"},
		{"en", "through data sharing, nothing to submit"},
	} {
		citizen.get("/land/track?lang=" + tc.lang) // remembered in a cookie
		page := citizen.submit("/land/track", "/land/track", url.Values{"case_no": {review.Number}, "access_code": {review.AccessCode}})
		if page.Status != http.StatusOK || !strings.Contains(page.Body, `id="shared-materials"`) || !strings.Contains(page.Body, tc.want) {
			t.Fatalf("track page (%s): %d, lacks %q", tc.lang, page.Status, tc.want)
		}
		if tc.lang == "en" && !strings.Contains(page.Body, "Ecology and Environment") {
			t.Errorf("track page does not name the ecology bureau")
		}
		for _, s := range append(secrets, "坪山区教育发展中心") {
			if strings.Contains(page.Body, s) {
				t.Errorf("track page shows %q", s)
			}
		}
	}
	citizen.get("/sharing?lang=zh")
	pub := citizen.get("/sharing?by=requester")
	if pub.Status != http.StatusOK || !strings.Contains(pub.Body, `<td id="sh-saved-total">1</td>`) || !strings.Contains(pub.Body, `id="res-eeb-eia-approvals"`) {
		t.Fatalf("public sharing page: %d %s", pub.Status, pub.Body)
	}
	for _, s := range append(secrets, "同意建设") {
		if strings.Contains(pub.Body, s) {
			t.Errorf("public sharing page shows %q", s)
		}
	}

	if r := eeb.submit("/staff/sharing", "/staff/sharing/revoke", url.Values{"grant": {ids(id)}, "reason": {"更正批复"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("revoke: %d %s", r.Status, r.Body)
	}
	if r := fetch(); r.Status != http.StatusBadGateway || strings.Contains(r.Body, `id="fetched-rows"`) {
		t.Fatalf("fetch after revocation: %d", r.Status)
	}
}
