package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/web/feedbackweb"
	"github.com/pingshan/govchain/internal/web/participationweb"
)

// TestParticipationPortal walks the participation routes without a
// browser: the console announces an activity and publishes a story, the
// JSON API signs up and is refused at capacity, cancel needs the right
// code, and a return visit follows a closed rectification. Each row is
// one request with the status and a text the answer must hold.
func TestParticipationPortal(t *testing.T) {
	e := newEnv(t, Options{PublicBurst: 100})
	nrb := e.staff("nrb-clerk")
	start := time.Now().Add(72 * time.Hour).In(cst).Format("2006-01-02T15:04") // the datetime-local field, Beijing time
	if r := nrb.submit("/staff/participation", "/staff/participation/activity", url.Values{"kind": {"forum"}, "title_zh": {"社区座谈会"},
		"place": {"坪山街道办 1 楼"}, "start": {start}, "minutes": {"60"}, "capacity": {"2"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("announce: %d %s", r.Status, r.Body)
	}
	e.addCase("nrb-clerk", "PS-2026-0301", "completed")
	citizen := e.client()
	if r := citizen.postJSON("/api/v1/feedback", feedbackweb.FeedbackInput{Kind: "rating", CaseNo: "PS-2026-0301", AccessCode: testCode, Level: feedback.VeryDissatisfied}); r.Status != 201 {
		t.Fatalf("rating: %d %s", r.Status, r.Body)
	}
	if r := nrb.submit("/staff/participation", "/staff/participation/story", url.Values{"case_no": {"PS-2026-0301"}, "title_zh": {"从差评到整改"},
		"body_zh": {"窗口根据市民意见统一了材料清单。"}, "consent": {"1"}, "consent_hash": {strings.Repeat("ab", 32)}}); r.Status != http.StatusSeeOther {
		t.Fatalf("story: %d %s", r.Status, r.Body)
	}

	var receipts []participationweb.SignupCreated
	signup := func(name, phone string) resp {
		r := citizen.postJSON("/api/v1/participation/signups", participationweb.SignupInput{Activity: 1, Name: name, Phone: phone})
		if r.Status == http.StatusCreated {
			var c participationweb.SignupCreated
			_ = json.Unmarshal([]byte(r.Body), &c)
			receipts = append(receipts, c)
		}
		return r
	}
	steps := []struct {
		name   string
		do     func() resp
		status int
		want   string
	}{
		{"no name", func() resp { return signup("", "13800000001") }, 400, "name"},
		{"bad phone", func() resp { return signup("李四", "call me") }, 400, "phone"},
		{"unknown activity", func() resp {
			return citizen.postJSON("/api/v1/participation/signups", participationweb.SignupInput{Activity: 9, Name: "李四", Phone: "13800000001"})
		}, 404, "activity"},
		{"first", func() resp { return signup("李四", "13800000001") }, 201, "BM-"},
		{"second", func() resp { return signup("王五", "13800000002") }, 201, "BM-"},
		{"full", func() resp { return signup("赵六", "13800000003") }, 409, "full"},
		{"full, on the page", func() resp { return citizen.get("/participate/activities/1?lang=zh") }, 200, "名额已满"},
		{"cancel with a wrong code", func() resp {
			return citizen.submit("/participate/cancel", "/participate/cancel", url.Values{"receipt": {receipts[0].Receipt}, "cancel_code": {"AAAA-BBBB-CCCC-DDDD"}})
		}, 403, "取消码不正确"},
		{"cancel", func() resp {
			return citizen.submit("/participate/cancel", "/participate/cancel", url.Values{"receipt": {receipts[0].Receipt}, "cancel_code": {strings.ToLower(receipts[0].CancelCode)}})
		}, 200, "已取消"},
		{"the freed place", func() resp { return signup("赵六", "13800000003") }, 201, "BM-"},
		{"public counts", func() resp { return citizen.get("/api/v1/participation") }, 200, `"active": 2`},
		{"story page", func() resp { return citizen.get("/participate/stories/1?lang=zh") }, 200, "PS-2026-0301"},
		{"return visit before the rectification is closed", func() resp {
			return citizen.postJSON("/api/v1/participation/return-visits", participationweb.VisitInput{CaseNo: "PS-2026-0301", AccessCode: testCode, Answer: "solved"})
		}, 409, "rectification"},
		{"close the rectification", func() resp {
			return nrb.submit("/staff/feedback", "/staff/tasks/"+feedback.TaskFor(ratingOf(t, e, "PS-2026-0301"))+"/close", url.Values{"text": {"已统一材料清单"}})
		}, 303, ""},
		{"return visit with a wrong code", func() resp {
			return citizen.postJSON("/api/v1/participation/return-visits", participationweb.VisitInput{CaseNo: "PS-2026-0301", AccessCode: "135791", Answer: "solved"})
		}, 403, ""},
		{"return visit", func() resp {
			return citizen.submit("/participate/return-visit", "/participate/return-visit", url.Values{"case_no": {"PS-2026-0301"}, "access_code": {testCode}, "answer": {"not_solved"}})
		}, 200, "问题未解决"},
		{"answered twice", func() resp {
			return citizen.postJSON("/api/v1/participation/return-visits", participationweb.VisitInput{CaseNo: "PS-2026-0301", AccessCode: testCode, Answer: "solved"})
		}, 409, "already"},
		{"a case without a rectification", func() resp {
			e.addCase("nrb-clerk", "PS-2026-0302", "completed")
			return citizen.postJSON("/api/v1/participation/return-visits", participationweb.VisitInput{CaseNo: "PS-2026-0302", AccessCode: testCode, Answer: "solved"})
		}, 400, "no rectification"},
		{"learn pages", func() resp { return citizen.get("/learn/privacy?lang=en") }, 200, "sealed.svg"},
		{"unknown learn page", func() resp { return citizen.get("/learn/nothing") }, 404, ""},
		{"the organiser opens the names, logged", func() resp {
			return nrb.submit("/staff/participation", "/staff/participation/attendees", url.Values{"activity": {"1"}, "purpose": {"签到"}})
		}, 200, "王五"},
		{"another department cannot", func() resp {
			return e.staff("eeb-admin").submit("/staff/participation", "/staff/participation/attendees", url.Values{"activity": {"1"}, "purpose": {"x"}})
		}, 403, ""},
		{"console lists sign-ups", func() resp { return nrb.get("/staff/participation") }, 200, "BM-"},
	}
	for _, s := range steps {
		r := s.do()
		if r.Status != s.status || !strings.Contains(r.Body, s.want) {
			t.Fatalf("%s: %d, want %d with %q: %.600s", s.name, r.Status, s.status, s.want, r.Body)
		}
	}
	a, err := participation.GetActivity(e.state(), 1)
	if err != nil || a.Active != 2 || a.Cancelled != 1 {
		t.Fatalf("activity %+v %v", a, err)
	}
	// Every sign-up carries the gateway's keyed hash of the phone (the dev
	// network gave the gateway a participant-hash key): three phones,
	// three different hashes.
	seen := map[string]bool{}
	for _, rc := range receipts {
		sg, err := participation.GetSignup(e.state(), rc.Receipt)
		if err != nil || sg.Participant.Check("participant", true) != nil {
			t.Fatalf("sign-up %s: participant %q, %v", rc.Receipt, sg.Participant, err)
		}
		seen[string(sg.Participant)] = true
	}
	if len(seen) != 3 {
		t.Fatalf("%d distinct participant hashes among %d sign-ups, want 3", len(seen), len(receipts))
	}
	// Names and phones only ever sealed.
	_ = e.state().Iterate([]byte("participation/"), func(k, v []byte) bool {
		for _, pd := range []string{"李四", "13800000001", "王五", "13800000002"} {
			if bytes.Contains(v, []byte(pd)) {
				t.Errorf("%q in clear at %s", pd, k)
			}
		}
		return true
	})
}

func ratingOf(t *testing.T, e *env, caseNo string) string {
	t.Helper()
	r, err := feedback.RatingOf(e.state(), caseNo)
	if err != nil || r == "" {
		t.Fatalf("rating of %s: %q %v", caseNo, r, err)
	}
	return r
}
