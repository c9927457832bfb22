package participation

import (
	"fmt"
	"slices"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
)

func handleAnnounce(ctx *module.Context, p module.Payload) error {
	m := p.(*Announce)
	if _, err := identity.LiveDepartment(ctx.KV, ctx.Signer.Department); err != nil {
		return err
	}
	start := time.Unix(m.StartUnix, 0).UTC()
	if !start.After(ctx.BlockTime) {
		return fmt.Errorf("%w: start_unix %d is not after the block time", ErrInvalid, m.StartUnix)
	}
	id, err := nextID(ctx.KV, "activity")
	if err != nil {
		return err
	}
	a := &Activity{ID: id, Department: ctx.Signer.Department, Kind: m.Kind, TitleZH: m.TitleZH, TitleEN: m.TitleEN,
		DescriptionZH: m.DescriptionZH, DescriptionEN: m.DescriptionEN, Place: m.Place, Start: start, Minutes: m.Minutes,
		Capacity: m.Capacity, State: ActivityOpen, Creator: ctx.Signer.Address, Height: ctx.Height, Created: ctx.BlockTime.UTC()}
	if err := put(ctx.KV, ActivityKey(id), a); err != nil {
		return err
	}
	ctx.Emit("participation.activity_announced", "activity", fmt.Sprint(id), "department", a.Department, "capacity", fmt.Sprint(a.Capacity))
	return nil
}

func ownActivity(ctx *module.Context, id uint64) (*Activity, error) {
	a, err := GetActivity(ctx.KV, id)
	if err != nil {
		return nil, err
	}
	if a.Department != ctx.Signer.Department {
		return nil, fmt.Errorf("%w: activity %d belongs to %q", ErrOtherDepartment, a.ID, a.Department)
	}
	return a, nil
}

func handleCancelActivity(ctx *module.Context, p module.Payload) error {
	m := p.(*CancelActivity)
	a, err := ownActivity(ctx, m.Activity)
	if err != nil {
		return err
	}
	if a.State != ActivityOpen {
		return fmt.Errorf("%w: activity %d", ErrActivityState, a.ID)
	}
	a.State, a.Cancellation = ActivityCancelled, change(ctx, m.Reason)
	if err := put(ctx.KV, ActivityKey(a.ID), a); err != nil {
		return err
	}
	ctx.Emit("participation.activity_cancelled", "activity", fmt.Sprint(a.ID), "department", a.Department)
	return nil
}

// handleSignup takes a seat. Sign-ups close when the activity starts; the
// capacity is checked against the record's count, so two sign-ups in one
// block for the last seat are decided by their order in the block.
func handleSignup(ctx *module.Context, p module.Payload) error {
	m := p.(*SignUp)
	a, err := GetActivity(ctx.KV, m.Activity)
	if err != nil {
		return err
	}
	if a.State != ActivityOpen {
		return fmt.Errorf("%w: activity %d", ErrActivityState, a.ID)
	}
	if !ctx.BlockTime.Before(a.Start) {
		return fmt.Errorf("%w: activity %d started at %s", ErrSignupClosed, a.ID, a.Start.Format(time.RFC3339))
	}
	if a.Full() {
		return fmt.Errorf("%w: activity %d has %d places, all taken", ErrFull, a.ID, a.Capacity)
	}
	// Only the organising department may read the name and phone.
	if missing, extra := m.Contact.CheckReaders([]string{a.Department}); len(missing) > 0 || len(extra) > 0 {
		return fmt.Errorf("%w: contact must be sealed to %q alone (missing %v, extra %v)", ErrInvalid, a.Department, missing, extra)
	}
	receipt := SignupReceipt(ctx.TxHash)
	if old, err := ctx.KV.Get(SignupKey(receipt)); err != nil {
		return err
	} else if old != nil {
		return fmt.Errorf("%w: %s", ErrDuplicate, receipt)
	}
	s := &Signup{Receipt: receipt, Activity: a.ID, Department: a.Department, Contact: m.Contact, CancelHash: m.cancelHash(), Participant: m.Participant,
		State: SignupActive, Gateway: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	a.Active++
	if err := put(ctx.KV, SignupKey(receipt), s); err != nil {
		return err
	}
	if err := put(ctx.KV, ActivityKey(a.ID), a); err != nil {
		return err
	}
	ctx.Emit("participation.signed_up", "receipt", receipt, "activity", fmt.Sprint(a.ID), "department", a.Department)
	return nil
}

// handleCancelSignup frees the seat: the citizen's cancel code must match.
func handleCancelSignup(ctx *module.Context, p module.Payload) error {
	m := p.(*CancelSignup)
	s, err := GetSignup(ctx.KV, m.Receipt)
	if err != nil {
		return err
	}
	if !checkCancel(ctx.Suite, s.CancelHash, m.CancelCode) {
		return fmt.Errorf("%w: %s", ErrCancelCode, m.Receipt)
	}
	if s.State != SignupActive {
		return fmt.Errorf("%w: %s is %s", ErrSignupState, s.Receipt, s.State)
	}
	a, err := GetActivity(ctx.KV, s.Activity)
	if err != nil {
		return err
	}
	if !ctx.BlockTime.Before(a.Start) {
		return fmt.Errorf("%w: activity %d has started", ErrSignupClosed, a.ID)
	}
	s.State, s.Updated = SignupCancelled, ctx.BlockTime.UTC()
	a.Active--
	a.Cancelled++
	if err := put(ctx.KV, SignupKey(s.Receipt), s); err != nil {
		return err
	}
	if err := put(ctx.KV, ActivityKey(a.ID), a); err != nil {
		return err
	}
	ctx.Emit("participation.signup_cancelled", "receipt", s.Receipt, "activity", fmt.Sprint(a.ID), "department", a.Department)
	return nil
}

// handleAttendance marks the listed sign-ups attended. Every receipt must
// be an active sign-up of the activity: one wrong receipt refuses the
// whole record, so nothing half-applies.
func handleAttendance(ctx *module.Context, p module.Payload) error {
	m := p.(*Attendance)
	a, err := ownActivity(ctx, m.Activity)
	if err != nil {
		return err
	}
	if ctx.BlockTime.Before(a.Start) {
		return fmt.Errorf("%w: activity %d starts at %s", ErrNotStarted, a.ID, a.Start.Format(time.RFC3339))
	}
	receipts := slices.Clone(m.Receipts)
	slices.Sort(receipts)
	signups := make([]*Signup, 0, len(receipts))
	for _, r := range receipts {
		s, err := GetSignup(ctx.KV, r)
		if err != nil {
			return err
		}
		if s.Activity != a.ID || s.State != SignupActive {
			return fmt.Errorf("%w: %s is not an open sign-up of activity %d", ErrSignupState, r, a.ID)
		}
		signups = append(signups, s)
	}
	for _, s := range signups {
		s.State, s.Updated = SignupAttended, ctx.BlockTime.UTC()
		if err := put(ctx.KV, SignupKey(s.Receipt), s); err != nil {
			return err
		}
	}
	a.Attended += uint32(len(signups))
	if err := put(ctx.KV, ActivityKey(a.ID), a); err != nil {
		return err
	}
	ctx.Emit("participation.attendance", "activity", fmt.Sprint(a.ID), "department", a.Department, "attended", fmt.Sprint(len(signups)))
	return nil
}
