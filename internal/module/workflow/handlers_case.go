package workflow

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
)

// OpenCaseRequest is the payload of workflow.open_case, and what another
// module passes to OpenCase.
type OpenCaseRequest struct {
	Definition string `json:"definition"`
	// Fields are public case fields declared by the definition.
	Fields map[string]Value `json:"fields,omitempty"`
	// AccessCodeHash is AccessCodeHash(suite, code), hex; the code goes to
	// the applicant, never on chain.
	AccessCodeHash HexBytes `json:"access_code_hash"`
	// RatingTokenHash is RatingTokenHashFor(suite, code), hex: the citizen's
	// authority to rate the case, checked on chain (see ratingtoken.go).
	RatingTokenHash HexBytes `json:"rating_token_hash"`
	// PersonalData is sealed by the client (SealPersonalData).
	PersonalData SealedPersonalData `json:"personal_data"`
	// Attachments are the application's documents (hashes).
	Attachments []Attachment `json:"attachments,omitempty"`
	// Participant is the applicant's keyed participant hash (the HMAC of
	// their phone under the city key, internal/participant), set by a
	// gateway or portal that holds the key and has the phone; optional.
	// It lets the evaluation count the case's rating by person: the rating
	// itself is authorised by the access code and records nobody.
	Participant module.Hash `json:"participant,omitempty"`
	// Origin and Ref are set only by Go callers: a transaction cannot claim
	// to come from another module.
	Origin string `json:"-"`
	Ref    string `json:"-"`
	// NoticeDays, also only from Go callers, replaces the definition's
	// notice duration for this case (Case.NoticeDays); 0 keeps it.
	NoticeDays int `json:"-"`
}

// Validate implements module.Payload.
func (p *OpenCaseRequest) Validate() error {
	if !defIDPattern.MatchString(p.Definition) {
		return fmt.Errorf("definition %q must match %s", p.Definition, defIDPattern)
	}
	if len(p.Fields) > maxFields {
		return fmt.Errorf("at most %d fields", maxFields)
	}
	// Sorted, so every node names the same offending key.
	for _, k := range slices.Sorted(maps.Keys(p.Fields)) {
		if !namePattern.MatchString(k) {
			return fmt.Errorf("field name %q must match %s", k, namePattern)
		}
	}
	if len(p.AccessCodeHash) != 32 {
		return fmt.Errorf("access_code_hash must be 64 hex digits")
	}
	if len(p.RatingTokenHash) != 32 {
		return fmt.Errorf("rating_token_hash must be 64 hex digits")
	}
	if n := len(p.PersonalData.Ciphertext); n == 0 || n > maxCiphertext {
		return fmt.Errorf("personal_data.ciphertext is required (at most %d bytes)", maxCiphertext)
	}
	if n := len(p.PersonalData.WrappedKeys); n == 0 || n > maxSteps*maxBranches {
		return fmt.Errorf("personal_data.wrapped_keys needs one key per department on the process")
	}
	for _, dept := range slices.Sorted(maps.Keys(p.PersonalData.WrappedKeys)) {
		if w := p.PersonalData.WrappedKeys[dept]; len(w) == 0 || len(w) > maxWrappedKey {
			return fmt.Errorf("personal_data.wrapped_keys[%q] must be 1 to %d bytes", dept, maxWrappedKey)
		}
	}
	if err := p.Participant.Check("participant", false); err != nil {
		return err
	}
	if p.NoticeDays < 0 || p.NoticeDays > maxNoticeDays {
		return fmt.Errorf("notice days must be 0 to %d", maxNoticeDays)
	}
	if len(p.Origin) > 32 || len(p.Ref) > 128 {
		return fmt.Errorf("origin is at most 32 and ref at most 128 bytes")
	}
	return validateAttachments(p.Attachments)
}

