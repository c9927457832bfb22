package governanceweb

import (
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/store"
)

// validatorsOf reads the validator set and the pending keys for the
// public governance page.
func validatorsOf(st store.Reader) ([]*governance.Validator, []*governance.PendingValidator, error) {
	vals, err := governance.Validators(st)
	if err != nil {
		return nil, nil, err
	}
	pend, err := governance.PendingValidators(st)
	return vals, pend, err
}
