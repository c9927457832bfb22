package participation_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/participation"
)

func TestReturnVisit(t *testing.T) {
	c := newChain(t)
	addCase(c, "nrb-clerk", "C-1", "completed")
	r := c.MustDo("gsd-gateway", "feedback", "rate", feedback.Rate{CaseNo: "C-1", Level: feedback.VeryDissatisfied, RatingToken: tokenFor(c.Suite, accessCode("C-1"))})
	task := apptest.Event(r, "feedback.task_opened", "task")
	visit := func(code, answer string) participation.ReturnVisit {
		return participation.ReturnVisit{Task: task, RatingToken: tokenFor(c.Suite, code), Answer: answer}
	}
	steps := []struct {
		name  string
		close bool // close the task before this step
		p     participation.ReturnVisit
		want  *errcode.Error
	}{
		{"task still open", false, visit(accessCode("C-1"), participation.Solved), participation.ErrTaskNotClosed},
		{"wrong code", true, visit("CODE-other", participation.Solved), participation.ErrRatingToken},
		{"unknown task", false, participation.ReturnVisit{Task: "ZG-0000000000", RatingToken: tokenFor(c.Suite, accessCode("C-1")), Answer: participation.Solved}, feedback.ErrTaskNotFound},
		{"answered", false, visit(accessCode("C-1"), participation.NotSolved), nil},
		{"twice", false, visit(accessCode("C-1"), participation.Solved), participation.ErrAlreadyAnswered},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			if s.close {
				c.MustDo("nrb-clerk", "feedback", "close_task", feedback.CloseTask{Task: task, Text: "已整改：窗口延长服务时间"})
			}
			wantCode(t, c.Do("gsd-gateway", "participation", "return_visit", s.p), s.want)
		})
	}
	v, err := participation.GetVisit(c.State(), task)
	if err != nil || v == nil || v.Answer != participation.NotSolved || v.Department != "nrb" || v.CaseNo != "C-1" {
		t.Fatalf("visit %+v %v", v, err)
	}
}
