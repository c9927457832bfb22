package governance

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// Freeze states.
const (
	FreezeRequested = "requested" // one admin asked; waiting for a second department
	FreezeActive    = "active"    // in force from height Since until Expires
	FreezeRatified  = "ratified"  // kept by a proposal until lifted
	FreezeExpired   = "expired"   // lapsed: never co-signed, or not ratified in time
	FreezeLifted    = "lifted"    // ended by a proposal
)

// Freeze is an emergency stop on an account, a department's signing or a
// process's new cases. It takes effect when admins of two departments have
// signed (one of them a department listed in gov.freeze_cosigners), from
// the next block; it lapses after gov.freeze_duration unless a proposal
// ratifies it; only a proposal lifts it early.
type Freeze struct {
	ID            uint64    `cbor:"1,keyasint" json:"id"`
	Kind          string    `cbor:"2,keyasint" json:"kind"`
	Target        string    `cbor:"3,keyasint" json:"target"`
	Reason        string    `cbor:"4,keyasint" json:"reason"`
	Requester     string    `cbor:"5,keyasint" json:"requester"`
	RequesterDept string    `cbor:"6,keyasint" json:"requester_department"`
	Requested     time.Time `cbor:"7,keyasint" json:"requested"`
	Cosigner      string    `cbor:"8,keyasint,omitempty" json:"cosigner,omitempty"`
	CosignerDept  string    `cbor:"9,keyasint,omitempty" json:"cosigner_department,omitempty"`
	// Since is the first height the freeze applies to (the block after
	// the co-signature), so no tx already in the co-signing block is
	// judged by a rule that did not exist when it was ordered.
	Since   int64     `cbor:"10,keyasint,omitempty" json:"since,omitempty"`
	Expires time.Time `cbor:"11,keyasint" json:"expires"`
	State   string    `cbor:"12,keyasint" json:"state"`
	// Proposal is the proposal that ratified or lifted it.
	Proposal uint64     `cbor:"13,keyasint,omitempty" json:"proposal,omitempty"`
	Ended    *time.Time `cbor:"14,keyasint,omitempty" json:"ended,omitempty"`
}

// inForce reports whether the freeze stops things at height h.
func (f *Freeze) inForce(h int64) bool {
	return (f.State == FreezeActive || f.State == FreezeRatified) && f.Since > 0 && h >= f.Since
}

func putFreeze(kv store.KV, f *Freeze) error { return put(kv, FreezeKey(f.ID), f) }

func (m Module) handleFreeze(ctx *module.Context, p module.Payload) error {
	r := p.(*RequestFreeze)
	switch r.Kind {
	case FreezeAccount:
		if _, err := identity.GetAccount(ctx.KV, r.Target); err != nil {
			return err
		}
	case FreezeDepartment:
		if _, err := identity.GetDepartment(ctx.KV, r.Target); err != nil {
			return err
		}
	}
	// A process need not exist yet: freezing a name before its definition
	// is published is harmless and may be the point.
	if b, err := ctx.KV.Get(frozenKey(r.Kind, r.Target)); err != nil {
		return err
	} else if b != nil {
		return fmt.Errorf("%w: %s %s (freeze %s)", ErrAlreadyFrozen, r.Kind, r.Target, b)
	}
	d, err := ParamInt(ctx.KV, m.reg.own(ParamFreezeDuration))
	if err != nil {
		return err
	}
	id, err := nextID(ctx.KV, "freeze")
	if err != nil {
		return err
	}
	now := ctx.BlockTime.UTC()
	// An unsigned request lapses after the same duration.
	f := &Freeze{ID: id, Kind: r.Kind, Target: r.Target, Reason: r.Reason, Requester: ctx.Signer.Address,
		RequesterDept: ctx.Signer.Department, Requested: now, Expires: now.Add(time.Duration(d) * time.Second), State: FreezeRequested}
	idStr := strconv.FormatUint(id, 10)
	if err := ctx.KV.Set(frozenKey(f.Kind, f.Target), []byte(idStr)); err != nil {
		return err
	}
	if err := ctx.KV.Set(timeKey(fexpPrefix, f.Expires, id), []byte{}); err != nil {
		return err
	}
	ctx.Emit("governance.freeze_requested", "freeze", idStr, "kind", f.Kind, "target", f.Target, "department", f.RequesterDept)
	return putFreeze(ctx.KV, f)
}

