package finance

import (
	"fmt"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// SealedEntries implements module.SealedHolder: the sealed payee of every
// payment request and the sealed payer of every revenue entry with a
// data key wrapped for dept (payments first, each in id order). The ref
// is the entry id; its kind letters (PR, RV) say which record it is.
func (Module) SealedEntries(r store.Reader, dept string) ([]module.SealedEntry, error) {
	var out []module.SealedEntry
	add := func(id string, b *sealed.Box) {
		if b == nil {
			return
		}
		if w, ok := b.WrappedKeys[dept]; ok {
			out = append(out, module.SealedEntry{Ref: id, Domain: sealed.DomainFinancePayee, Ciphertext: b.Ciphertext, Wrapped: w})
		}
	}
	if err := each(r, payPrefix, func(p *Payment) error { add(p.ID, p.Payee.Sealed); return nil }); err != nil {
		return nil, err
	}
	if err := each(r, revenuePrefix, func(v *Revenue) error { add(v.ID, v.Payer.Sealed); return nil }); err != nil {
		return nil, err
	}
	return out, nil
}

// ReplaceWrappedKey implements module.SealedHolder.
func (Module) ReplaceWrappedKey(kv store.KV, ref, dept string, wrapped []byte) error {
	if len(wrapped) == 0 || len(wrapped) > sealed.MaxWrappedKey {
		return fmt.Errorf("%w: wrapped key must be 1..%d bytes", ErrPayeeSealing, sealed.MaxWrappedKey)
	}
	swap := func(b *sealed.Box) error {
		if b == nil {
			return fmt.Errorf("%w: %s has no sealed payee data", ErrPayeeSealing, ref)
		}
		if _, ok := b.WrappedKeys[dept]; !ok {
			return fmt.Errorf("%w: %s has no data key for %s", ErrPayeeSealing, ref, dept)
		}
		b.WrappedKeys[dept] = wrapped
		return nil
	}
	switch {
	case strings.HasPrefix(ref, KindPayment+"-"):
		p, err := GetPayment(kv, ref)
		if err != nil {
			return err
		}
		if err := swap(p.Payee.Sealed); err != nil {
			return err
		}
		return put(kv, PaymentKey(ref), p)
	case strings.HasPrefix(ref, KindRevenue+"-"):
		v, err := get[Revenue](kv, RevenueKey(ref), ErrEntryNotFound, ref)
		if err != nil {
			return err
		}
		if err := swap(v.Payer.Sealed); err != nil {
			return err
		}
		return put(kv, RevenueKey(ref), v)
	}
	return fmt.Errorf("%w: %q is not a payment or revenue id", ErrEntryNotFound, ref)
}
