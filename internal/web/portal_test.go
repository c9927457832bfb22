package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/web/disclosureweb"
	"github.com/pingshan/govchain/internal/web/feedbackweb"
)

// rawKey finds catalog keys that were not translated.
var rawKey = regexp.MustCompile(`\b(a11y|nav|footer|proof|err|home|fig|disc|cat|fb|kind|level|status|role|verify|login|staff|queue|sfb|sdisc|members|site|lang)\.[a-z_]+\b`)

func TestPortal(t *testing.T) {
	e := newEnv(t, Options{})
	citizen := e.client()

	// A published document, amended once, for the disclosure pages.
	nrb := e.staff("nrb-clerk")
	r := nrb.submit("/staff/disclosures", "/staff/disclosures", url.Values{"title": {"关于2026年度土地供应计划的公告"}, "category": {"notice"},
		"body": {"第一版正文"}, "effective_date": {"2026-03-01"}, "ref": {"坪自然资〔2026〕1号"}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/disclosures/nrb-") {
		t.Fatalf("publish: %d %s %s", r.Status, r.Location, r.Body)
	}
	docPath := r.Location
	number := strings.TrimPrefix(docPath, "/disclosures/")
	r = nrb.submit(docPath+"/amend", "/staff"+docPath+"/amend", url.Values{"title": {"关于2026年度土地供应计划的公告（修订）"}, "category": {"notice"},
		"body": {"第二版正文"}, "effective_date": {"2026-04-01"}, "reason": {"调整生效日期"}, "amends": {"1"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("amend: %d %s", r.Status, r.Body)
	}

	t.Run("disclosures", func(t *testing.T) {
		r := citizen.get(docPath)
		for _, want := range []string{"第二版正文", "调整生效日期", "/api/v1/proofs?key=disclosure%2Fdoc%2F" + number + "%2F0002", "第1版"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("document page lacks %q", want)
			}
		}
		if r := citizen.get(docPath + "?v=1"); !strings.Contains(r.Body, "第一版正文") || !strings.Contains(r.Body, "已被新版本替代") {
			t.Error("version 1 not readable or not marked superseded")
		}
		var list struct {
			Disclosures []DocRow `json:"disclosures"`
		}
		getJSON(t, citizen, "/api/v1/disclosures?department=nrb", &list)
		if len(list.Disclosures) != 1 || list.Disclosures[0].Version != 2 {
			t.Fatalf("api list: %+v", list)
		}
		var h disclosureweb.History
		getJSON(t, citizen, "/api/v1/disclosures/"+number, &h)
		if len(h.Versions) != 2 || h.Versions[1].Amends != 1 || h.Versions[0].Proof == "" {
			t.Fatalf("api history: %+v", h)
		}
		// Another department cannot amend.
		fin := e.staff("fin-admin")
		if r := fin.get("/staff" + docPath + "/amend"); r.Status != http.StatusForbidden {
			t.Errorf("fin amend form: %d", r.Status)
		}
	})

	t.Run("every page in both languages", func(t *testing.T) {
		pages := []string{"/", "/disclosures", docPath, "/feedback", "/governance", "/verify", "/verify?code=" + number, "/staff/login", "/nope"}
		visitor := e.client()
		for _, lang := range []string{"zh", "en"} {
			for _, p := range pages {
				r := visitor.get(p + sep(p) + "lang=" + lang)
				if p != "/nope" && r.Status != http.StatusOK {
					t.Errorf("%s %s: %d", lang, p, r.Status)
				}
				checkPage(t, lang, p, r.Body)
			}
		}
		staff := e.staff("nrb-admin")
		for _, lang := range []string{"zh", "en"} {
			for _, p := range []string{"/staff", "/staff/feedback", "/staff/disclosures", "/staff/members", "/staff" + docPath + "/amend"} {
				r := staff.get(p + sep(p) + "lang=" + lang)
				if r.Status != http.StatusOK {
					t.Errorf("%s %s: %d", lang, p, r.Status)
				}
				checkPage(t, lang, p, r.Body)
			}
		}
	})

	t.Run("suggestion with HTML is inert; contact sealed", func(t *testing.T) {
		evil := `<script>alert("x")</script><img src=x onerror=alert(1)><b>粗体</b>`
		r := citizen.submit("/feedback", "/feedback/submit", url.Values{"kind": {"suggestion"}, "department": {"nrb"}, "subject": {"<i>路灯</i>"},
			"text": {evil}, "name": {"李四"}, "phone": {"13900000000"}})
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/feedback/JY-") {
			t.Fatalf("submit: %d %s %s", r.Status, r.Location, r.Body)
		}
		receipt := strings.TrimSuffix(strings.TrimPrefix(r.Location, "/feedback/"), "?new=1")
		page := citizen.get("/feedback/" + receipt)
		if strings.Contains(page.Body, "<script>alert") || strings.Contains(page.Body, "<img src=x") || strings.Contains(page.Body, "<b>粗体") || strings.Contains(page.Body, "<i>路灯") {
			t.Fatal("submitted HTML rendered as markup")
		}
		if !strings.Contains(page.Body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
			t.Fatal("escaped text missing")
		}
		if strings.Contains(page.Body, "13900000000") || strings.Contains(page.Body, "李四") {
			t.Fatal("contact details shown publicly")
		}
		var v feedbackweb.ItemView
		getJSON(t, citizen, "/api/v1/feedback/"+receipt, &v)
		if v.Text != evil || !v.HasContact || v.Anonymous {
			t.Fatalf("api item: %+v", v)
		}
		raw := citizen.get("/api/v1/feedback/" + receipt)
		if strings.Contains(raw.Body, "13900000000") || strings.Contains(raw.Body, "contact\":{") {
			t.Fatal("contact in API answer")
		}
		// The addressed department opens the contact with a purpose, and
		// each opening is in the access log first; a plain view, a reading
		// without a purpose and another department's reading show nothing.
		nrbAdmin := e.staff("nrb-admin")
		item, contact := "/staff/feedback/"+receipt, "/staff/feedback/"+receipt+"/contact"
		if p := nrbAdmin.get(item); strings.Contains(p.Body, "13900000000") || !strings.Contains(p.Body, `id="contact-form"`) {
			t.Fatal("contact details opened without a stated purpose")
		}
		before := e.n.AccessLog.Head().Seq
		if p := nrbAdmin.submit(item, contact, url.Values{"purpose": {"other"}}); p.Status != http.StatusBadRequest || strings.Contains(p.Body, "13900000000") {
			t.Fatalf("contact without a reason: %d", p.Status)
		}
		if p := e.staff("fin-admin").submit(item, contact, url.Values{"purpose": {"reply"}}); p.Status != http.StatusForbidden || strings.Contains(p.Body, "13900000000") {
			t.Fatalf("another department opened the contact details: %d", p.Status)
		}
		if got := e.n.AccessLog.Head().Seq; got != before {
			t.Fatalf("refused readings logged: head %d, want %d", got, before)
		}
		if p := nrbAdmin.submit(item, contact, url.Values{"purpose": {"reply"}}); p.Status != http.StatusOK || !strings.Contains(p.Body, "13900000000") {
			t.Fatalf("department cannot read the contact details: %d", p.Status)
		}
		if got := e.n.AccessLog.Head().Seq; got != before+1 {
			t.Fatalf("access log head %d, want %d", got, before+1)
		}
		if last := lastAccess(t, e); last.StaffName != "nrb-admin" || last.Case != receipt || !strings.Contains(last.Purpose, "reply") {
			t.Fatalf("access log entry: %+v", last)
		}
		// Reply, then moderation: text hidden publicly with the reason.
		if r := nrbAdmin.submit("/staff/feedback/"+receipt, "/staff/feedback/"+receipt+"/reply", url.Values{"text": {"<em>已处理</em>"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("reply: %d %s", r.Status, r.Body)
		}
		if p := citizen.get("/feedback/" + receipt); !strings.Contains(p.Body, "&lt;em&gt;已处理&lt;/em&gt;") {
			t.Fatal("reply not shown (escaped) publicly")
		}
		if r := nrbAdmin.submit("/staff/feedback/"+receipt, "/staff/feedback/"+receipt+"/hide", url.Values{"reason": {"含有不当内容"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("hide: %d %s", r.Status, r.Body)
		}
		p := citizen.get("/feedback/" + receipt)
		if strings.Contains(p.Body, "alert(") || !strings.Contains(p.Body, "含有不当内容") {
			t.Fatal("hidden text still public or reason missing")
		}
	})

	t.Run("csrf", func(t *testing.T) {
		staff := e.staff("nrb-clerk")
		form := url.Values{"title": {"x"}, "category": {"notice"}, "body": {"y"}, "effective_date": {"2026-03-01"}}
		if r := staff.post("/staff/disclosures", form); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "安全令牌") {
			t.Fatalf("no token: %d", r.Status)
		}
		form.Set("csrf", "forged")
		if r := staff.post("/staff/disclosures", form); r.Status != http.StatusForbidden {
			t.Fatalf("forged token: %d", r.Status)
		}
		// A citizen's token is not a staff token.
		form.Set("csrf", citizen.csrf("/feedback"))
		if r := staff.post("/staff/disclosures", form); r.Status != http.StatusForbidden {
			t.Fatalf("other token: %d", r.Status)
		}
		if r := citizen.post("/feedback/submit", url.Values{"kind": {"suggestion"}}); r.Status != http.StatusForbidden {
			t.Fatalf("public form without token: %d", r.Status)
		}
		if r := staff.post("/staff/logout", url.Values{}); r.Status != http.StatusForbidden {
			t.Fatalf("logout without token: %d", r.Status)
		}
	})

	t.Run("wrong passwords slow the client, not the account", func(t *testing.T) {
		// One client guesses the auditor's password a hundred times
		// (moving the clock past each wait): each wrong answer doubles
		// its wait, up to 15 minutes.
		attacker := e.clientAt("203.0.113.9")
		wait := time.Second
		for i := 1; i <= 100; i++ {
			r := attacker.login("aud-auditor", "wrong-password")
			if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "不正确") {
				t.Fatalf("attempt %d: %d", i, r.Status)
			}
			// Trying again at once is refused before the password is checked.
			if r := attacker.login("aud-auditor", e.pw["aud-auditor"]); r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "秒后再试") {
				t.Fatalf("attempt %d, at once: %d", i, r.Status)
			}
			e.now.Advance(wait)
			wait = min(2*wait, 15*time.Minute)
		}
		// The owner, elsewhere, signs in at once.
		b := e.clientAt("198.51.100.77")
		if r := b.login("aud-auditor", e.pw["aud-auditor"]); r.Status != http.StatusSeeOther {
			t.Fatalf("owner after another client's guessing: %d %s", r.Status, r.Body)
		}
		if r := b.get("/staff"); r.Status != http.StatusOK || !strings.Contains(r.Body, "aud-auditor") {
			t.Fatalf("console: %d", r.Status)
		}
		if r := b.submit("/staff", "/staff/logout", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.Status)
		}
		if r := b.get("/staff"); r.Status != http.StatusSeeOther {
			t.Fatalf("console after logout: %d", r.Status)
		}
	})

	t.Run("rating opens a rectification task", func(t *testing.T) {
		e.addCase("nrb-clerk", "PS-2026-0001", "completed")
		e.addCase("nrb-clerk", "PS-2026-0002", "in_progress")
		rate := func(no, code, level string) resp {
			return citizen.submit("/feedback", "/feedback/rate", url.Values{"case_no": {no}, "access_code": {code}, "level": {level}, "comment": {"等了很久"}})
		}
		if r := rate("PS-2026-0001", "000000", feedback.Dissatisfied); r.Status != http.StatusForbidden || !strings.Contains(r.Body, "查询码不正确") {
			t.Fatalf("wrong code: %d", r.Status)
		}
		// Another client's wrong codes for the case block only that client.
		guesser := e.clientAt("203.0.113.50")
		for i := range 10 {
			if r := guesser.submit("/feedback", "/feedback/rate", url.Values{"case_no": {"PS-2026-0001"}, "access_code": {fmt.Sprint(i)}, "level": {feedback.VerySatisfied}}); r.Status != http.StatusForbidden {
				t.Fatalf("guess %d: %d", i, r.Status)
			}
		}
		if r := guesser.submit("/feedback", "/feedback/rate", url.Values{"case_no": {"PS-2026-0001"}, "access_code": {testCode}, "level": {feedback.VerySatisfied}}); r.Status != http.StatusTooManyRequests {
			t.Fatalf("guesser with the right code: %d", r.Status)
		}
		if r := rate("PS-2026-0002", testCode, feedback.Dissatisfied); r.Status != http.StatusConflict || !strings.Contains(r.Body, "尚未办结") {
			t.Fatalf("not completed: %d", r.Status)
		}
		r := rate("PS-2026-0001", testCode, feedback.Dissatisfied)
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Location, "/feedback/PJ-") {
			t.Fatalf("rate: %d %s", r.Status, r.Body)
		}
		receipt := strings.TrimSuffix(strings.TrimPrefix(r.Location, "/feedback/"), "?new=1")
		if r := rate("PS-2026-0001", testCode, feedback.VerySatisfied); r.Status != http.StatusConflict || !strings.Contains(r.Body, "已经评价过") {
			t.Fatalf("second rating: %d", r.Status)
		}
		staff := e.staff("nrb-approver")
		q := staff.get("/staff")
		task := feedback.TaskFor(receipt)
		if !strings.Contains(q.Body, task) {
			t.Fatal("task not in the department's queue")
		}
		if r := staff.submit("/staff/feedback/"+receipt, "/staff/tasks/"+task+"/close", url.Values{"text": {"已精简材料，承诺时限缩短为10个工作日"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("close: %d %s", r.Status, r.Body)
		}
		p := citizen.get("/feedback/" + receipt)
		if !strings.Contains(p.Body, "已精简材料") || !strings.Contains(p.Body, "已完成") {
			t.Fatal("rectification not public")
		}
		var ts struct {
			Rectifications []feedbackweb.TaskRow `json:"rectifications"`
		}
		getJSON(t, citizen, "/api/v1/rectifications?department=nrb", &ts)
		if len(ts.Rectifications) != 1 || ts.Rectifications[0].Status != "closed" {
			t.Fatalf("api tasks: %+v", ts)
		}
	})

	t.Run("json api", func(t *testing.T) {
		r := citizen.postJSON("/api/v1/feedback", feedbackweb.FeedbackInput{Kind: "complaint", Department: "hub", Subject: "噪音", Text: "夜间施工", Anonymous: true})
		if r.Status != http.StatusCreated {
			t.Fatalf("post: %d %s", r.Status, r.Body)
		}
		var c feedbackweb.Created
		json.Unmarshal([]byte(r.Body), &c)
		if !strings.HasPrefix(c.Receipt, "TS-") || c.Height == 0 {
			t.Fatalf("created: %+v", c)
		}
		for _, bad := range []struct {
			in     feedbackweb.FeedbackInput
			status int
		}{
			{feedbackweb.FeedbackInput{Kind: "complaint", Department: "hub", Subject: "s", Text: "t"}, http.StatusBadRequest},
			{feedbackweb.FeedbackInput{Kind: "praise"}, http.StatusBadRequest},
			{feedbackweb.FeedbackInput{Kind: "complaint", Department: "zzz", Subject: "s", Text: "t", Anonymous: true}, http.StatusNotFound},
			{feedbackweb.FeedbackInput{Kind: "rating", CaseNo: "PS-2026-0009", AccessCode: "1"}, http.StatusForbidden},
		} {
			r := citizen.postJSON("/api/v1/feedback", bad.in)
			var eb ErrorBody
			if err := json.Unmarshal([]byte(r.Body), &eb); err != nil || r.Status != bad.status || eb.Message == "" || eb.Codespace == "" {
				t.Errorf("%+v: %d %s", bad.in, r.Status, r.Body)
			}
		}
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/feedback", strings.NewReader(`{"kind":"suggestion"}`))
		req.Header.Set("Content-Type", "text/plain")
		if r := citizen.do(req); r.Status != http.StatusBadRequest {
			t.Errorf("text/plain body accepted: %d", r.Status)
		}
		if r := citizen.get("/api/v1/feedback/JY-0000000000"); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "codespace") {
			t.Errorf("unknown receipt: %d %s", r.Status, r.Body)
		}
		var sum Summary
		getJSON(t, citizen, "/api/v1/portal/summary", &sum)
		if sum.Height == 0 || len(sum.Figures) < 3 || sum.Ratings[feedback.Dissatisfied] != 1 {
			t.Errorf("summary: %+v", sum)
		}
	})

	t.Run("rate limit", func(t *testing.T) {
		old := e.p.ipLimit
		e.p.ipLimit = newLimiter(1, time.Hour, 100, e.now.Now)
		defer func() { e.p.ipLimit = old }()
		in := feedbackweb.FeedbackInput{Kind: "suggestion", Department: "eeb", Subject: "s", Text: "t", Anonymous: true}
		if r := citizen.postJSON("/api/v1/feedback", in); r.Status != http.StatusCreated {
			t.Fatalf("first: %d %s", r.Status, r.Body)
		}
		if r := citizen.postJSON("/api/v1/feedback", in); r.Status != http.StatusTooManyRequests {
			t.Fatalf("second: %d %s", r.Status, r.Body)
		}
		r := citizen.submit("/feedback", "/feedback/submit", url.Values{"kind": {"suggestion"}, "department": {"eeb"}, "subject": {"s"}, "text": {"t"}, "anonymous": {"1"}})
		if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "过于频繁") {
			t.Fatalf("form: %d", r.Status)
		}
	})

	t.Run("members", func(t *testing.T) {
		admin := e.staff("eeb-admin")
		r := admin.submit("/staff/members", "/staff/members", url.Values{"name": {"eeb-inspector"}, "roles": {"clerk"}})
		m := regexp.MustCompile(`id="initial-password">([^<]+)<`).FindStringSubmatch(r.Body)
		if r.Status != http.StatusOK || m == nil {
			t.Fatalf("add member: %d %s", r.Status, r.Body)
		}
		nb := e.client()
		if r := nb.login("eeb-inspector", m[1]); r.Status != http.StatusSeeOther {
			t.Fatalf("new member login: %d %s", r.Status, r.Body)
		}
		if r := e.staff("eeb-reviewer").get("/staff/members"); strings.Contains(r.Body, `action="/staff/members"`) {
			t.Error("non-admin sees the add form")
		}
	})

	t.Run("demo passwords file", func(t *testing.T) {
		if _, ok := e.pw["gsd-gateway"]; ok {
			t.Error("the gateway got a portal password")
		}
		if len(e.pw) < 10 {
			t.Errorf("only %d demo passwords", len(e.pw))
		}
		st, err := os.Stat(DemoPasswordsFile(e.home))
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("demo-passwords.json: %v %v", st, err)
		}
	})
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}

func checkPage(t *testing.T, lang, path, body string) {
	t.Helper()
	if k := rawKey.FindString(stripTags(body)); k != "" {
		t.Errorf("%s %s: untranslated key %q", lang, path, k)
	}
	wantLang := `<html lang="zh-CN">`
	if lang == "en" {
		wantLang = `<html lang="en">`
	}
	if !strings.Contains(body, wantLang) {
		t.Errorf("%s %s: no %s", lang, path, wantLang)
	}
	if !strings.Contains(body, `id="lang-switch"`) {
		t.Errorf("%s %s: no language switch", lang, path)
	}
	if strings.Contains(body, "<script") {
		t.Errorf("%s %s: page has a script", lang, path)
	}
}

var tags = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tags.ReplaceAllString(s, " ") }

func getJSON(t *testing.T, b *browser, path string, v any) {
	t.Helper()
	r := b.get(path)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
	}
	if err := json.Unmarshal([]byte(r.Body), v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}
