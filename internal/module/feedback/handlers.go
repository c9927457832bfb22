package feedback

import (
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// Module is the feedback module.
type Module struct {
	cases CaseLookup
}

// New builds the feedback module; ratings find their cases with cases
// (WorkflowCase on a real chain; nil refuses every rating).
func New(cases CaseLookup) Module { return Module{cases: cases} }

// Name implements module.Module.
func (Module) Name() string { return "feedback" }

// RectifyDaysParam is feedback.rectify_days, the days a department has to
// close a rectification task opened by a poor rating.
func RectifyDaysParam() module.Param {
	return module.IntParam("feedback.rectify_days", "days a department has to close a rectification task opened by a poor rating", RectifyDays, 1, 365)
}

// Params implements module.ParamModule.
func (Module) Params() []module.Param { return []module.Param{RectifyDaysParam()} }

// Staff are the roles that may answer feedback for their department.
func Staff() []string {
	return []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer, module.RoleApprover}
}

// Actions implements module.Module.
func (m Module) Actions() []module.Action {
	gateway := []string{module.RoleGateway}
	return []module.Action{
		{Name: "submit", Roles: gateway, Decode: module.DecodeJSON[Submit], Handle: handleSubmit},
		{Name: "rate", Roles: gateway, Decode: module.DecodeJSON[Rate], Handle: m.handleRate},
		{Name: "reply", Roles: Staff(), Decode: module.DecodeJSON[ReplyTo], Handle: handleReply},
		{Name: "close_task", Roles: Staff(), Decode: module.DecodeJSON[CloseTask], Handle: handleCloseTask},
		{Name: "hide", Roles: []string{module.RoleAdmin}, Decode: module.DecodeJSON[Hide], Handle: handleHide},
	}
}

func newItem(ctx *module.Context, kind, dept string) (*Item, error) {
	receipt := ReceiptFor(kind, ctx.TxHash)
	if old, err := ctx.KV.Get(ItemKey(receipt)); err != nil {
		return nil, err
	} else if old != nil {
		return nil, fmt.Errorf("%w: %s", ErrDuplicate, receipt)
	}
	return &Item{Receipt: receipt, Kind: kind, Department: dept, Status: StatusOpen, Gateway: ctx.Signer.Address,
		GatewayDept: ctx.Signer.Department, Height: ctx.Height, TxIndex: ctx.TxIndex, Time: ctx.BlockTime.UTC()}, nil
}

func handleSubmit(ctx *module.Context, p module.Payload) error {
	m := p.(*Submit)
	if _, err := identity.LiveDepartment(ctx.KV, m.Department); err != nil {
		return err
	}
	it, err := newItem(ctx, m.Kind, m.Department)
	if err != nil {
		return err
	}
	salt, err := decodeSalt(m.Salt)
	if err != nil {
		return err
	}
	// The words stay in the tx; state keeps the commitment (text.go).
	it.TextHash, it.Anonymous = TextCommitment(ctx.Suite, salt, m.Subject, m.Text), m.Anonymous
	if !m.Anonymous {
		if it.Contact, err = m.Sealed(); err != nil {
			return err
		}
		it.Participant = m.Participant
	}
	if err := putItem(ctx.KV, it); err != nil {
		return err
	}
	ctx.Emit("feedback.submitted", "receipt", it.Receipt, "kind", it.Kind, "department", it.Department)
	return nil
}

