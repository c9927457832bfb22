package web

import (
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/proof"
	"github.com/pingshan/govchain/internal/store"
)

// validatorDepartments names the departments of a bundle's validators
// from the governance validator mirror (governance.ValidatorDepartments):
// at the bundle's height and the two before it, as far as this node
// still keeps those versions, then now. A validator added by proposal is
// named; the department records alone only know the genesis keys.
func (p *Portal) validatorDepartments(b *proof.Bundle) map[string]string {
	var readers []store.Reader
	if b != nil && b.Header != nil && b.Header.Header != nil {
		for h := b.Header.Height; h > 0 && h >= b.Header.Height-2; h-- {
			if r, err := p.n.Store.At(h); err == nil {
				readers = append(readers, r)
			}
		}
	}
	return governance.ValidatorDepartments(append(readers, p.n.Store.Committed())...)
}
