package participation

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// handleReturnVisit records the rating citizen's answer once the
// rectification task is closed; one answer per task.
func (pm Module) handleReturnVisit(ctx *module.Context, p module.Payload) error {
	m := p.(*ReturnVisit)
	t, err := feedback.GetTask(ctx.KV, m.Task)
	if err != nil {
		return err
	}
	lookup := pm.cases
	if lookup == nil {
		return fmt.Errorf("%w: no case module is installed", feedback.ErrNoCases)
	}
	c, err := lookup(ctx.KV, t.CaseNo)
	if err != nil {
		return err
	}
	// The citizen's authority, checked here: only the case's access code
	// yields the token.
	if !workflow.CheckRatingToken(ctx.Suite, c.RatingTokenHash, m.token()) {
		return fmt.Errorf("%w: task %s", ErrRatingToken, t.ID)
	}
	if t.Status != feedback.TaskClosed {
		return fmt.Errorf("%w: task %s", ErrTaskNotClosed, t.ID)
	}
	if prev, err := GetVisit(ctx.KV, t.ID); err != nil {
		return err
	} else if prev != nil {
		return fmt.Errorf("%w: task %s (%s)", ErrAlreadyAnswered, t.ID, prev.Answer)
	}
	v := &Visit{Task: t.ID, CaseNo: t.CaseNo, Department: t.Department, Answer: m.Answer, Gateway: ctx.Signer.Address,
		Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := put(ctx.KV, VisitKey(t.ID), v); err != nil {
		return err
	}
	ctx.Emit("participation.return_visit", "task", t.ID, "case_no", t.CaseNo, "department", t.Department, "answer", m.Answer)
	return nil
}
