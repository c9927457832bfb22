package governance

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

const ed25519Size = 32

// ValidatorAddBody is the payload of a validator_add proposal. PubKey is
// the node's CometBFT Ed25519 key: 64 hex digits, or the base64 that
// priv_validator_key.json holds (stored as hex).
type ValidatorAddBody struct {
	Department string `json:"department"`
	PubKey     string `json:"pub_key"`
	Power      int64  `json:"power"`
}

// ValidatorReplaceBody is the payload of a validator_replace proposal.
type ValidatorReplaceBody struct {
	PubKey    string `json:"pub_key"`
	NewPubKey string `json:"new_pub_key"`
}

// ValidatorPowerBody is the payload of a validator_power proposal.
type ValidatorPowerBody struct {
	PubKey string `json:"pub_key"`
	Power  int64  `json:"power"`
}

// ValidatorRemoveBody is the payload of a validator_remove proposal.
type ValidatorRemoveBody struct {
	PubKey string `json:"pub_key"`
}

// ParseValidatorKey reads an Ed25519 public key given as 64 hex digits
// (either case) or standard base64, and returns its lower-case hex.
func ParseValidatorKey(field, s string) (string, error) {
	var b []byte
	var err error
	if len(s) == 2*ed25519Size {
		b, err = hex.DecodeString(s)
	} else {
		b, err = base64.StdEncoding.DecodeString(s)
	}
	if err != nil || len(b) != ed25519Size {
		return "", fmt.Errorf("%s must be an Ed25519 public key: 64 hex digits or base64 of 32 bytes", field)
	}
	return hex.EncodeToString(b), nil
}

func checkPower(p int64) error {
	if p < 1 || p > maxValidatorPower {
		return fmt.Errorf("power %d must be 1 to %d", p, maxValidatorPower)
	}
	return nil
}

// canonicalValidator checks a validator body without state and returns it
// re-encoded (keys as lower-case hex); ok is false for other types.
func canonicalValidator(typ string, raw json.RawMessage) (json.RawMessage, bool, error) {
	if !isValidatorType(typ) {
		return nil, false, nil
	}
	out, err := canonicalValidatorBody(typ, raw)
	if err != nil {
		return nil, true, fmt.Errorf("%s payload: %v", typ, err)
	}
	return out, true, nil
}

func canonicalValidatorBody(typ string, raw json.RawMessage) (json.RawMessage, error) {
	var err error
	switch typ {
	case TypeValidatorAdd:
		var b ValidatorAddBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, err
		}
		if err := identity.ValidateID(b.Department); err != nil {
			return nil, fmt.Errorf("department: %v", err)
		}
		if b.PubKey, err = ParseValidatorKey("pub_key", b.PubKey); err != nil {
			return nil, err
		}
		if err := checkPower(b.Power); err != nil {
			return nil, err
		}
		return json.Marshal(b)
	case TypeValidatorReplace:
		var b ValidatorReplaceBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, err
		}
		if b.PubKey, err = ParseValidatorKey("pub_key", b.PubKey); err != nil {
			return nil, err
		}
		if b.NewPubKey, err = ParseValidatorKey("new_pub_key", b.NewPubKey); err != nil {
			return nil, err
		}
		if b.PubKey == b.NewPubKey {
			return nil, fmt.Errorf("new_pub_key is the key it replaces")
		}
		return json.Marshal(b)
	case TypeValidatorPower:
		var b ValidatorPowerBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, err
		}
		if b.PubKey, err = ParseValidatorKey("pub_key", b.PubKey); err != nil {
			return nil, err
		}
		if err := checkPower(b.Power); err != nil {
			return nil, err
		}
		return json.Marshal(b)
	default: // TypeValidatorRemove
		var b ValidatorRemoveBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, err
		}
		if b.PubKey, err = ParseValidatorKey("pub_key", b.PubKey); err != nil {
			return nil, err
		}
		return json.Marshal(b)
	}
}

// validatorPlan is what a validator proposal would do, read against
// state: the set change for the guard and the key it targets.
type validatorPlan struct {
	target string
	change setChange
	add    *ValidatorAddBody
	repl   *ValidatorReplaceBody
	power  *ValidatorPowerBody
	remove *ValidatorRemoveBody
	old    *Validator // the validator replaced, re-weighted or removed
}

