package participation

import (
	"errors"
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
)

// caseFacts reads what the chain knows of a case: through the feedback
// module's case lookup (the same one ratings use), then the workflow
// record for its steps, and the rating if there is one.
func caseFacts(lookup feedback.CaseLookup, r store.Reader, number string) (*CaseFacts, error) {
	if lookup == nil {
		return nil, fmt.Errorf("%w: no case module is installed", feedback.ErrNoCases)
	}
	c, err := lookup(r, number)
	if err != nil {
		return nil, err
	}
	if !c.Completed {
		return nil, fmt.Errorf("%w: case %s is still in progress", ErrCaseNotCompleted, number)
	}
	f := &CaseFacts{Number: c.Number, Process: c.Title, Department: c.Department, Closed: c.CompletedAt.UTC()}
	wc, err := workflow.GetCase(r, number)
	switch {
	case err == nil:
		f.Opened, f.Steps, f.Outcome = wc.OpenedAt.UTC(), len(wc.Visits), wc.Outcome
	case !errors.Is(err, workflow.ErrCaseNotFound):
		return nil, err
	}
	receipt, err := feedback.RatingOf(r, number)
	if err != nil {
		return nil, err
	}
	if receipt != "" {
		it, err := feedback.GetItem(r, receipt)
		if err != nil {
			return nil, err
		}
		f.Rating, f.RatingReceipt = it.Level, receipt
	}
	return f, nil
}

// handlePublishStory: a department showcases one of its own completed
// cases; the story carries the chain's facts of the case as they are now.
func (pm Module) handlePublishStory(ctx *module.Context, p module.Payload) error {
	m := p.(*PublishStory)
	facts, err := caseFacts(pm.cases, ctx.KV, m.CaseNo)
	if err != nil {
		return err
	}
	if facts.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: case %s was handled by %q", ErrOtherDepartment, m.CaseNo, facts.Department)
	}
	id, err := nextID(ctx.KV, "story")
	if err != nil {
		return err
	}
	s := &Story{ID: id, Department: ctx.Signer.Department, TitleZH: m.TitleZH, TitleEN: m.TitleEN, BodyZH: m.BodyZH, BodyEN: m.BodyEN,
		ConsentHash: m.ConsentHash, Case: *facts, State: StoryPublished, Publisher: ctx.Signer.Address, Height: ctx.Height,
		Published: ctx.BlockTime.UTC()}
	if err := put(ctx.KV, StoryKey(id), s); err != nil {
		return err
	}
	ctx.Emit("participation.story_published", "story", fmt.Sprint(id), "department", s.Department, "case_no", m.CaseNo)
	return nil
}

// handleWithdrawStory marks a story withdrawn; its record stays, so what
// was published and when remains provable.
func handleWithdrawStory(ctx *module.Context, p module.Payload) error {
	m := p.(*WithdrawStory)
	s, err := GetStory(ctx.KV, m.Story)
	if err != nil {
		return err
	}
	if s.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: story %d belongs to %q", ErrOtherDepartment, s.ID, s.Department)
	}
	if s.State != StoryPublished {
		return fmt.Errorf("%w: story %d", ErrStoryState, s.ID)
	}
	s.State, s.Withdrawal = StoryWithdrawn, change(ctx, m.Reason)
	if err := put(ctx.KV, StoryKey(s.ID), s); err != nil {
		return err
	}
	ctx.Emit("participation.story_withdrawn", "story", fmt.Sprint(s.ID), "department", s.Department)
	return nil
}
