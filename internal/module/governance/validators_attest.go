package governance

import (
	"crypto/ed25519"
	"encoding/hex"
	"fmt"
	"regexp"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
)

var (
	hex32Pattern = regexp.MustCompile(`^[0-9a-f]{64}$`)
	hex64Pattern = regexp.MustCompile(`^[0-9a-f]{128}$`)
)

// AttestValidator is the payload of governance/validator_attest: a node
// whose key a passed proposal let in shows it has caught up by signing,
// with that key, the hash of a recent block at or after the proposal's
// height. An admin of the key's department sends it.
type AttestValidator struct {
	PubKey    string `json:"pub_key"`    // Ed25519, lower-case hex
	Height    int64  `json:"height"`     // the block signed
	BlockHash string `json:"block_hash"` // its hash, lower-case hex
	Signature string `json:"signature"`  // Ed25519 over AttestMessage, lower-case hex
}

// Validate implements module.Payload.
func (p *AttestValidator) Validate() error {
	if !hex32Pattern.MatchString(p.PubKey) {
		return fmt.Errorf("pub_key must be 64 lower-case hex digits")
	}
	if p.Height < 1 {
		return fmt.Errorf("height must be positive")
	}
	if !hex32Pattern.MatchString(p.BlockHash) {
		return fmt.Errorf("block_hash must be 64 lower-case hex digits")
	}
	if !hex64Pattern.MatchString(p.Signature) {
		return fmt.Errorf("signature must be 128 lower-case hex digits")
	}
	return nil
}

// AttestMessage is what a join attestation signs: the chain, the block
// and the key, so a signature serves for nothing else.
func AttestMessage(chainID string, height int64, blockHash, pubKey string) []byte {
	return []byte(fmt.Sprintf("govchain validator join attestation\nchain %s\nheight %d\nblock %s\nkey %s\n", chainID, height, blockHash, pubKey))
}

// handleAttest lets an approved key into the set once its attestation
// verifies and the guard still holds; a replacement takes its old key out
// in the same block's updates.
func (m Module) handleAttest(ctx *module.Context, p module.Payload) error {
	a := p.(*AttestValidator)
	pend, err := GetPendingValidator(ctx.KV, a.PubKey)
	if err != nil {
		return err
	}
	if pend.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: validator key %s is %s's", ErrOtherDepartment, pend.PubKey, pend.Department)
	}
	if a.Height < pend.Height {
		return fmt.Errorf("%w: it signs block %d, before the proposal's height %d", ErrAttestation, a.Height, pend.Height)
	}
	hash, err := BlockHashAt(ctx.KV, a.Height)
	if err != nil {
		return err
	}
	if hash == nil || a.Height >= ctx.Height {
		return fmt.Errorf("%w: block %d is not one of the last %d committed blocks; sign a newer one", ErrAttestation, a.Height, hashWindow)
	}
	if want := hex.EncodeToString(hash); want != a.BlockHash {
		return fmt.Errorf("%w: block %d has hash %s, not %s (is the node on this chain?)", ErrAttestation, a.Height, want, a.BlockHash)
	}
	pub, _ := hex.DecodeString(a.PubKey)
	sig, _ := hex.DecodeString(a.Signature)
	if !ed25519.Verify(pub, AttestMessage(ctx.ChainID, a.Height, a.BlockHash, a.PubKey), sig) {
		return fmt.Errorf("%w: the signature is not the validator key's over block %d", ErrAttestation, a.Height)
	}
	change := setChange{AddKey: pend.PubKey, Add: &member{Address: CometAddress(pub), Power: pend.Power}}
	if pend.Kind == PendingReplace {
		if _, err := GetValidator(ctx.KV, pend.Replaces); err != nil {
			return fmt.Errorf("%w (the key this one replaces has left the set)", err)
		}
		change.Remove = pend.Replaces
	}
	if err := m.guard(ctx.KV, ctx.Height, change); err != nil {
		return err
	}
	val := &Validator{PubKey: pend.PubKey, Address: CometAddress(pub), Power: pend.Power, Department: pend.Department,
		Since: ctx.Height, Proposal: pend.Proposal, Attested: ctx.Height}
	if err := put(ctx.KV, ValidatorKey(val.PubKey), val); err != nil {
		return err
	}
	if err := stageUpdate(ctx.KV, ctx.Height, ValidatorChange{PubKey: val.PubKey, Power: val.Power}); err != nil {
		return err
	}
	if pend.Kind == PendingReplace {
		if err := ctx.KV.Delete(ValidatorKey(pend.Replaces)); err != nil {
			return err
		}
		if err := stageUpdate(ctx.KV, ctx.Height, ValidatorChange{PubKey: pend.Replaces, Power: 0}); err != nil {
			return err
		}
	}
	if err := ctx.KV.Delete(PendingValidatorKey(pend.PubKey)); err != nil {
		return err
	}
	ctx.Emit("governance.validator_joined", "pub_key", val.PubKey, "address", val.Address, "department", val.Department,
		"power", strconv.FormatInt(val.Power, 10), "proposal", strconv.FormatUint(val.Proposal, 10), "replaces", pend.Replaces)
	return nil
}
