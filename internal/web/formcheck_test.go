package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/web/feedbackweb"
)

// TestFormHygiene: forms refuse invisible direction controls and control
// characters in any field, malformed IDs, phones and e-mail addresses, and
// markup-looking contact data, with a sentence that names the field —
// before anything is sealed or signed.
func TestFormHygiene(t *testing.T) {
	e := newSeededEnv(t, Options{})
	citizen := e.client()
	feedbackForm := func(change func(url.Values)) url.Values {
		f := url.Values{"kind": {"suggestion"}, "department": {"nrb"}, "subject": {"路灯不亮"}, "text": {"第一行\r\n第二行"},
			"name": {"李四"}, "phone": {"13900000000"}, "email": {"li.si@example.cn"}}
		change(f)
		return f
	}
	window := url.Values{"parcel": {"PS-G06-0611"}, "name": {"赵窗口"}, "id_number": {"440307200002020021"}, "phone": {"13511112222"}, "address": {"坪山区东门街1号"},
		"hash_application_form": {strings.Repeat("ab", 32)}, "hash_site_plan": {strings.Repeat("cd", 32)}}
	windowForm := func(field, value string) url.Values {
		f := url.Values{}
		for k, v := range window {
			f[k] = v
		}
		f.Set(field, value)
		return f
	}
	clerk := e.staff("nrb-clerk")

	cases := []struct {
		name   string
		who    *browser
		page   string
		action string
		form   url.Values
		want   string // in the answer's body
	}{
		{"bidi override in a subject", citizen, "/feedback", "/feedback/submit",
			feedbackForm(func(f url.Values) { f.Set("subject", "Official reply from City \u202eLLAH") }), "“标题”中含有不可见的控制字符或文字方向控制符"},
		{"isolate in the text", citizen, "/feedback", "/feedback/submit",
			feedbackForm(func(f url.Values) { f.Set("text", "a\u2066b") }), "U&#43;2066"},
		{"NUL in the text", citizen, "/feedback", "/feedback/submit",
			feedbackForm(func(f url.Values) { f.Set("text", "a\x00b") }), "U&#43;0000"},
		{"phone of 10 digits", citizen, "/feedback", "/feedback/submit",
			feedbackForm(func(f url.Values) { f.Set("phone", "1390000000") }), "“联系电话”应为11位手机号码"},
		{"e-mail with a display name", citizen, "/feedback", "/feedback/submit",
			feedbackForm(func(f url.Values) { f.Set("email", "Li <li@example.cn>") }), "“电子邮箱”应为一个电子邮箱地址"},
		{"markup as a name", citizen, "/feedback", "/feedback/submit",
			feedbackForm(func(f url.Values) { f.Set("name", `<img src=x onerror=alert(1)>`) }), "“姓名”中含有尖括号、引号或脚本"},
		{"script scheme as a name", citizen, "/feedback", "/feedback/submit",
			feedbackForm(func(f url.Values) { f.Set("name", "javascript:alert(1)") }), "“姓名”中含有尖括号、引号或脚本"},
		{"window: ID with a wrong check digit", clerk, "/staff/land/apply", "/staff/land/apply",
			windowForm("id_number", "440307200002020022"), "“证件号码”不是有效的身份证号码"},
		{"window: ID with an impossible date", clerk, "/staff/land/apply", "/staff/land/apply",
			windowForm("id_number", "440307200002300021"), "“证件号码”不是有效的身份证号码"},
		{"window: phone with letters", clerk, "/staff/land/apply", "/staff/land/apply",
			windowForm("phone", "1351111222x"), "“联系电话”应为11位手机号码"},
		{"window: markup in the address", clerk, "/staff/land/apply", "/staff/land/apply",
			windowForm("address", `坪山"><script>`), "“地址”中含有尖括号、引号或脚本"},
		{"window: RLO in the name", clerk, "/staff/land/apply", "/staff/land/apply",
			windowForm("name", "赵\u202e窗口"), "U&#43;202E"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.who.submit(c.page, c.action, c.form)
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, c.want) {
				t.Fatalf("status %d, want 400 with %q; body:\n%s", r.Status, c.want, excerpt(r.Body, "alert"))
			}
		})
	}

	t.Run("json api: e-mail in brackets", func(t *testing.T) {
		r := citizen.postJSON("/api/v1/feedback", feedbackweb.FeedbackInput{Kind: "suggestion", Department: "nrb", Subject: "s", Text: "t",
			Contact: &feedback.Contact{Email: "<li@example.cn>"}})
		if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "email") {
			t.Fatalf("status %d: %s", r.Status, r.Body)
		}
	})

	// The same forms with clean data go through.
	if r := citizen.submit("/feedback", "/feedback/submit", feedbackForm(func(url.Values) {})); r.Status != http.StatusSeeOther {
		t.Fatalf("clean feedback: %d %s", r.Status, r.Body)
	}
	if r := clerk.submit("/staff/land/apply", "/staff/land/apply", windowForm("id_number", "44030719991212000x")); r.Status != http.StatusOK || !strings.Contains(r.Body, `id="new-code"`) {
		t.Fatalf("clean window application (lower-case x): %d", r.Status)
	}
}

// excerpt keeps failure output short.
func excerpt(body, _ string) string {
	if i := strings.Index(body, `role="alert"`); i >= 0 {
		return body[i:min(len(body), i+600)]
	}
	return body[:min(len(body), 600)]
}
