package land

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// Module is the land module. Its cases run on the workflow engine it is
// given: permits and fees complete workflow steps through it, and the
// engine calls OnCaseClosed (wired in the app's module list) when a land
// case closes.
type Module struct {
	wf workflow.Module
}

// New builds the land module over the chain's workflow module.
func New(wf workflow.Module) Module { return Module{wf: wf} }

// Name implements module.Module.
func (Module) Name() string { return "land" }

// Actions implements module.Module. Department checks (the registry and the
// permit are the Natural Resources Bureau's, the fee the Finance Bureau's)
// live in the handlers and in the workflow steps themselves.
func (m Module) Actions() []module.Action {
	return []module.Action{
		{Name: "register_parcel", Roles: []string{module.RoleAdmin, module.RoleClerk}, Decode: module.DecodeJSON[RegisterParcel], Handle: handleRegisterParcel},
		{Name: "apply", Roles: []string{module.RoleClerk, module.RoleGateway}, Decode: module.DecodeJSON[Apply], Handle: handleApply},
		{Name: "issue_permit", Roles: []string{module.RoleClerk}, Decode: module.DecodeJSON[IssuePermit], Handle: m.handleIssuePermit},
		{Name: "record_fee", Roles: []string{module.RoleFinance}, Decode: module.DecodeJSON[RecordFee], Handle: m.handleRecordFee},
	}
}

// Apply is the payload of land.apply: an application for a parcel, made at
// the bureau's window (clerk) or online (gateway). The personal data is
// sealed by the client for every department on the process.
type Apply struct {
	Parcel         string            `json:"parcel"`
	Use            string            `json:"use"`
	AccessCodeHash workflow.HexBytes `json:"access_code_hash"`
	// RatingTokenHash lets the citizen rate the closed case (好差评) with
	// a token only their access code yields.
	RatingTokenHash workflow.HexBytes           `json:"rating_token_hash"`
	PersonalData    workflow.SealedPersonalData `json:"personal_data"`
	Attachments     []workflow.Attachment       `json:"attachments"`
	// Participant is the applicant's keyed participant hash
	// (workflow.OpenCaseRequest.Participant); optional.
	Participant module.Hash `json:"participant,omitempty"`
}

// Validate implements module.Payload.
func (p *Apply) Validate() error {
	if !parcelID.MatchString(p.Parcel) {
		return fmt.Errorf("%w: parcel id %q", ErrInvalid, p.Parcel)
	}
	if utf8.RuneCountInString(p.Use) > 100 {
		return fmt.Errorf("%w: use is at most 100 characters", ErrInvalid)
	}
	if err := p.Participant.Check("participant", false); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil // the workflow checks the rest when it opens the case
}

func handleApply(ctx *module.Context, pl module.Payload) error {
	p := pl.(*Apply)
	parcel, err := GetParcel(ctx.KV, p.Parcel)
	if err != nil {
		return err
	}
	if parcel.Status != ParcelAvailable {
		return fmt.Errorf("%w: %s is %s", ErrParcelBusy, parcel.ID, parcel.Status)
	}
	use := p.Use
	if use == "" {
		use = parcel.Zoning
	}
	// The objection period is read now and kept by the case: an applicant
	// is told it when applying, and a later change applies to later cases.
	notice, err := governance.ParamInt(ctx.KV, ObjectionLimitParam())
	if err != nil {
		return err
	}
	// The area comes from the registry, not from the applicant: it decides
	// whether the City Government must also approve.
	c, err := workflow.OpenCase(ctx, workflow.OpenCaseRequest{Definition: ProcessID, NoticeDays: int(notice),
		Fields:         map[string]workflow.Value{"parcel_id": workflow.StringValue(parcel.ID), "area_m2": workflow.NumberValue(int64(parcel.AreaM2)), "use": workflow.StringValue(use)},
		AccessCodeHash: p.AccessCodeHash, RatingTokenHash: p.RatingTokenHash, PersonalData: p.PersonalData, Attachments: p.Attachments,
		Participant: p.Participant, Origin: "land", Ref: parcel.ID})
	if err != nil {
		return err
	}
	if err := setParcelStatus(ctx, parcel, ParcelInReview, "application", c.Number); err != nil {
		return err
	}
	ctx.Emit("land.applied", "case", c.Number, "parcel", parcel.ID)
	return nil
}

// IssuePermit is the payload of land.issue_permit: the approval document's
// hash; the chain gives it a verification code.
type IssuePermit struct {
	Case    string      `json:"case"`
	DocHash module.Hash `json:"doc_hash"`
	Opinion string      `json:"opinion,omitempty"`
}

// Validate implements module.Payload.
func (p *IssuePermit) Validate() error {
	if err := p.DocHash.Check("doc_hash", true); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if p.Case == "" {
		return fmt.Errorf("%w: case is required", ErrInvalid)
	}
	return nil
}

