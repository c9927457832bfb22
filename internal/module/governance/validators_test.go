package governance_test

import (
	"crypto/ed25519"
	"encoding/hex"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
)

// valChain is a chain whose nrb, fin, eeb and hub run the four validators
// (power 10 each) and where a validator counts as signing when it signed
// one of the last 2 blocks.
func valChain(t *testing.T) *apptest.Chain {
	t.Helper()
	c := apptest.New(t, apptest.Options{Validators: []string{"nrb", "fin", "eeb", "hub"},
		Modules: map[string]any{"governance": map[string]any{"params": map[string]any{
			governance.ParamValidatorLiveBlocks: 2, governance.ParamValidatorAttestPeriod: 3600}}}})
	for i := 0; i < 3; i++ { // a few commits to count signers in
		c.Block()
	}
	return c
}

// offline makes a validator stop signing and lets the window pass.
func offline(c *apptest.Chain, name string) {
	c.Offline[apptest.ValidatorPubHex(name)] = true
	c.Block()
	c.Block()
	c.Block()
}

// attestPayload signs the newest committed block with a validator key.
func attestPayload(c *apptest.Chain, name string, height int64) governance.AttestValidator {
	key := apptest.ValidatorKey(name)
	pub := hex.EncodeToString(key.Public().(ed25519.PublicKey))
	hash := hex.EncodeToString(apptest.BlockHash(height))
	sig := ed25519.Sign(key, governance.AttestMessage(apptest.ChainID, height, hash, pub))
	return governance.AttestValidator{PubKey: pub, Height: height, BlockHash: hash, Signature: hex.EncodeToString(sig)}
}

func setOf(t *testing.T, c *apptest.Chain) map[string]int64 {
	t.Helper()
	vals, err := governance.Validators(c.State())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, v := range vals {
		out[v.PubKey] = v.Power
	}
	return out
}

func updatesOf(ups []abci.ValidatorUpdate) map[string]int64 {
	out := map[string]int64{}
	for _, u := range ups {
		out[hex.EncodeToString(u.PubKeyBytes)] = u.Power
	}
	return out
}

// TestValidatorAddNeedsAttestation: a passed validator_add leaves the set
// alone until the new node attests; attestations over an old block, by
// another department, with a wrong hash or someone else's signature are
// refused with governance/43 or /17; the right one returns the key to
// CometBFT with its power and the set has five members.
func TestValidatorAddNeedsAttestation(t *testing.T) {
	c := valChain(t)
	v5 := apptest.ValidatorPubHex("gsd")
	early := c.Height()
	id := propose(t, c, "gov-admin", governance.TypeValidatorAdd, governance.ValidatorAddBody{Department: "gsd", PubKey: v5, Power: 10})
	voteUntil(t, c, id, 4, governance.StatePassed)
	if len(c.Updates) != 0 {
		t.Fatalf("updates before the attestation: %v", c.Updates)
	}
	pend, err := governance.GetPendingValidator(c.State(), v5)
	if err != nil || pend.Department != "gsd" || pend.Power != 10 {
		t.Fatalf("pending: %+v %v", pend, err)
	}
	if len(setOf(t, c)) != 4 {
		t.Fatalf("set changed before the attestation: %v", setOf(t, c))
	}
	// The same key cannot be proposed again while it waits.
	b := []byte(`{"department":"gsd","pub_key":"` + v5 + `","power":10}`)
	wantCode(t, c.Do("gov-admin", "governance", "propose", governance.Propose{Type: governance.TypeValidatorAdd, Payload: b}), governance.ErrValidatorExists)

	wantCode(t, c.Do("gsd-admin", "governance", "validator_attest", attestPayload(c, "gsd", early)), governance.ErrAttestation)
	wantCode(t, c.Do("nrb-admin", "governance", "validator_attest", attestPayload(c, "gsd", c.Height())), governance.ErrOtherDepartment)
	bad := attestPayload(c, "gsd", c.Height())
	bad.BlockHash = hex.EncodeToString(apptest.BlockHash(c.Height() - 1))
	wantCode(t, c.Do("gsd-admin", "governance", "validator_attest", bad), governance.ErrAttestation)
	forged := attestPayload(c, "someone-else", c.Height())
	forged.PubKey = v5
	wantCode(t, c.Do("gsd-admin", "governance", "validator_attest", forged), governance.ErrAttestation)
	wantCode(t, c.Do("gsd-admin", "governance", "validator_attest", attestPayload(c, "nrb", c.Height())), governance.ErrNotPending)

	c.MustDo("gsd-admin", "governance", "validator_attest", attestPayload(c, "gsd", c.Height()))
	if got := updatesOf(c.Updates); len(got) != 1 || got[v5] != 10 {
		t.Fatalf("updates: %v", got)
	}
	if set := setOf(t, c); len(set) != 5 || set[v5] != 10 {
		t.Fatalf("set: %v", set)
	}
	v, _ := governance.GetValidator(c.State(), v5)
	if v.Department != "gsd" || v.Attested != c.Height() || v.Proposal != id {
		t.Fatalf("validator: %+v", v)
	}
	if _, err := governance.GetPendingValidator(c.State(), v5); err == nil {
		t.Fatal("still pending after joining")
	}
}

