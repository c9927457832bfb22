package sharing

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// automaticAnswerer is the Answer.By of a grant the catalogue gave by
// itself (an unconditional resource): no one decided.
const automaticAnswerer = "catalogue"

// handleRequest files a department's request for a resource. What happens
// next depends on the share class: unconditional is granted in this block,
// conditional waits for the owner until its deadline, not-shared is
// refused unless a legal basis is cited, which sends it to the data bureau.
func handleRequest(ctx *module.Context, p module.Payload) error {
	in := p.(*RequestData)
	res, err := GetResource(ctx.KV, in.Resource)
	if err != nil {
		return err
	}
	if res.Retired != nil {
		return fmt.Errorf("%w: %s", ErrRetired, in.Resource)
	}
	if res.Department == ctx.Signer.Department {
		return fmt.Errorf("%w: %s is %s's own", ErrOwnResource, in.Resource, res.Department)
	}
	for _, f := range in.Fields {
		if _, ok := res.field(f); !ok {
			return fmt.Errorf("%w: %s has no field %q", ErrFieldNotInScope, in.Resource, f)
		}
	}
	class := res.Current.ShareClass
	if class == ClassNone && in.LegalBasis == "" {
		return fmt.Errorf("%w: %s", ErrNotShared, in.Resource)
	}
	id, err := nextID(ctx.KV, "request")
	if err != nil {
		return err
	}
	now := ctx.BlockTime.UTC()
	req := &Request{ID: id, Resource: res.ID, ResourceVersion: res.Current.Version, ShareClass: class,
		Owner: res.Department, Requester: ctx.Signer.Department, RequestedBy: ctx.Signer.Address,
		Fields: in.Fields, Purpose: in.Purpose, LegalBasis: in.LegalBasis, CaseNo: in.CaseNo,
		DurationDays: in.DurationDays, Height: ctx.Height, Created: now}
	switch class {
	case ClassUnconditional:
		req.State = StateGranted
		req.Answer = &Answer{By: automaticAnswerer, Department: res.Department, Height: ctx.Height, Time: now}
		req.Grant = &Grant{Fields: in.Fields, ValidUntil: now.AddDate(0, 0, int(in.DurationDays))}
	case ClassConditional:
		cal, n, err := deadlineFor(ctx)
		if err != nil {
			return err
		}
		dl, err := cal.Deadline(now, n)
		if err != nil {
			return err
		}
		dl = dl.UTC()
		req.State, req.Deadline = StatePending, &dl
		if err := ctx.KV.Set(deadlineKey(dl, id), []byte{}); err != nil {
			return err
		}
	default: // ClassNone with a legal basis
		if err := escalate(ctx, req, EscalationNotShared); err != nil {
			return err
		}
	}
	if err := put(ctx.KV, RequestKey(id), req); err != nil {
		return err
	}
	ctx.Emit("sharing.requested", "request", strconv.FormatUint(id, 10), "resource", res.ID,
		"owner", res.Department, "requester", req.Requester, "state", req.State)
	return nil
}

// handleAnswer is the owner's decision on a pending request, before its
// deadline (after it the request is the data bureau's).
func handleAnswer(ctx *module.Context, p module.Payload) error {
	in := p.(*Decide)
	req, err := GetRequest(ctx.KV, in.Request)
	if err != nil {
		return err
	}
	if req.Owner != ctx.Signer.Department {
		return fmt.Errorf("%w: request %d is for %s's resource", ErrOtherDepartment, req.ID, req.Owner)
	}
	if req.State != StatePending {
		return fmt.Errorf("%w: request %d is %s", ErrRequestState, req.ID, req.State)
	}
	if !ctx.BlockTime.Before(*req.Deadline) {
		// EndBlock escalates it at the end of this block.
		return fmt.Errorf("%w: request %d was due by %s", ErrOverdue, req.ID, req.Deadline.In(module.CST()).Format(time.RFC3339))
	}
	if err := decide(ctx, req, in, false); err != nil {
		return err
	}
	return ctx.KV.Delete(deadlineKey(*req.Deadline, req.ID))
}

