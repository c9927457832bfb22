package participation_test

import (
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/participation"
)

func hexString(b []byte) string { return hex.EncodeToString(b) }

const consent = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

func story(no string) participation.PublishStory {
	return participation.PublishStory{CaseNo: no, TitleZH: "三天办结的用地审批", BodyZH: "申请人在线提交……", Consent: true, ConsentHash: consent}
}

func TestPublishWithdrawStory(t *testing.T) {
	c := newChain(t)
	addCase(c, "nrb-clerk", "C-1", "completed")
	addCase(c, "nrb-clerk", "C-2", "in_progress")
	// The citizen rated C-1: the story carries the rating.
	c.MustDo("gsd-gateway", "feedback", "rate", feedback.Rate{CaseNo: "C-1", Level: feedback.VerySatisfied, RatingToken: tokenFor(c.Suite, accessCode("C-1"))})
	cases := []struct {
		name string
		who  string
		p    participation.PublishStory
		want *errcode.Error
	}{
		{"in progress", "nrb-clerk", story("C-2"), participation.ErrCaseNotCompleted},
		{"unknown case", "nrb-clerk", story("C-9"), feedback.ErrCaseNotFound},
		{"another department's case", "eeb-admin", story("C-1"), participation.ErrOtherDepartment},
		{"published", "nrb-clerk", story("C-1"), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { wantCode(t, c.Do(tc.who, "participation", "story_publish", tc.p), tc.want) })
	}
	s, err := participation.GetStory(c.State(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if s.Case.Number != "C-1" || s.Case.Department != "nrb" || s.Case.Rating != feedback.VerySatisfied || !strings.HasPrefix(s.Case.RatingReceipt, "PJ-") {
		t.Fatalf("facts %+v", s.Case)
	}
	if s.ConsentHash != consent || s.State != participation.StoryPublished {
		t.Fatalf("story %+v", s)
	}
	c.Advance(time.Hour)
	wantCode(t, c.Do("eeb-admin", "participation", "story_withdraw", participation.WithdrawStory{Story: 1, Reason: "x"}), participation.ErrOtherDepartment)
	wantCode(t, c.Do("nrb-clerk", "participation", "story_withdraw", participation.WithdrawStory{Story: 1, Reason: "申请人撤回同意"}), nil)
	wantCode(t, c.Do("nrb-clerk", "participation", "story_withdraw", participation.WithdrawStory{Story: 1, Reason: "again"}), participation.ErrStoryState)
	s, _ = participation.GetStory(c.State(), 1)
	if s.State != participation.StoryWithdrawn || s.Withdrawal == nil || s.Withdrawal.Reason != "申请人撤回同意" || s.BodyZH == "" {
		t.Fatalf("withdrawn story keeps its history: %+v", s)
	}
}

func TestPublishStoryPayload(t *testing.T) {
	cases := []struct {
		name string
		edit func(p *participation.PublishStory)
		want string
	}{
		{"no consent", func(p *participation.PublishStory) { p.Consent = false }, "consent"},
		{"no consent hash", func(p *participation.PublishStory) { p.ConsentHash = "" }, "consent_hash"},
		{"short consent hash", func(p *participation.PublishStory) { p.ConsentHash = "abcd" }, "consent_hash"},
		{"no title", func(p *participation.PublishStory) { p.TitleZH = " " }, "title_zh"},
		{"long body", func(p *participation.PublishStory) { p.BodyZH = strings.Repeat("字", participation.MaxBody+1) }, "body_zh"},
		{"no case", func(p *participation.PublishStory) { p.CaseNo = "" }, "case_no"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := story("C-1")
			tc.edit(&p)
			err := p.Validate()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error naming %s", err, tc.want)
			}
		})
	}
	p := story("C-1")
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
}
