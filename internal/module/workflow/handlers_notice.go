package workflow

import (
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
)

// FileObjectionRequest is the payload of workflow.file_objection, sent by a
// gateway (online) or a window clerk on behalf of anyone: objections are
// public, so the text must not carry the objector's personal data.
type FileObjectionRequest struct {
	Case string `json:"case"`
	Text string `json:"text"`
}

// Validate implements module.Payload.
func (p *FileObjectionRequest) Validate() error {
	if err := validateCaseNumber(p.Case); err != nil {
		return err
	}
	return validateText("text", p.Text, true)
}

// FileObjection records an objection while the case's notice runs and
// returns its number within the case.
func FileObjection(ctx *module.Context, p FileObjectionRequest) (int, error) {
	if err := p.Validate(); err != nil {
		return 0, fmt.Errorf("%w: %v", ErrInvalidField, err)
	}
	c, d, err := load(ctx, p.Case)
	if err != nil {
		return 0, err
	}
	id, err := fileObjection(d, c, &p, actorOf(ctx))
	if err != nil {
		return 0, err
	}
	ctx.Emit("workflow.objection_filed", "case", c.Number, "objection", strconv.Itoa(id), "step", c.Current)
	return id, putCase(ctx.KV, c)
}

func (m Module) handleFileObjection(ctx *module.Context, p module.Payload) error {
	_, err := FileObjection(ctx, *p.(*FileObjectionRequest))
	return err
}

// AnswerObjectionRequest is the payload of workflow.answer_objection, by the
// notice step's department and roles.
type AnswerObjectionRequest struct {
	Case      string `json:"case"`
	Objection int    `json:"objection"`
	// Outcome is the finding: ObjectionUpheld or ObjectionDismissed.
	Outcome     string       `json:"outcome"`
	Answer      string       `json:"answer"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// The outcomes of an objection. Upheld records that the objection holds;
// it changes no step by itself: the case goes on to its decision, where
// the approver decides with the finding on record (docs/objections.md).
const (
	ObjectionUpheld    = "upheld"
	ObjectionDismissed = "dismissed"
)

// validateObjectionOutcome refuses a missing or unknown outcome.
func validateObjectionOutcome(o string) error {
	switch o {
	case ObjectionUpheld, ObjectionDismissed:
		return nil
	case "":
		return fmt.Errorf("%w: outcome is missing; want %q or %q", ErrObjectionOutcome, ObjectionUpheld, ObjectionDismissed)
	default:
		return fmt.Errorf("%w: outcome %q; want %q or %q", ErrObjectionOutcome, o, ObjectionUpheld, ObjectionDismissed)
	}
}

// Validate implements module.Payload.
func (p *AnswerObjectionRequest) Validate() error {
	if err := validateCaseNumber(p.Case); err != nil {
		return err
	}
	if p.Objection < 1 {
		return fmt.Errorf("objection is the objection's number, from 1")
	}
	if err := validateObjectionOutcome(p.Outcome); err != nil {
		return err
	}
	if err := validateText("answer", p.Answer, true); err != nil {
		return err
	}
	return validateAttachments(p.Attachments)
}

// AnswerObjection records the answer to an objection.
func AnswerObjection(ctx *module.Context, p AnswerObjectionRequest) (*Case, error) {
	if err := validateObjectionOutcome(p.Outcome); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidField, err)
	}
	c, d, err := load(ctx, p.Case)
	if err != nil {
		return nil, err
	}
	if err := answerObjection(d, c, &p, actorOf(ctx)); err != nil {
		return nil, err
	}
	ctx.Emit("workflow.objection_answered", "case", c.Number, "objection", strconv.Itoa(p.Objection), "outcome", p.Outcome)
	return c, putCase(ctx.KV, c)
}

func (m Module) handleAnswerObjection(ctx *module.Context, p module.Payload) error {
	_, err := AnswerObjection(ctx, *p.(*AnswerObjectionRequest))
	return err
}
