package disclosure

import (
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
)

// Module is the disclosure module.
type Module struct{}

// Name implements module.Module.
func (Module) Name() string { return "disclosure" }

// Publishers are the roles that may publish and amend.
func Publishers() []string {
	return []string{module.RoleAdmin, module.RoleClerk, module.RoleApprover}
}

// Actions implements module.Module.
func (Module) Actions() []module.Action {
	return []module.Action{
		{Name: "publish", Roles: Publishers(), Decode: module.DecodeJSON[Publish], Handle: handlePublish},
		{Name: "amend", Roles: Publishers(), Decode: module.DecodeJSON[Amend], Handle: handleAmend},
	}
}

func handlePublish(ctx *module.Context, p module.Payload) error {
	m := p.(*Publish)
	number, err := nextNumber(ctx.KV, ctx.Signer.Department, module.CityYear(ctx.BlockTime))
	if err != nil {
		return err
	}
	d := &Document{Number: number, Version: 1, Department: ctx.Signer.Department, Title: m.Title, Category: m.Category,
		Body: m.Body, EffectiveDate: m.EffectiveDate, Ref: m.Ref}
	return save(ctx, d, "disclosure.published")
}

func handleAmend(ctx *module.Context, p module.Payload) error {
	m := p.(*Amend)
	all, err := Versions(ctx.KV, m.Number)
	if err != nil {
		return err
	}
	latest := all[len(all)-1]
	if latest.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: %s was published by %q", ErrOtherDepartment, m.Number, latest.Department)
	}
	if m.Amends != latest.Version {
		return fmt.Errorf("%w: %s is at version %d, the amendment names version %d", ErrStaleVersion, m.Number, latest.Version, m.Amends)
	}
	d := &Document{Number: m.Number, Version: latest.Version + 1, Department: latest.Department, Title: m.Title, Category: m.Category,
		Body: m.Body, EffectiveDate: m.EffectiveDate, Ref: m.Ref, Amends: latest.Version, Reason: m.Reason}
	return save(ctx, d, "disclosure.amended")
}

func save(ctx *module.Context, d *Document, event string) error {
	d.Signer, d.Height, d.Time, d.TxHash = ctx.Signer.Address, ctx.Height, ctx.BlockTime.UTC(), hex.EncodeToString(ctx.TxHash)
	if err := put(ctx.KV, d); err != nil {
		return err
	}
	ctx.Emit(event, "number", d.Number, "version", strconv.Itoa(d.Version), "department", d.Department, "category", d.Category)
	return nil
}