func landCase(ctx *module.Context, number string) (*workflow.Case, error) {
	c, err := workflow.GetCase(ctx.KV, number)
	if err != nil {
		return nil, err
	}
	if c.Origin != "land" || c.Definition != ProcessID {
		return nil, fmt.Errorf("%w: %s is not a land-use case", ErrCaseNotFound, number)
	}
	return c, nil
}

func (m Module) handleIssuePermit(ctx *module.Context, pl module.Payload) error {
	p := pl.(*IssuePermit)
	c, err := landCase(ctx, p.Case)
	if err != nil {
		return err
	}
	// The workflow checks that the case is at the issue step and that the
	// signer is a Natural Resources Bureau clerk.
	if _, err := m.wf.Act(ctx, workflow.ActRequest{Case: c.Number, Step: StepIssue, Action: "issue_document", Opinion: p.Opinion,
		Attachments: []workflow.Attachment{{Kind: "land_use_permit", Hash: p.DocHash.Bytes()}}}); err != nil {
		return err
	}
	permit := &Permit{Code: VerificationCode(ctx.Suite, c.Number, p.DocHash.String()), Case: c.Number, Parcel: c.Ref, DocHash: p.DocHash,
		IssuedBy: ctx.Signer.Department, IssuedAt: ctx.BlockTime, Height: ctx.Height}
	if err := putPermit(ctx.KV, permit); err != nil {
		return err
	}
	parcel, err := GetParcel(ctx.KV, c.Ref)
	if err != nil {
		return err
	}
	if err := setParcelStatus(ctx, parcel, ParcelApproved, "approval document issued", c.Number); err != nil {
		return err
	}
	ctx.Emit("land.permit_issued", "case", c.Number, "parcel", c.Ref, "code", permit.Code)
	return nil
}

// RecordFee is the payload of land.record_fee: the land transfer fee
// (土地出让金) received, recorded by the Finance Bureau; it becomes revenue
// in public finance and completes the case.
type RecordFee struct {
	Case        string        `json:"case"`
	AmountFen   int64         `json:"amount_fen"`
	Payer       finance.Payee `json:"payer"`
	ReceiptHash module.Hash   `json:"receipt_hash,omitempty"`
}

// Validate implements module.Payload.
func (p *RecordFee) Validate() error {
	if p.Case == "" {
		return fmt.Errorf("%w: case is required", ErrInvalid)
	}
	if p.AmountFen <= 0 || p.AmountFen > 1_000_000_000_000_000 {
		return fmt.Errorf("%w: amount_fen must be a positive integer number of fen", ErrInvalid)
	}
	if err := p.ReceiptHash.Check("receipt_hash", false); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	return nil
}

// feeKey records that a case's fee was received (and as which revenue entry).
func feeKey(caseNo string) []byte { return []byte("land/fee/" + caseNo) }

func (m Module) handleRecordFee(ctx *module.Context, pl module.Payload) error {
	p := pl.(*RecordFee)
	c, err := landCase(ctx, p.Case)
	if err != nil {
		return err
	}
	if c.Current != StepLandFee {
		return fmt.Errorf("%w: %s is at step %q, the fee is recorded at %q", ErrCaseState, c.Number, c.Current, StepLandFee)
	}
	rev, err := finance.RecordRevenue(ctx, finance.RevenueInput{AccountCode: "1030148", Source: "land_fee", Reference: c.Number,
		Payer: p.Payer, AmountFen: p.AmountFen, DocHash: p.ReceiptHash})
	if err != nil {
		return err
	}
	if err := ctx.KV.Set(feeKey(c.Number), []byte(rev.ID)); err != nil {
		return err
	}
	// Completing the step closes the case; OnCaseClosed then checks the fee.
	if _, err := m.wf.Act(ctx, workflow.ActRequest{Case: c.Number, Step: StepLandFee, Action: "approve",
		Opinion: fmt.Sprintf("土地出让金已缴纳 / land fee received: %d.%02d 元 (%s)", p.AmountFen/100, p.AmountFen%100, rev.ID)}); err != nil {
		return err
	}
	ctx.Emit("land.fee_recorded", "case", c.Number, "amount_fen", strconv.FormatInt(p.AmountFen, 10), "revenue", rev.ID)
	return nil
}

// OnCaseClosed keeps the parcel registry in step with the case. It runs in
// the transaction that closes the case, so an approval without a recorded
// land fee (someone acting on the fee step through workflow.act directly)
// is refused instead of completing.
func OnCaseClosed(ctx *module.Context, c *workflow.Case) error {
	parcel, err := GetParcel(ctx.KV, c.Ref)
	if err != nil {
		return err
	}
	switch c.Outcome {
	case workflow.OutcomeApproved:
		fee, err := ctx.KV.Get(feeKey(c.Number))
		if err != nil {
			return err
		}
		if fee == nil {
			return fmt.Errorf("%w: %s can only complete through land.record_fee", ErrCaseState, c.Number)
		}
		return setParcelStatus(ctx, parcel, ParcelAllocated, "approval completed, land fee "+string(fee), c.Number)
	default:
		return setParcelStatus(ctx, parcel, ParcelAvailable, "application "+c.Outcome, c.Number)
	}
}