func (fm Module) handleRate(ctx *module.Context, p module.Payload) error {
	m := p.(*Rate)
	lookup := fm.cases
	if lookup == nil {
		return fmt.Errorf("%w: no case module is installed", ErrNoCases)
	}
	c, err := lookup(ctx.KV, m.CaseNo)
	if err != nil {
		return err
	}
	// The citizen's authority, checked here and not trusted to the
	// gateway: only the access code yields the token.
	token, err := m.Token()
	if err != nil {
		return err
	}
	if !workflow.CheckRatingToken(ctx.Suite, c.RatingTokenHash, token) {
		return fmt.Errorf("%w: case %s", ErrRatingToken, m.CaseNo)
	}
	if !c.Completed {
		return fmt.Errorf("%w: case %s is still in progress", ErrCaseNotCompleted, m.CaseNo)
	}
	if prev, err := RatingOf(ctx.KV, m.CaseNo); err != nil {
		return err
	} else if prev != "" {
		return fmt.Errorf("%w: case %s (receipt %s)", ErrAlreadyRated, m.CaseNo, prev)
	}
	it, err := newItem(ctx, KindRating, c.Department)
	if err != nil {
		return err
	}
	it.CaseNo, it.Level, it.Anonymous, it.Subject = m.CaseNo, m.Level, true, c.Title
	if m.Comment != "" {
		salt, err := decodeSalt(m.Salt)
		if err != nil {
			return err
		}
		it.TextHash = TextCommitment(ctx.Suite, salt, "", m.Comment)
	}
	if NeedsRectification(m.Level) {
		days, err := governance.ParamInt(ctx.KV, RectifyDaysParam())
		if err != nil {
			return err
		}
		t := &Task{ID: TaskFor(it.Receipt), Receipt: it.Receipt, CaseNo: m.CaseNo, Department: c.Department, Level: m.Level,
			Opened: it.Time, Deadline: it.Time.Add(time.Duration(days) * 24 * time.Hour), Status: TaskOpen, Height: ctx.Height}
		if err := putTask(ctx.KV, t); err != nil {
			return err
		}
		it.Task = t.ID
		ctx.Emit("feedback.task_opened", "task", t.ID, "department", t.Department, "case_no", t.CaseNo,
			"deadline", t.Deadline.Format(time.RFC3339))
	}
	if err := putItem(ctx.KV, it); err != nil {
		return err
	}
	if err := ctx.KV.Set(CaseKey(m.CaseNo), []byte(it.Receipt)); err != nil {
		return err
	}
	ctx.Emit("feedback.rated", "receipt", it.Receipt, "case_no", m.CaseNo, "level", m.Level, "department", it.Department)
	return nil
}

func reply(ctx *module.Context, text string) *Reply {
	return &Reply{Text: text, Department: ctx.Signer.Department, Signer: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
}

func handleReply(ctx *module.Context, p module.Payload) error {
	m := p.(*ReplyTo)
	it, err := GetItem(ctx.KV, m.Receipt)
	if err != nil {
		return err
	}
	if it.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: %s is addressed to %q", ErrOtherDepartment, it.Receipt, it.Department)
	}
	it.Replies = append(it.Replies, *reply(ctx, m.Text))
	it.Status = StatusReplied
	if err := putItem(ctx.KV, it); err != nil {
		return err
	}
	ctx.Emit("feedback.replied", "receipt", it.Receipt, "department", it.Department)
	return nil
}

func handleCloseTask(ctx *module.Context, p module.Payload) error {
	m := p.(*CloseTask)
	t, err := GetTask(ctx.KV, m.Task)
	if err != nil {
		return err
	}
	if t.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: task %s belongs to %q", ErrOtherDepartment, t.ID, t.Department)
	}
	if t.Status != TaskOpen {
		return fmt.Errorf("%w: %s", ErrTaskClosed, t.ID)
	}
	t.Status, t.Closure = TaskClosed, reply(ctx, m.Text)
	if err := putTask(ctx.KV, t); err != nil {
		return err
	}
	ctx.Emit("feedback.task_closed", "task", t.ID, "department", t.Department, "late", fmt.Sprint(ctx.BlockTime.After(t.Deadline)))
	return nil
}

// handleHide lets an admin of the addressed department, or of the gateway's
// department (the platform operator), hide an item's text. State never
// held the text, only its commitment; the mark makes every node's index
// drop the text (live and on rebuild), so no portal or API answer carries
// it again. The tx that carried it stays in the block store (docs/portal.md).
func handleHide(ctx *module.Context, p module.Payload) error {
	m := p.(*Hide)
	it, err := GetItem(ctx.KV, m.Receipt)
	if err != nil {
		return err
	}
	if ctx.Signer.Department != it.Department && ctx.Signer.Department != it.GatewayDept {
		return fmt.Errorf("%w: %s is addressed to %q", ErrOtherDepartment, it.Receipt, it.Department)
	}
	if it.Hidden != nil {
		return fmt.Errorf("%w: %s", ErrAlreadyHidden, it.Receipt)
	}
	it.Hidden = &Moderation{Reason: m.Reason, Signer: ctx.Signer.Address, Department: ctx.Signer.Department, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := putItem(ctx.KV, it); err != nil {
		return err
	}
	ctx.Emit("feedback.hidden", "receipt", it.Receipt, "department", ctx.Signer.Department)
	return nil
}
