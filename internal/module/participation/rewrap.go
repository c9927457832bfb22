package participation

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// SealedEntries implements module.SealedHolder: the contact of every
// sign-up (any state: the organiser keeps its attendance list) with a
// data key wrapped for dept.
func (Module) SealedEntries(r store.Reader, dept string) ([]module.SealedEntry, error) {
	signups, err := module.ListRecords[Signup](r, signupPrefix)
	if err != nil {
		return nil, err
	}
	var out []module.SealedEntry
	for _, s := range signups {
		if s.Contact == nil {
			continue
		}
		if w, ok := s.Contact.WrappedKeys[dept]; ok {
			out = append(out, module.SealedEntry{Ref: s.Receipt, Domain: sealed.DomainActivitySignup,
				Ciphertext: s.Contact.Ciphertext, Wrapped: w})
		}
	}
	return out, nil
}

// ReplaceWrappedKey implements module.SealedHolder.
func (Module) ReplaceWrappedKey(kv store.KV, ref, dept string, wrapped []byte) error {
	s, err := GetSignup(kv, ref)
	if err != nil {
		return err
	}
	if s.Contact == nil {
		return fmt.Errorf("%w: sign-up %s has no sealed contact", ErrInvalid, ref)
	}
	if _, ok := s.Contact.WrappedKeys[dept]; !ok {
		return fmt.Errorf("%w: sign-up %s has no data key for %s", ErrOtherDepartment, ref, dept)
	}
	if len(wrapped) == 0 || len(wrapped) > sealed.MaxWrappedKey {
		return fmt.Errorf("%w: wrapped key must be 1..%d bytes", ErrInvalid, sealed.MaxWrappedKey)
	}
	s.Contact.WrappedKeys[dept] = wrapped
	return put(kv, SignupKey(ref), s)
}
