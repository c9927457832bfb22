package identity

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// The department set changes only under the platform's authority (a
// passed governance proposal); no department admin can add, rename or
// retire a department. These functions are what governance's executor
// calls: the department rules stay here, in the module that owns them.

// GovernanceAuthority is the platform's authority of a passed governance
// proposal; only governance's executor constructs it.
func GovernanceAuthority(proposal uint64) PlatformAuthority {
	return PlatformAuthority{source: "governance proposal " + strconv.FormatUint(proposal, 10)}
}

// MaxDepartmentName bounds a department name (characters).
const MaxDepartmentName = 100

// NewAdmin is an admin account a new department starts with.
type NewAdmin struct {
	Name      string `json:"name"`
	PublicKey string `json:"public_key"` // hex
}

// CheckNames checks a department's two names.
func CheckNames(zh, en string) error {
	for _, n := range []struct{ field, v string }{{"name_zh", zh}, {"name_en", en}} {
		if n.v == "" || !utf8.ValidString(n.v) || utf8.RuneCountInString(n.v) > MaxDepartmentName {
			return fmt.Errorf("%w: %s is required, valid UTF-8 of at most %d characters", ErrInvalidField, n.field, MaxDepartmentName)
		}
	}
	return nil
}

// AddDepartment creates a department and its first admin accounts. The
// encryption key and admin keys are parsed by the chain's suite; nothing
// is written unless everything checks.
func AddDepartment(kv store.KV, s cryptosuite.Suite, auth PlatformAuthority, d Department, admins []NewAdmin) error {
	if auth.source == "" {
		return fmt.Errorf("%w: no platform authority", ErrPlatformRole)
	}
	if err := ValidateID(d.ID); err != nil {
		return err
	}
	if err := CheckNames(d.NameZH, d.NameEN); err != nil {
		return err
	}
	if _, err := GetDepartment(kv, d.ID); err == nil {
		return fmt.Errorf("%w: %q", ErrDepartmentExists, d.ID)
	}
	if len(d.EncryptionKey) == 0 {
		return fmt.Errorf("%w: encryption_key is required", ErrInvalidField)
	}
	pub, err := s.ParsePublicKey(d.EncryptionKey)
	if err != nil {
		return fmt.Errorf("%w: encryption_key: %v", ErrBadPublicKey, err)
	}
	d.EncryptionKey, d.Retired = pub.Bytes(), nil
	if len(admins) == 0 || len(admins) > 16 {
		return fmt.Errorf("%w: a new department starts with 1 to 16 admins", ErrInvalidField)
	}
	accts := make([]*Account, 0, len(admins))
	for i, ad := range admins {
		if err := ValidateName(ad.Name); err != nil {
			return fmt.Errorf("admins[%d]: %w", i, err)
		}
		if _, err := AddressByName(kv, ad.Name); err == nil {
			return fmt.Errorf("%w: %q", ErrNameTaken, ad.Name)
		}
		raw, err := hex.DecodeString(ad.PublicKey)
		if err != nil || len(raw) == 0 {
			return fmt.Errorf("%w: admins[%d].public_key must be hex", ErrBadPublicKey, i)
		}
		pk, err := s.ParsePublicKey(raw)
		if err != nil {
			return fmt.Errorf("%w: admins[%d]: %v", ErrBadPublicKey, i, err)
		}
		addr := cryptosuite.Address(s, pk)
		if _, err := GetAccount(kv, addr); err == nil {
			return fmt.Errorf("%w: %s", ErrAccountExists, addr)
		}
		for _, a := range accts {
			if a.Address == addr || a.Name == ad.Name {
				return fmt.Errorf("%w: admins[%d] repeats a key or a name", ErrInvalidField, i)
			}
		}
		accts = append(accts, &Account{Address: addr, Name: ad.Name, PublicKey: pk.Bytes(), Department: d.ID,
			Roles: []string{module.RoleAdmin}, Status: StatusActive})
	}
	if err := PutDepartment(kv, &d); err != nil {
		return err
	}
	for _, a := range accts {
		if err := PutAccount(kv, a); err != nil {
			return err
		}
	}
	return nil
}

// RenameDepartment changes a live department's names.
func RenameDepartment(kv store.KV, auth PlatformAuthority, id, zh, en string) error {
	if auth.source == "" {
		return fmt.Errorf("%w: no platform authority", ErrPlatformRole)
	}
	if err := CheckNames(zh, en); err != nil {
		return err
	}
	d, err := LiveDepartment(kv, id)
	if err != nil {
		return err
	}
	d.NameZH, d.NameEN = zh, en
	return PutDepartment(kv, d)
}

// LiveDepartment loads a department that is not retired.
func LiveDepartment(r store.Reader, id string) (*Department, error) {
	d, err := GetDepartment(r, id)
	if err != nil {
		return nil, err
	}
	if d.Retired != nil {
		return nil, fmt.Errorf("%w: %q", ErrDepartmentRetired, id)
	}
	return d, nil
}

// RetireDepartment marks a department retired, with its successor (""
// for none), and suspends its active accounts so none of them signs
// again. Moving its open work is the caller's job (governance asks each
// module that holds some), in the same isolated execution.
func RetireDepartment(kv store.KV, auth PlatformAuthority, id, successor string, height int64) (suspended int, err error) {
	if auth.source == "" {
		return 0, fmt.Errorf("%w: no platform authority", ErrPlatformRole)
	}
	d, err := LiveDepartment(kv, id)
	if err != nil {
		return 0, err
	}
	if successor != "" {
		if successor == id {
			return 0, fmt.Errorf("%w: a department cannot succeed itself", ErrInvalidField)
		}
		if _, err := LiveDepartment(kv, successor); err != nil {
			return 0, fmt.Errorf("successor: %w", err)
		}
	}
	d.Retired = &Retirement{Successor: successor, Height: height, Authority: auth.source}
	if err := PutDepartment(kv, d); err != nil {
		return 0, err
	}
	accts, err := Accounts(kv, id)
	if err != nil {
		return 0, err
	}
	for _, a := range accts {
		if a.Status != StatusActive {
			continue
		}
		a.Status, a.StatusReason = StatusSuspended, "department retired by "+auth.source
		if err := PutSequence(kv, a); err != nil {
			return 0, err
		}
		suspended++
	}
	return suspended, nil
}

// maxSuccession bounds a chain of successors (a merged into b merged into
// c …); a successor is live when it is named, so chains cannot loop, and
// the bound only guards against a corrupt state.
const maxSuccession = 64

// Successor is the live department that holds a department's work now:
// the department itself while it is live, else its successor's, followed.
// "" for a department retired without one.
func Successor(r store.Reader, id string) (string, error) {
	for range maxSuccession {
		d, err := GetDepartment(r, id)
		if err != nil {
			return "", err
		}
		if d.Retired == nil {
			return id, nil
		}
		if d.Retired.Successor == "" {
			return "", nil
		}
		id = d.Retired.Successor
	}
	return "", fmt.Errorf("%w: succession of %q longer than %d", ErrDepartmentRetired, id, maxSuccession)
}
