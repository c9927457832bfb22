package identity

import (
	"encoding/hex"
	"fmt"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
)

// Module is the identity module.
type Module struct{}

// Name implements module.Module.
func (Module) Name() string { return "identity" }

// Actions implements module.Module. Every member action is for department
// admins; "own department only" is checked in the handlers because it needs
// the target account from state.
func (Module) Actions() []module.Action {
	admin := []string{module.RoleAdmin}
	return []module.Action{
		{Name: "add_member", Roles: admin, Decode: module.DecodeJSON[AddMember], Handle: handleAddMember},
		{Name: "suspend_member", Roles: admin, Decode: module.DecodeJSON[SetStatus], Handle: handleStatus(StatusSuspended)},
		{Name: "reinstate_member", Roles: admin, Decode: module.DecodeJSON[SetStatus], Handle: handleStatus(StatusActive)},
		{Name: "set_roles", Roles: admin, Decode: module.DecodeJSON[SetRoles], Handle: handleSetRoles},
		{Name: "set_validity", Roles: admin, Decode: module.DecodeJSON[SetValidity], Handle: handleSetValidity},
	}
}

// AddMember adds an account to the signer's own department.
type AddMember struct {
	Name      string   `json:"name"`
	PublicKey string   `json:"public_key"` // hex
	Roles     []string `json:"roles"`
}

// Validate implements module.Payload.
func (p *AddMember) Validate() error {
	if err := ValidateName(p.Name); err != nil {
		return err
	}
	if _, err := hex.DecodeString(p.PublicKey); err != nil || p.PublicKey == "" {
		return fmt.Errorf("%w: public_key must be hex", ErrBadPublicKey)
	}
	roles, err := NormalizeRoles(p.Roles)
	if err != nil {
		return err
	}
	p.Roles = roles
	return nil
}

// SetStatus suspends or reinstates a member.
type SetStatus struct {
	Address string `json:"address"`
	Reason  string `json:"reason"`
}

// Validate implements module.Payload.
func (p *SetStatus) Validate() error {
	if len(p.Address) != 40 {
		return fmt.Errorf("%w: address must be 40 hex digits", ErrInvalidField)
	}
	if p.Reason == "" || utf8.RuneCountInString(p.Reason) > 500 {
		return fmt.Errorf("%w: reason is required (at most 500 characters)", ErrInvalidField)
	}
	return nil
}

// SetRoles replaces a member's roles.
type SetRoles struct {
	Address string   `json:"address"`
	Roles   []string `json:"roles"`
}

// Validate implements module.Payload.
func (p *SetRoles) Validate() error {
	if len(p.Address) != 40 {
		return fmt.Errorf("%w: address must be 40 hex digits", ErrInvalidField)
	}
	roles, err := NormalizeRoles(p.Roles)
	if err != nil {
		return err
	}
	p.Roles = roles
	return nil
}

func handleAddMember(ctx *module.Context, p module.Payload) error {
	m := p.(*AddMember)
	if err := refusePlatformRoles(nil, m.Roles); err != nil {
		return err
	}
	raw, _ := hex.DecodeString(m.PublicKey)
	pub, err := ctx.Suite.ParsePublicKey(raw)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadPublicKey, err)
	}
	addr := cryptosuite.Address(ctx.Suite, pub)
	if _, err := GetAccount(ctx.KV, addr); err == nil {
		return fmt.Errorf("%w: %s", ErrAccountExists, addr)
	}
	if _, err := AddressByName(ctx.KV, m.Name); err == nil {
		return fmt.Errorf("%w: %q", ErrNameTaken, m.Name)
	}
	a := &Account{Address: addr, Name: m.Name, PublicKey: pub.Bytes(), Department: ctx.Signer.Department, Roles: m.Roles, Status: StatusActive}
	if err := PutAccount(ctx.KV, a); err != nil {
		return err
	}
	ctx.Emit("identity.member_added", "address", addr, "name", m.Name, "department", a.Department)
	return nil
}

// loadOwnMember loads the target and checks it is in the signer's department.
func loadOwnMember(ctx *module.Context, addr string) (*Account, error) {
	a, err := GetAccount(ctx.KV, addr)
	if err != nil {
		return nil, err
	}
	if a.Department != ctx.Signer.Department {
		return nil, fmt.Errorf("%w: %s is in %q, you administer %q", ErrOtherDepartment, addr, a.Department, ctx.Signer.Department)
	}
	return a, nil
}

func handleStatus(to string) func(*module.Context, module.Payload) error {
	return func(ctx *module.Context, p module.Payload) error {
		m := p.(*SetStatus)
		if m.Address == ctx.Signer.Address {
			return fmt.Errorf("%w: change your own status", ErrSelf)
		}
		a, err := loadOwnMember(ctx, m.Address)
		if err != nil {
			return err
		}
		if a.Status == to {
			return fmt.Errorf("%w: %s is already %s", ErrStatus, a.Address, to)
		}
		a.Status, a.StatusReason = to, m.Reason
		if err := PutSequence(ctx.KV, a); err != nil {
			return err
		}
		ctx.Emit("identity.member_"+to, "address", a.Address, "department", a.Department, "reason", m.Reason)
		return nil
	}
}

func handleSetRoles(ctx *module.Context, p module.Payload) error {
	m := p.(*SetRoles)
	if m.Address == ctx.Signer.Address {
		// An admin dropping their own admin role could leave a department
		// with nobody able to manage it; another admin must do it.
		return fmt.Errorf("%w: change your own roles", ErrSelf)
	}
	a, err := loadOwnMember(ctx, m.Address)
	if err != nil {
		return err
	}
	if err := refusePlatformRoles(a.Roles, m.Roles); err != nil {
		return err
	}
	a.Roles = m.Roles
	if err := PutSequence(ctx.KV, a); err != nil {
		return err
	}
	ctx.Emit("identity.roles_set", "address", a.Address, "department", a.Department)
	return nil
}
