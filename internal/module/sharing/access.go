package sharing

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// handleRecordAccess records one delivery under a grant, by the owner's
// account, after checking the grant covers it: not revoked, still valid at
// block time, uses left, every field granted. The use is counted.
func handleRecordAccess(ctx *module.Context, p module.Payload) error {
	in := p.(*RecordAccess)
	req, err := GetRequest(ctx.KV, in.Grant)
	if err != nil {
		return err
	}
	if err := CheckDelivery(req, ctx.Signer.Department, in.Fields, ctx.BlockTime); err != nil {
		return err
	}
	g := req.Grant
	id, err := nextID(ctx.KV, "access")
	if err != nil {
		return err
	}
	g.Uses++
	if err := put(ctx.KV, RequestKey(req.ID), req); err != nil {
		return err
	}
	a := &Access{ID: id, Grant: req.ID, Resource: req.Resource, Owner: req.Owner, Requester: req.Requester,
		RequesterAccount: in.RequesterAccount, Fields: in.Fields, Purpose: in.Purpose, DeliveredHash: in.DeliveredHash,
		RecordedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := put(ctx.KV, AccessKey(id), a); err != nil {
		return err
	}
	ctx.Emit("sharing.accessed", "access", strconv.FormatUint(id, 10), "grant", strconv.FormatUint(req.ID, 10),
		"hash", string(in.DeliveredHash))
	return nil
}

// CheckDelivery says whether owner may deliver fields under req's grant at
// time now: the rule record_access applies on chain, exported so that the
// owner's node checks the same rule before it serves anything.
func CheckDelivery(req *Request, owner string, fields []string, now time.Time) error {
	if req.Owner != owner {
		return fmt.Errorf("%w: grant %d is of %s's resource", ErrOtherDepartment, req.ID, req.Owner)
	}
	g := req.Grant
	switch {
	case req.State != StateGranted || g == nil:
		return fmt.Errorf("%w: request %d is %s", ErrGrantInvalid, req.ID, req.State)
	case g.Revoked != nil:
		return fmt.Errorf("%w: grant %d was revoked", ErrGrantInvalid, req.ID)
	case !now.Before(g.ValidUntil):
		return fmt.Errorf("%w: grant %d ended at %s", ErrGrantInvalid, req.ID, g.ValidUntil.In(module.CST()).Format("2006-01-02 15:04"))
	case g.MaxUses != 0 && g.Uses >= g.MaxUses:
		return fmt.Errorf("%w: grant %d's %d uses are spent", ErrGrantInvalid, req.ID, g.MaxUses)
	}
	for _, f := range fields {
		if !slices.Contains(g.Fields, f) {
			return fmt.Errorf("%w: field %q is not granted", ErrFieldNotInScope, f)
		}
	}
	return nil
}
