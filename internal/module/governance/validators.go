package governance

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// The validator set as the app told CometBFT, kept in state so every node
// can check a validator proposal against it: the records below mirror
// CometBFT's set as of the updates returned so far (they take effect in
// consensus two blocks later).
const (
	validatorPrefix = "governance/validator/"  // <pub key hex> → Validator
	vpendingPrefix  = "governance/valpending/" // <pub key hex> → PendingValidator: approved, waiting for its join attestation
	vupdatePrefix   = "governance/valupdate/"  // <height %020d> → []ValidatorChange returned to CometBFT at that height
	vsignedPrefix   = "governance/valsigned/"  // <height %020d> → []string: addresses whose precommits for that block were decided
	blockHashPrefix = "governance/blockhash/"  // <height %020d> → block hash, for join attestations
)

// Windows of per-block records kept in state. Older ones are deleted as
// blocks go by, so state does not grow with the chain's length.
const (
	// signedWindow bounds gov.validator_live_blocks.
	signedWindow = 64
	// hashWindow is how many recent block hashes an attestation may sign:
	// a node that has caught up signs its newest block and its tx lands a
	// few blocks later.
	hashWindow = 256
)

// Limits on a validator's power. CometBFT allows far more; a small bound
// keeps sums of powers trivially clear of overflow.
const maxValidatorPower = 1_000_000

// Validator is one member of the validator set.
type Validator struct {
	PubKey string `cbor:"1,keyasint" json:"pub_key"` // Ed25519, hex
	// Address is CometBFT's address of the key (hex, upper-case as
	// CometBFT prints it), by which commits name their signers.
	Address    string `cbor:"2,keyasint" json:"address"`
	Power      int64  `cbor:"3,keyasint" json:"power"`
	Department string `cbor:"4,keyasint,omitempty" json:"department,omitempty"`
	// Since is the height the key joined (genesis: the initial height);
	// Proposal the proposal that added it (0: genesis).
	Since    int64  `cbor:"5,keyasint" json:"since"`
	Proposal uint64 `cbor:"6,keyasint,omitempty" json:"proposal,omitempty"`
	// Attested is the height of its join attestation (0: a genesis validator).
	Attested int64 `cbor:"7,keyasint,omitempty" json:"attested,omitempty"`
}

// Pending kinds.
const (
	PendingAdd     = "add"
	PendingReplace = "replace"
)

// PendingValidator is a key a passed proposal let in, which joins the set
// only once its node attests that it is in sync. It expires unattested.
type PendingValidator struct {
	PubKey     string `cbor:"1,keyasint" json:"pub_key"`
	Kind       string `cbor:"2,keyasint" json:"kind"`
	Department string `cbor:"3,keyasint" json:"department"`
	Power      int64  `cbor:"4,keyasint" json:"power"`
	// Replaces is the key a replacement takes the place of.
	Replaces string `cbor:"5,keyasint,omitempty" json:"replaces,omitempty"`
	Proposal uint64 `cbor:"6,keyasint" json:"proposal"`
	// Height is the height the proposal executed at: the attestation
	// signs a block at or after it.
	Height  int64     `cbor:"7,keyasint" json:"height"`
	Expires time.Time `cbor:"8,keyasint" json:"expires"`
}

// ValidatorChange is one update returned to CometBFT (power 0 removes).
type ValidatorChange struct {
	PubKey string `cbor:"1,keyasint" json:"pub_key"`
	Power  int64  `cbor:"2,keyasint" json:"power"`
}

func heightKey(prefix string, h int64) []byte { return []byte(fmt.Sprintf("%s%020d", prefix, h)) }

// ValidatorKey is the state key of a validator.
func ValidatorKey(pubHex string) []byte { return []byte(validatorPrefix + pubHex) }

// PendingValidatorKey is the state key of a pending validator.
func PendingValidatorKey(pubHex string) []byte { return []byte(vpendingPrefix + pubHex) }

// Validators lists the validator set in key (public key) order.
func Validators(r store.Reader) ([]*Validator, error) { return list[Validator](r, validatorPrefix) }

// PendingValidators lists the keys waiting for their join attestation.
func PendingValidators(r store.Reader) ([]*PendingValidator, error) {
	return list[PendingValidator](r, vpendingPrefix)
}

// GetValidator loads a validator.
func GetValidator(r store.Reader, pubHex string) (*Validator, error) {
	return get[Validator](r, ValidatorKey(pubHex), ErrValidatorNotFound, pubHex)
}

// GetPendingValidator loads a pending validator.
func GetPendingValidator(r store.Reader, pubHex string) (*PendingValidator, error) {
	return get[PendingValidator](r, PendingValidatorKey(pubHex), ErrNotPending, pubHex)
}

// BlockHashAt is the recorded hash of a recent block (nil: not recorded
// or already pruned).
func BlockHashAt(r store.Reader, h int64) ([]byte, error) {
	return r.Get(heightKey(blockHashPrefix, h))
}

// CometAddress is CometBFT's address of an Ed25519 key: the first 20
// bytes of its SHA-256, upper-case hex.
func CometAddress(pub []byte) string {
	sum := sha256.Sum256(pub)
	return fmt.Sprintf("%X", sum[:20])
}

// stageUpdate adds a change to the block's updates, replacing an earlier
// change of the same key in the same block (CometBFT refuses duplicates).
func stageUpdate(kv store.KV, height int64, c ValidatorChange) error {
	key := heightKey(vupdatePrefix, height)
	var list []ValidatorChange
	if b, err := kv.Get(key); err != nil {
		return err
	} else if b != nil {
		if err := module.UnmarshalState(b, &list); err != nil {
			return fmt.Errorf("%w: validator updates at %d: %v", errcode.ErrInternal, height, err)
		}
	}
	replaced := false
	for i := range list {
		if list[i].PubKey == c.PubKey {
			list[i], replaced = c, true
		}
	}
	if !replaced {
		list = append(list, c)
	}
	return put(kv, key, list)
}

// ValidatorUpdates implements module.ValidatorKeeper: the changes staged
// at height, in the order they were made.
func (Module) ValidatorUpdates(r store.Reader, height int64) ([]module.ValidatorUpdate, error) {
	b, err := r.Get(heightKey(vupdatePrefix, height))
	if err != nil || b == nil {
		return nil, err
	}
	var list []ValidatorChange
	if err := module.UnmarshalState(b, &list); err != nil {
		return nil, fmt.Errorf("%w: validator updates at %d: %v", errcode.ErrInternal, height, err)
	}
	out := make([]module.ValidatorUpdate, 0, len(list))
	for _, c := range list {
		pub, err := hex.DecodeString(c.PubKey)
		if err != nil {
			return nil, fmt.Errorf("%w: validator update key %q", errcode.ErrInternal, c.PubKey)
		}
		out = append(out, module.ValidatorUpdate{PubKey: pub, Power: c.Power})
	}
	return out, nil
}

// LatestBlockHash is the newest recorded block hash at or below height
// (height 0 and hash nil when none is).
func LatestBlockHash(r store.Reader, height int64) (int64, []byte, error) {
	for h := height; h > 0 && h > height-hashWindow; h-- {
		b, err := BlockHashAt(r, h)
		if err != nil {
			return 0, nil, err
		}
		if b != nil {
			return h, b, nil
		}
	}
	return 0, nil, nil
}