// handleArbitrate is the data bureau's final decision on a request sent
// to it (not-shared on a legal basis, or overdue).
func handleArbitrate(ctx *module.Context, p module.Payload) error {
	in := p.(*Decide)
	bureau, err := dataBureau(ctx.KV)
	if err != nil {
		return err
	}
	if ctx.Signer.Department != bureau {
		return fmt.Errorf("%w: %s arbitrates, not %s", ErrNotDataBureau, bureau, ctx.Signer.Department)
	}
	req, err := GetRequest(ctx.KV, in.Request)
	if err != nil {
		return err
	}
	if req.State != StateArbitration {
		return fmt.Errorf("%w: request %d is %s", ErrRequestState, req.ID, req.State)
	}
	if err := decide(ctx, req, in, true); err != nil {
		return err
	}
	if req.ArbitrationDeadline != nil && !req.ArbitrationOverdue {
		return ctx.KV.Delete(arbitrationKey(*req.ArbitrationDeadline, req.ID))
	}
	return nil
}

// decide applies a grant or a refusal to req and stores it.
func decide(ctx *module.Context, req *Request, in *Decide, final bool) error {
	now := ctx.BlockTime.UTC()
	cal, err := CurrentCalendar(ctx.KV)
	if err != nil {
		return err
	}
	a := &Answer{By: ctx.Signer.Address, Department: ctx.Signer.Department, Height: ctx.Height, Time: now,
		WorkingDays: cal.WorkingDaysBetween(req.Created, now), Reason: in.Reason, ReasonText: in.ReasonText, Final: final}
	if in.Decision == DecisionGrant {
		for _, f := range in.Fields {
			if !slices.Contains(req.Fields, f) {
				return fmt.Errorf("%w: field %q was not requested", ErrFieldNotInScope, f)
			}
		}
		until := in.ValidUntil.UTC()
		if !until.After(now) || until.After(now.AddDate(0, 0, int(req.DurationDays))) {
			return fmt.Errorf("%w: valid_until must be after now and within the %d days requested", ErrInvalid, req.DurationDays)
		}
		req.State, req.Grant = StateGranted, &Grant{Fields: in.Fields, ValidUntil: until, MaxUses: in.MaxUses}
	} else {
		req.State = StateRefused
	}
	req.Answer = a
	if err := put(ctx.KV, RequestKey(req.ID), req); err != nil {
		return err
	}
	ctx.Emit("sharing.answered", "request", strconv.FormatUint(req.ID, 10), "state", req.State,
		"department", a.Department, "final", strconv.FormatBool(final))
	return nil
}

// handleRevoke ends a grant early: the owner's next delivery under it is
// refused (record_access checks the grant).
func handleRevoke(ctx *module.Context, p module.Payload) error {
	in := p.(*Revoke)
	req, err := GetRequest(ctx.KV, in.Grant)
	if err != nil {
		return err
	}
	if req.Owner != ctx.Signer.Department {
		return fmt.Errorf("%w: grant %d is of %s's resource", ErrOtherDepartment, req.ID, req.Owner)
	}
	if req.State != StateGranted || req.Grant.Revoked != nil {
		return fmt.Errorf("%w: request %d has no active grant", ErrRequestState, req.ID)
	}
	t := ctx.BlockTime.UTC()
	req.Grant.Revoked, req.Grant.RevokedBy, req.Grant.RevokedWhy = &t, ctx.Signer.Address, in.Reason
	if err := put(ctx.KV, RequestKey(req.ID), req); err != nil {
		return err
	}
	ctx.Emit("sharing.revoked", "grant", strconv.FormatUint(req.ID, 10), "owner", req.Owner, "requester", req.Requester)
	return nil
}