// OpenCase opens a case on the latest version of a definition, at its
// start step, as ctx.Signer: a clerk of the start step's department or a
// gateway. A module building on workflow (land) calls it from its own
// handler with Origin set to its name, so its OutcomeHook hears the result.
func OpenCase(ctx *module.Context, req OpenCaseRequest) (*Case, error) {
	if err := req.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidField, err)
	}
	d, err := GetDefinition(ctx.KV, req.Definition, 0)
	if err != nil {
		return nil, err
	}
	if err := refuseRetired(ctx, d); err != nil {
		return nil, err
	}
	// An emergency freeze of the process stops new cases; open ones go on.
	if err := governance.CheckProcess(ctx.KV, ctx.Height, req.Definition); err != nil {
		return nil, err
	}
	a := actorOf(ctx)
	c, err := openCase(d, &req, a)
	if err != nil {
		return nil, err
	}
	number, err := nextCaseNumber(ctx.KV, d.Prefix, a.Now)
	if err != nil {
		return nil, err
	}
	c.Number = number
	if old, err := ctx.KV.Get(CaseKey(number)); err != nil {
		return nil, err
	} else if old != nil {
		return nil, fmt.Errorf("case %s already exists: the %s counter is out of step", number, d.Prefix)
	}
	if err := putPersonalData(ctx.KV, number, &req.PersonalData); err != nil {
		return nil, err
	}
	if err := putCase(ctx.KV, c); err != nil {
		return nil, err
	}
	ctx.Emit("workflow.case_opened", "case", number, "definition", d.ID, "version", strconv.FormatUint(uint64(d.Version), 10),
		"step", c.Current, "department", ctx.Signer.Department)
	return c, nil
}

func (m Module) handleOpenCase(ctx *module.Context, p module.Payload) error {
	_, err := OpenCase(ctx, *p.(*OpenCaseRequest))
	return err
}

// ActRequest is the payload of workflow.act.
type ActRequest struct {
	Case string `json:"case"`
	// Step is the step the actor is acting on; it must be current, so an
	// action prepared against a stale view is refused, not misapplied.
	Step        string       `json:"step"`
	Action      string       `json:"action"`
	Opinion     string       `json:"opinion,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// Validate implements module.Payload.
func (p *ActRequest) Validate() error {
	if err := validateCaseNumber(p.Case); err != nil {
		return err
	}
	if !stepIDPattern.MatchString(p.Step) {
		return fmt.Errorf("step %q must match %s", p.Step, stepIDPattern)
	}
	if !isActAction(p.Action) {
		return fmt.Errorf("action %q must be one of accept, approve, reject, return, opinion, issue_document, complete", p.Action)
	}
	// A refusal, a return and an opinion must say why or what.
	need := p.Action == ActReject || p.Action == ActReturn || p.Action == ActOpinion
	if err := validateText("opinion", p.Opinion, need); err != nil {
		return err
	}
	return validateAttachments(p.Attachments)
}

// Act applies an action to a case as ctx.Signer and returns the new case.
func (m Module) Act(ctx *module.Context, p ActRequest) (*Case, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidField, err)
	}
	return m.changeCase(ctx, p.Case, func(d *Definition, c *Case) error {
		if err := act(d, c, &p, actorOf(ctx)); err != nil {
			return err
		}
		ctx.Emit("workflow.acted", "case", c.Number, "step", p.Step, "action", p.Action, "department", ctx.Signer.Department)
		return nil
	})
}

func (m Module) handleAct(ctx *module.Context, p module.Payload) error {
	_, err := m.Act(ctx, *p.(*ActRequest))
	return err
}

// SupplementRequest is the payload of workflow.supplement: the applicant's
// materials for a returned case, received at the window or a gateway.
type SupplementRequest struct {
	Case        string       `json:"case"`
	Attachments []Attachment `json:"attachments"`
	Note        string       `json:"note,omitempty"`
}

// Validate implements module.Payload.
func (p *SupplementRequest) Validate() error {
	if err := validateCaseNumber(p.Case); err != nil {
		return err
	}
	if len(p.Attachments) == 0 {
		return fmt.Errorf("a supplement brings at least one attachment")
	}
	if err := validateText("note", p.Note, false); err != nil {
		return err
	}
	return validateAttachments(p.Attachments)
}

// Supplement records materials for a returned case; its step starts again.
func (m Module) Supplement(ctx *module.Context, p SupplementRequest) (*Case, error) {
	if err := p.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidField, err)
	}
	return m.changeCase(ctx, p.Case, func(d *Definition, c *Case) error {
		if err := supplement(d, c, &p, actorOf(ctx)); err != nil {
			return err
		}
		ctx.Emit("workflow.supplemented", "case", c.Number, "step", c.Current)
		return nil
	})
}

func (m Module) handleSupplement(ctx *module.Context, p module.Payload) error {
	_, err := m.Supplement(ctx, *p.(*SupplementRequest))
	return err
}
