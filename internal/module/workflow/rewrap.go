package workflow

import (
	"fmt"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// SealedEntries implements module.SealedHolder: the applicant data of
// every case, open or closed, with a data key wrapped for dept. Closed
// cases count too: their files are kept, and once the department's
// previous key is retired and destroyed a data key left wrapped to it
// could not be read by anyone in the department again.
func (Module) SealedEntries(r store.Reader, dept string) ([]module.SealedEntry, error) {
	var out []module.SealedEntry
	var derr error
	err := r.Iterate([]byte(pdPrefix), func(k, v []byte) bool {
		var b SealedPersonalData
		if derr = module.UnmarshalState(v, &b); derr != nil {
			derr = fmt.Errorf("corrupt personal data at %s: %w", k, derr)
			return false
		}
		if w, ok := b.WrappedKeys[dept]; ok {
			out = append(out, module.SealedEntry{Ref: strings.TrimPrefix(string(k), pdPrefix),
				Domain: sealed.DomainLandApplicant, Ciphertext: b.Ciphertext, Wrapped: w})
		}
		return true
	})
	if err == nil {
		err = derr
	}
	return out, err
}

// ReplaceWrappedKey implements module.SealedHolder.
func (Module) ReplaceWrappedKey(kv store.KV, ref, dept string, wrapped []byte) error {
	b, err := GetPersonalData(kv, ref)
	if err != nil {
		return err
	}
	if _, ok := b.WrappedKeys[dept]; !ok {
		return fmt.Errorf("%w: case %s has no data key for %s", ErrPersonalDataKeys, ref, dept)
	}
	if len(wrapped) == 0 || len(wrapped) > maxWrappedKey {
		return fmt.Errorf("%w: wrapped key of %s must be 1..%d bytes", ErrPersonalDataKeys, dept, maxWrappedKey)
	}
	b.WrappedKeys[dept] = wrapped
	return putPersonalData(kv, ref, b)
}