// planValidator checks a (canonical) validator body against state: the
// department is live, the keys are or are not in the set as the change
// needs. It does not run the guard.
func planValidator(r store.Reader, typ string, body json.RawMessage) (*validatorPlan, error) {
	p := &validatorPlan{}
	free := func(pub string) error {
		for _, k := range []func() ([]byte, error){
			func() ([]byte, error) { return r.Get(ValidatorKey(pub)) },
			func() ([]byte, error) { return r.Get(PendingValidatorKey(pub)) },
		} {
			b, err := k()
			if err != nil {
				return err
			}
			if b != nil {
				return fmt.Errorf("%w: %s", ErrValidatorExists, pub)
			}
		}
		return nil
	}
	decode := func(v any) error {
		if err := json.Unmarshal(body, v); err != nil {
			return fmt.Errorf("%w: %s payload: %v", ErrInvalid, typ, err)
		}
		return nil
	}
	var err error
	switch typ {
	case TypeValidatorAdd:
		p.add = &ValidatorAddBody{}
		if err := decode(p.add); err != nil {
			return nil, err
		}
		if _, err := identity.LiveDepartment(r, p.add.Department); err != nil {
			return nil, err
		}
		if err := free(p.add.PubKey); err != nil {
			return nil, err
		}
		pub, _ := hex.DecodeString(p.add.PubKey)
		p.target = p.add.PubKey
		p.change = setChange{AddKey: p.add.PubKey, Add: &member{Address: CometAddress(pub), Power: p.add.Power}}
	case TypeValidatorReplace:
		p.repl = &ValidatorReplaceBody{}
		if err := decode(p.repl); err != nil {
			return nil, err
		}
		if p.old, err = GetValidator(r, p.repl.PubKey); err != nil {
			return nil, err
		}
		if err := free(p.repl.NewPubKey); err != nil {
			return nil, err
		}
		pub, _ := hex.DecodeString(p.repl.NewPubKey)
		p.target = p.repl.PubKey
		p.change = setChange{Remove: p.old.PubKey, AddKey: p.repl.NewPubKey, Add: &member{Address: CometAddress(pub), Power: p.old.Power}}
	case TypeValidatorPower:
		p.power = &ValidatorPowerBody{}
		if err := decode(p.power); err != nil {
			return nil, err
		}
		if p.old, err = GetValidator(r, p.power.PubKey); err != nil {
			return nil, err
		}
		if p.old.Power == p.power.Power {
			return nil, fmt.Errorf("%w: validator %s already has power %d", ErrInvalid, p.old.PubKey, p.old.Power)
		}
		p.target = p.power.PubKey
		p.change = setChange{Power: map[string]int64{p.old.PubKey: p.power.Power}}
	case TypeValidatorRemove:
		p.remove = &ValidatorRemoveBody{}
		if err := decode(p.remove); err != nil {
			return nil, err
		}
		if p.old, err = GetValidator(r, p.remove.PubKey); err != nil {
			return nil, err
		}
		p.target = p.remove.PubKey
		p.change = setChange{Remove: p.old.PubKey}
	default:
		return nil, fmt.Errorf("%w: %q is not a validator proposal type", ErrInvalid, typ)
	}
	return p, nil
}

// proposeValidator is the check a validator proposal gets when it is made:
// the plan holds and the guard would let it through now (it is checked
// again when it executes, and a new key once more when it attests).
func (m Module) proposeValidator(ctx *module.Context, typ string, body json.RawMessage) error {
	if !isValidatorType(typ) {
		return nil
	}
	p, err := planValidator(ctx.KV, typ, body)
	if err != nil {
		return err
	}
	return m.guard(ctx.KV, ctx.Height, p.change)
}

// executeValidator applies a passed validator proposal: a new key (add,
// replace) waits for its attestation; a power change or removal reaches
// CometBFT at once, in this block's validator updates.
func (m Module) executeValidator(ctx *module.Context, prop *Proposal) ([]string, error) {
	p, err := planValidator(ctx.KV, prop.Type, prop.Payload)
	if err == nil {
		err = m.guard(ctx.KV, ctx.Height, p.change)
	}
	if err != nil {
		// The refusal becomes the proposal's result: name its code there.
		if e := errcode.Of(err); e != errcode.ErrInternal {
			err = fmt.Errorf("%w [%s/%d]", err, e.Codespace, e.Code)
		}
		return nil, err
	}
	switch {
	case p.add != nil || p.repl != nil:
		period, err := ParamInt(ctx.KV, m.reg.own(ParamValidatorAttestPeriod))
		if err != nil {
			return nil, err
		}
		pend := &PendingValidator{Kind: PendingAdd, Proposal: prop.ID, Height: ctx.Height,
			Expires: ctx.BlockTime.UTC().Add(time.Duration(period) * time.Second)}
		if p.add != nil {
			pend.PubKey, pend.Department, pend.Power = p.add.PubKey, p.add.Department, p.add.Power
		} else {
			pend.Kind, pend.PubKey, pend.Department, pend.Power, pend.Replaces = PendingReplace, p.repl.NewPubKey, p.old.Department, p.old.Power, p.old.PubKey
		}
		if err := put(ctx.KV, PendingValidatorKey(pend.PubKey), pend); err != nil {
			return nil, err
		}
		return []string{"validator", pend.PubKey, "pending", pend.Kind, "attest_from_height", strconv.FormatInt(pend.Height, 10),
			"expires", pend.Expires.Format(time.RFC3339)}, nil
	case p.power != nil:
		p.old.Power = p.power.Power
		if err := put(ctx.KV, ValidatorKey(p.old.PubKey), p.old); err != nil {
			return nil, err
		}
		if err := stageUpdate(ctx.KV, ctx.Height, ValidatorChange{PubKey: p.old.PubKey, Power: p.old.Power}); err != nil {
			return nil, err
		}
		return []string{"validator", p.old.PubKey, "power", strconv.FormatInt(p.old.Power, 10)}, nil
	default:
		if err := ctx.KV.Delete(ValidatorKey(p.old.PubKey)); err != nil {
			return nil, err
		}
		if err := stageUpdate(ctx.KV, ctx.Height, ValidatorChange{PubKey: p.old.PubKey, Power: 0}); err != nil {
			return nil, err
		}
		return []string{"validator", p.old.PubKey, "removed", p.old.Department}, nil
	}
}
