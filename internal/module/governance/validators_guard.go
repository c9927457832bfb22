package governance

import (
	"fmt"
	"sort"

	"github.com/pingshan/govchain/internal/store"
)

// member is one validator of a prospective set: CometBFT address and power.
type member struct {
	Address string
	Power   int64
}

// quorumAfter checks a prospective validator set against the validators
// that signed the last blocks: CometBFT commits a block only with the
// precommits of more than 2/3 of the power, so the change is refused
// unless the keys known to be signing (signed) hold more than 2/3 of the
// new total. Keys not yet signing (a new key, a replacement) count only in
// the total: if their node never comes up, the chain still commits.
// Exactly 2/3 is refused too — it could not commit a block.
func quorumAfter(set []member, signed map[string]bool, window int64) error {
	var live, total int64
	for _, m := range set {
		total += m.Power
		if signed[m.Address] {
			live += m.Power
		}
	}
	if total == 0 {
		return fmt.Errorf("%w: the change would leave no validator", ErrValidatorGuard)
	}
	if 3*live > 2*total {
		return nil
	}
	return fmt.Errorf("%w: after it the validators that signed in the last %d blocks would hold %d of %d power; more than 2/3 (at least %d) is needed",
		ErrValidatorGuard, window, live, total, 2*total/3+1)
}

// setChange describes a change to the validator set by public key (hex):
// Remove leaves the set, Add joins (with its CometBFT address), Power
// sets an existing key's power.
type setChange struct {
	Remove string
	Add    *member
	AddKey string
	Power  map[string]int64
}

// prospective is the current set with the change applied, in key order.
func prospective(r store.Reader, c setChange) ([]member, error) {
	vals, err := Validators(r)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(vals)+1)
	by := map[string]member{}
	for _, v := range vals {
		if v.PubKey == c.Remove {
			continue
		}
		m := member{Address: v.Address, Power: v.Power}
		if p, ok := c.Power[v.PubKey]; ok {
			m.Power = p
		}
		by[v.PubKey] = m
		keys = append(keys, v.PubKey)
	}
	if c.Add != nil {
		by[c.AddKey] = *c.Add
		keys = append(keys, c.AddKey)
	}
	sort.Strings(keys)
	out := make([]member, 0, len(keys))
	for _, k := range keys {
		out = append(out, by[k])
	}
	return out, nil
}

// guard checks a change at the height of the block under execution
// against the signers of the last gov.validator_live_blocks blocks.
func (m Module) guard(r store.Reader, height int64, c setChange) error {
	window, err := ParamInt(r, m.reg.own(ParamValidatorLiveBlocks))
	if err != nil {
		return err
	}
	signed, err := recentSigners(r, height, window)
	if err != nil {
		return err
	}
	set, err := prospective(r, c)
	if err != nil {
		return err
	}
	return quorumAfter(set, signed, window)
}