// TestValidatorGuardRefusals: with one of four validators silent, removing
// a signing one (20 of 30) and adding a fourth-sized key (30 of 50) are
// refused when proposed, with governance/42 and why; removing the silent
// one (30 of 30) passes and reaches CometBFT as power 0.
func TestValidatorGuardRefusals(t *testing.T) {
	c := valChain(t)
	offline(c, "hub")
	body := func(v any) []byte { b, _ := jsonMarshal(v); return b }
	r := c.Do("gov-admin", "governance", "propose", governance.Propose{Type: governance.TypeValidatorRemove,
		Payload: body(governance.ValidatorRemoveBody{PubKey: apptest.ValidatorPubHex("nrb")})})
	wantCode(t, r, governance.ErrValidatorGuard)
	if !contains(r.Log, "20 of 30") {
		t.Fatalf("refusal does not say why: %s", r.Log)
	}
	r = c.Do("gov-admin", "governance", "propose", governance.Propose{Type: governance.TypeValidatorAdd,
		Payload: body(governance.ValidatorAddBody{Department: "gsd", PubKey: apptest.ValidatorPubHex("gsd"), Power: 10})})
	wantCode(t, r, governance.ErrValidatorGuard)
	if !contains(r.Log, "30 of 50") {
		t.Fatalf("refusal does not say why: %s", r.Log)
	}
	// Removing the silent one: removal policy (3/4 vote, 2/3 of yes+no).
	hub := apptest.ValidatorPubHex("hub")
	id := propose(t, c, "gov-admin", governance.TypeValidatorRemove, governance.ValidatorRemoveBody{PubKey: hub})
	voteUntil(t, c, id, 5, governance.StatePassed)
	if got := updatesOf(c.Updates); len(got) != 1 || got[hub] != 0 {
		t.Fatalf("updates: %v", got)
	}
	if set := setOf(t, c); len(set) != 3 {
		t.Fatalf("set: %v", set)
	}
}

// TestValidatorGuardAtExecution: a removal proposed while everyone signs
// fails when it passes after another validator fell silent; the proposal
// is failed with the guard's code in its result, and the set is unchanged.
func TestValidatorGuardAtExecution(t *testing.T) {
	c := valChain(t)
	id := propose(t, c, "gov-admin", governance.TypeValidatorRemove, governance.ValidatorRemoveBody{PubKey: apptest.ValidatorPubHex("nrb")})
	offline(c, "hub")
	voteUntil(t, c, id, 5, governance.StateFailed)
	if p := proposal(t, c, id); !contains(p.Result, "[governance/42]") {
		t.Fatalf("result: %q", p.Result)
	}
	if len(c.Updates) != 0 || len(setOf(t, c)) != 4 {
		t.Fatalf("updates %v, set %v", c.Updates, setOf(t, c))
	}
}

// TestValidatorReplaceAndPower: node replacement swaps the key in one
// block's updates (old 0, new with the old power and department) after
// the new node attests; a power change applies at once.
func TestValidatorReplaceAndPower(t *testing.T) {
	c := valChain(t)
	old, repl := apptest.ValidatorPubHex("eeb"), apptest.ValidatorPubHex("eeb-new")
	id := propose(t, c, "gov-admin", governance.TypeValidatorReplace, governance.ValidatorReplaceBody{PubKey: old, NewPubKey: repl})
	voteUntil(t, c, id, 4, governance.StatePassed)
	c.MustDo("eeb-admin", "governance", "validator_attest", attestPayload(c, "eeb-new", c.Height()))
	if got := updatesOf(c.Updates); len(got) != 2 || got[old] != 0 || got[repl] != 10 {
		t.Fatalf("updates: %v", got)
	}
	v, err := governance.GetValidator(c.State(), repl)
	if err != nil || v.Department != "eeb" {
		t.Fatalf("replacement: %+v %v", v, err)
	}
	// Power: 10 → 12 on nrb.
	nrb := apptest.ValidatorPubHex("nrb")
	id = propose(t, c, "gov-admin", governance.TypeValidatorPower, governance.ValidatorPowerBody{PubKey: nrb, Power: 12})
	voteUntil(t, c, id, 4, governance.StatePassed)
	if got := updatesOf(c.Updates); len(got) != 1 || got[nrb] != 12 {
		t.Fatalf("updates: %v", got)
	}
	if setOf(t, c)[nrb] != 12 {
		t.Fatalf("set: %v", setOf(t, c))
	}
}

// TestValidatorPendingExpires: an approved key that never attests lapses
// at gov.validator_attest_period; its late attestation is refused.
func TestValidatorPendingExpires(t *testing.T) {
	c := valChain(t)
	v5 := apptest.ValidatorPubHex("gsd")
	id := propose(t, c, "gov-admin", governance.TypeValidatorAdd, governance.ValidatorAddBody{Department: "gsd", PubKey: v5, Power: 5})
	voteUntil(t, c, id, 4, governance.StatePassed)
	c.Advance(3601e9)
	c.Block()
	if _, err := governance.GetPendingValidator(c.State(), v5); err == nil {
		t.Fatal("pending after its period")
	}
	wantCode(t, c.Do("gsd-admin", "governance", "validator_attest", attestPayload(c, "gsd", c.Height())), governance.ErrNotPending)
}

// TestGenesisValidators: InitChain's validators are the set, each under
// the department whose record names its key.
func TestGenesisValidators(t *testing.T) {
	c := valChain(t)
	vals, err := governance.Validators(c.State())
	if err != nil || len(vals) != 4 {
		t.Fatalf("%v %v", vals, err)
	}
	for _, v := range vals {
		if v.Power != 10 || v.Department == "" || v.PubKey != apptest.ValidatorPubHex(v.Department) {
			t.Fatalf("validator %+v", v)
		}
	}
}
