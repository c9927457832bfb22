// Package identity is the permissions module: departments, their member
// accounts and the roles those accounts hold. A department admin manages the
// members of their own department only.
package identity

import (
	"fmt"
	"regexp"
	"sort"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Account statuses.
const (
	StatusActive    = "active"
	StatusSuspended = "suspended"
)

// Department is one city department; each runs one validator node.
type Department struct {
	ID     string `cbor:"1,keyasint" json:"id"`
	NameZH string `cbor:"2,keyasint" json:"name_zh"`
	NameEN string `cbor:"3,keyasint" json:"name_en"`
	// ValidatorPubKey is the CometBFT Ed25519 key of the department's node.
	ValidatorPubKey []byte `cbor:"4,keyasint" json:"validator_pub_key"`
	// EncryptionKey is the department's suite public key (SM2 or Ed25519)
	// that personal data keys are wrapped for; its private half stays in
	// the department node's keyring as "<id>-data".
	EncryptionKey []byte `cbor:"5,keyasint,omitempty" json:"encryption_key,omitempty"`
	// Retired is set when a governance decision retired the department
	// (alone, or merged into a successor); its accounts are suspended and
	// it has no vote weight. The record stays: history names it.
	Retired *Retirement `cbor:"6,keyasint,omitempty" json:"retired,omitempty"`
	// EncKey is the history of EncryptionKey's rotations (enckey.go); nil
	// until the first rotation, so records of departments that never
	// rotated encode as before.
	EncKey *EncKeyVersions `cbor:"7,keyasint,omitempty" json:"enc_key,omitempty"`
}

// Retirement records how a department left the platform.
type Retirement struct {
	// Successor took over its open work ("" when it had none).
	Successor string `cbor:"1,keyasint,omitempty" json:"successor,omitempty"`
	Height    int64  `cbor:"2,keyasint" json:"height"`
	Authority string `cbor:"3,keyasint" json:"authority"`
}

// Account is a member of a department, identified by the address of its key.
type Account struct {
	Address    string   `cbor:"1,keyasint" json:"address"`
	Name       string   `cbor:"2,keyasint" json:"name"`
	PublicKey  []byte   `cbor:"3,keyasint" json:"public_key"`
	Department string   `cbor:"4,keyasint" json:"department"`
	Roles      []string `cbor:"5,keyasint" json:"roles"`
	Status     string   `cbor:"6,keyasint" json:"status"`
	// Sequence is the next sequence the account must sign with.
	Sequence uint64 `cbor:"7,keyasint" json:"sequence"`
	// StatusReason records why an account was suspended or reinstated.
	StatusReason string `cbor:"8,keyasint,omitempty" json:"status_reason,omitempty"`
	// ValidUntil, when set by the department's admin (set_validity), is
	// the block time from which the account's txs are refused: staff on a
	// fixed-term contract, a secondment, an external auditor.
	ValidUntil *time.Time `cbor:"9,keyasint,omitempty" json:"valid_until,omitempty"`
}

// Expired reports whether the account's validity has run out at now
// (block time).
func (a *Account) Expired(now time.Time) bool {
	return a.ValidUntil != nil && !now.Before(*a.ValidUntil)
}

// Signer is the account as the permission check sees it.
func (a *Account) Signer() module.Signer {
	return module.Signer{Address: a.Address, Department: a.Department, Roles: a.Roles}
}

var (
	idPattern   = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)
	namePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)
)

// ValidateID checks a department id.
func ValidateID(id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%w: department id %q must match %s", ErrInvalidField, id, idPattern)
	}
	return nil
}

// ValidateName checks an account name.
func ValidateName(name string) error {
	if !namePattern.MatchString(name) {
		return fmt.Errorf("%w: account name %q must match %s", ErrInvalidField, name, namePattern)
	}
	return nil
}

// NormalizeRoles validates roles and returns them sorted and de-duplicated,
// so the stored record does not depend on the order a client sent.
func NormalizeRoles(roles []string) ([]string, error) {
	if len(roles) == 0 {
		return nil, fmt.Errorf("%w: at least one role is required", ErrUnknownRole)
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range roles {
		if !module.ValidRole(r) {
			return nil, fmt.Errorf("%w: %q (known: %v)", ErrUnknownRole, r, module.Roles())
		}
		if !seen[r] {
			seen[r] = true
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out, nil
}
