package identity

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
)

// maxValidity bounds how far ahead a validity may be set: a date decades
// away is a typo, not a contract.
const maxValidity = 10 * 366 * 24 * time.Hour

// SetValidity sets or clears (valid_until_unix 0) how long a member of
// the admin's own department may sign. From that block time on the
// account's txs are refused with identity/32; an admin extends it with
// another set_validity.
type SetValidity struct {
	Address        string `json:"address"`
	ValidUntilUnix int64  `json:"valid_until_unix"`
	Reason         string `json:"reason"`
}

// Validate implements module.Payload.
func (p *SetValidity) Validate() error {
	if len(p.Address) != 40 {
		return fmt.Errorf("%w: address must be 40 hex digits", ErrInvalidField)
	}
	if p.ValidUntilUnix < 0 {
		return fmt.Errorf("%w: valid_until_unix must be 0 (no limit) or Unix seconds", ErrInvalidField)
	}
	if p.Reason == "" || !utf8.ValidString(p.Reason) || utf8.RuneCountInString(p.Reason) > 500 {
		return fmt.Errorf("%w: reason is required (at most 500 characters)", ErrInvalidField)
	}
	return nil
}

func handleSetValidity(ctx *module.Context, p module.Payload) error {
	m := p.(*SetValidity)
	if m.Address == ctx.Signer.Address {
		// An admin extending their own validity would make the limit
		// meaningless; another admin of the department must.
		return fmt.Errorf("%w: set your own validity", ErrSelf)
	}
	a, err := loadOwnMember(ctx, m.Address)
	if err != nil {
		return err
	}
	until := "none"
	if m.ValidUntilUnix == 0 {
		a.ValidUntil = nil
	} else {
		t := time.Unix(m.ValidUntilUnix, 0).UTC()
		if !t.After(ctx.BlockTime) || t.Sub(ctx.BlockTime) > maxValidity {
			return fmt.Errorf("%w: valid_until_unix must be after the block time %s and within 10 years", ErrInvalidField, ctx.BlockTime.Format(time.RFC3339))
		}
		a.ValidUntil, until = &t, t.Format(time.RFC3339)
	}
	if err := PutSequence(ctx.KV, a); err != nil {
		return err
	}
	ctx.Emit("identity.validity_set", "address", a.Address, "department", a.Department, "valid_until", until, "reason", m.Reason)
	return nil
}
