package feedback

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// ContactDomain is the AEAD associated data a contact sealed for dept is
// under: what a department's node passes to sealed.Rewrap to check the
// unwrapped data key opens the contact before re-wrapping it.
func ContactDomain(dept string) string { return string(contactAD(dept)) }

// SealedEntries implements module.SealedHolder: the sealed contact of
// every suggestion and complaint addressed to dept, whatever its status.
// A contact is sealed to the addressed department only, and an item never
// changes department (a merger moves open tasks, not items), so the
// item's department says whose key wraps it. Answered items count too: a
// contact left wrapped to a destroyed key could never be read again.
func (Module) SealedEntries(r store.Reader, dept string) ([]module.SealedEntry, error) {
	items, err := module.ListRecords[Item](r, itemPrefix)
	if err != nil {
		return nil, err
	}
	var out []module.SealedEntry
	for _, it := range items {
		if it.Contact == nil || it.Department != dept {
			continue
		}
		out = append(out, module.SealedEntry{Ref: it.Receipt, Domain: ContactDomain(dept),
			Ciphertext: it.Contact.Data, Wrapped: it.Contact.Key})
	}
	return out, nil
}

// ReplaceWrappedKey implements module.SealedHolder: the contact's data
// key, now wrapped to dept's new encryption key, replaces the old one.
func (Module) ReplaceWrappedKey(kv store.KV, ref, dept string, wrapped []byte) error {
	it, err := GetItem(kv, ref)
	if err != nil {
		return err
	}
	if it.Contact == nil {
		return fmt.Errorf("%w: %s has no sealed contact", ErrInvalid, ref)
	}
	if it.Department != dept {
		return fmt.Errorf("%w: %s's contact is sealed to %q, not %q", ErrOtherDepartment, ref, it.Department, dept)
	}
	if len(wrapped) == 0 || len(wrapped) > sealed.MaxWrappedKey {
		return fmt.Errorf("%w: wrapped key must be 1..%d bytes", ErrInvalid, sealed.MaxWrappedKey)
	}
	it.Contact.Key = wrapped
	return putItem(kv, it)
}
