package governance

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// InitValidators implements module.ValidatorKeeper: InitChain's validators
// become the set, each under the department whose genesis record names
// its key (none if no department does).
func (Module) InitValidators(ctx *module.Context, vals []module.ValidatorUpdate) error {
	depts, err := identity.Departments(ctx.KV)
	if err != nil {
		return err
	}
	for _, v := range vals {
		if len(v.PubKey) != ed25519Size || v.Power <= 0 {
			return fmt.Errorf("%w: genesis validator %x: only Ed25519 keys with positive power", ErrInvalid, v.PubKey)
		}
		val := &Validator{PubKey: hex.EncodeToString(v.PubKey), Address: CometAddress(v.PubKey), Power: v.Power, Since: ctx.Height}
		for _, d := range depts {
			if bytes.Equal(d.ValidatorPubKey, v.PubKey) {
				val.Department = d.ID
				break
			}
		}
		if err := put(ctx.KV, ValidatorKey(val.PubKey), val); err != nil {
			return err
		}
	}
	return nil
}

// BeginBlock implements module.ValidatorKeeper: it records the block's
// hash (for join attestations) and who signed the previous block, and
// forgets both beyond their windows.
func (Module) BeginBlock(ctx *module.Context, info module.BlockInfo) error {
	h := ctx.Height
	if len(info.Hash) > 0 {
		if err := ctx.KV.Set(heightKey(blockHashPrefix, h), info.Hash); err != nil {
			return err
		}
	}
	if err := ctx.KV.Delete(heightKey(blockHashPrefix, h-hashWindow)); err != nil {
		return err
	}
	if h > 1 && len(info.Signers) > 0 {
		signers := make([]string, 0, len(info.Signers))
		for _, a := range info.Signers {
			signers = append(signers, fmt.Sprintf("%X", a))
		}
		sort.Strings(signers)
		if err := put(ctx.KV, heightKey(vsignedPrefix, h-1), signers); err != nil {
			return err
		}
	}
	return ctx.KV.Delete(heightKey(vsignedPrefix, h-1-signedWindow))
}

// recentSigners is the set of addresses whose precommit is in one of the
// last n commits before the block under execution.
func recentSigners(r store.Reader, height, n int64) (map[string]bool, error) {
	out := map[string]bool{}
	for h := height - n; h < height; h++ {
		if h < 1 {
			continue
		}
		b, err := r.Get(heightKey(vsignedPrefix, h))
		if err != nil {
			return nil, err
		}
		if b == nil {
			continue
		}
		var list []string
		if err := module.UnmarshalState(b, &list); err != nil {
			return nil, fmt.Errorf("corrupt signers at %d: %w", h, err)
		}
		for _, a := range list {
			out[a] = true
		}
	}
	return out, nil
}

// expirePendingValidators drops the approved keys whose time to attest
// has run out (from EndBlock). Few are ever pending: a scan is enough.
func expirePendingValidators(ctx *module.Context) error {
	pend, err := PendingValidators(ctx.KV)
	if err != nil {
		return err
	}
	for _, p := range pend {
		if ctx.BlockTime.Before(p.Expires) {
			continue
		}
		if err := ctx.KV.Delete(PendingValidatorKey(p.PubKey)); err != nil {
			return err
		}
		ctx.Emit("governance.validator_expired", "pub_key", p.PubKey, "kind", p.Kind,
			"proposal", strconv.FormatUint(p.Proposal, 10), "department", p.Department)
	}
	return nil
}