func (m Module) handleCosign(ctx *module.Context, p module.Payload) error {
	c := p.(*CosignFreeze)
	f, err := GetFreeze(ctx.KV, c.Freeze)
	if err != nil {
		return err
	}
	if f.State != FreezeRequested {
		return fmt.Errorf("%w: freeze %d is %s", ErrFreezeState, f.ID, f.State)
	}
	if ctx.Signer.Department == f.RequesterDept {
		return fmt.Errorf("%w: the second signature must come from another department than %s", ErrCosigner, f.RequesterDept)
	}
	allowed, err := m.reg.cosigners(ctx.KV)
	if err != nil {
		return err
	}
	if !slices.Contains(allowed, f.RequesterDept) && !slices.Contains(allowed, ctx.Signer.Department) {
		return fmt.Errorf("%w: one of the two departments must be one of %v", ErrCosigner, allowed)
	}
	d, err := ParamInt(ctx.KV, m.reg.own(ParamFreezeDuration))
	if err != nil {
		return err
	}
	if err := ctx.KV.Delete(timeKey(fexpPrefix, f.Expires, f.ID)); err != nil {
		return err
	}
	now := ctx.BlockTime.UTC()
	f.Cosigner, f.CosignerDept, f.State, f.Since = ctx.Signer.Address, ctx.Signer.Department, FreezeActive, ctx.Height+1
	f.Expires = now.Add(time.Duration(d) * time.Second)
	if err := ctx.KV.Set(timeKey(fexpPrefix, f.Expires, f.ID), []byte{}); err != nil {
		return err
	}
	ctx.Emit("governance.frozen", "freeze", strconv.FormatUint(f.ID, 10), "kind", f.Kind, "target", f.Target,
		"since", strconv.FormatInt(f.Since, 10), "expires", f.Expires.Format(time.RFC3339))
	return putFreeze(ctx.KV, f)
}

// freezeCanBe checks a freeze is in a state the proposal type acts on.
func freezeCanBe(typ string, f *Freeze) error {
	switch {
	case typ == TypeRatifyFreeze && f.State == FreezeActive:
	case typ == TypeLiftFreeze && (f.State == FreezeActive || f.State == FreezeRatified):
	default:
		return fmt.Errorf("%w: freeze %d is %s", ErrFreezeState, f.ID, f.State)
	}
	return nil
}

// applyFreezeDecision executes a passed ratify or lift proposal.
func applyFreezeDecision(kv store.KV, typ string, id, proposal uint64, height int64, now time.Time) ([]string, error) {
	f, err := GetFreeze(kv, id)
	if err != nil {
		return nil, err
	}
	if err := freezeCanBe(typ, f); err != nil {
		return nil, err
	}
	if err := kv.Delete(timeKey(fexpPrefix, f.Expires, f.ID)); err != nil {
		return nil, err
	}
	f.Proposal = proposal
	if typ == TypeRatifyFreeze {
		f.State = FreezeRatified
	} else {
		f.State, f.Ended = FreezeLifted, &now
		if err := kv.Delete(frozenKey(f.Kind, f.Target)); err != nil {
			return nil, err
		}
	}
	return []string{"freeze", strconv.FormatUint(f.ID, 10), "freeze_state", f.State}, putFreeze(kv, f)
}

// expireFreeze ends a requested or active freeze at its expiry.
func expireFreeze(ctx *module.Context, f *Freeze) error {
	now := ctx.BlockTime.UTC()
	f.State, f.Ended = FreezeExpired, &now
	if err := ctx.KV.Delete(frozenKey(f.Kind, f.Target)); err != nil {
		return err
	}
	if err := ctx.KV.Delete(timeKey(fexpPrefix, f.Expires, f.ID)); err != nil {
		return err
	}
	ctx.Emit("governance.freeze_expired", "freeze", strconv.FormatUint(f.ID, 10), "kind", f.Kind, "target", f.Target)
	return putFreeze(ctx.KV, f)
}

// activeFreeze is the freeze in force on (kind, target) at height h, or nil.
func activeFreeze(r store.Reader, kind, target string, h int64) (*Freeze, error) {
	b, err := r.Get(frozenKey(kind, target))
	if err != nil || b == nil {
		return nil, err
	}
	id, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("corrupt freeze index %s/%s: %w", kind, target, err)
	}
	f, err := GetFreeze(r, id)
	if err != nil {
		return nil, err
	}
	if !f.inForce(h) {
		return nil, nil
	}
	return f, nil
}

// CheckSigner refuses a signer whose account or department is frozen at
// height h. The app calls it when it authorises every tx.
func CheckSigner(r store.Reader, h int64, s module.Signer) error {
	for _, k := range [][2]string{{FreezeAccount, s.Address}, {FreezeDepartment, s.Department}} {
		f, err := activeFreeze(r, k[0], k[1], h)
		if err != nil {
			return err
		}
		if f != nil {
			return fmt.Errorf("%w: %s %s (freeze %d since height %d: %s)", ErrFrozen, f.Kind, f.Target, f.ID, f.Since, f.Reason)
		}
	}
	return nil
}

// CheckProcess refuses a new case of a frozen process at height h.
func CheckProcess(r store.Reader, h int64, process string) error {
	f, err := activeFreeze(r, FreezeProcess, process, h)
	if err != nil {
		return err
	}
	if f != nil {
		return fmt.Errorf("%w: process %s takes no new cases (freeze %d since height %d: %s)", ErrFrozen, process, f.ID, f.Since, f.Reason)
	}
	return nil
}
