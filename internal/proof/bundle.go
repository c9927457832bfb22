// Package proof makes and checks proof bundles: one state record together
// with everything needed to trust it offline — the ICS-23 Merkle proof to
// the app hash, and the validator-signed header that commits to that hash.
// Anyone holding the chain's genesis file can verify a bundle without
// talking to a node, which is the point: a citizen or an auditor should not
// have to trust the department that handed them the record.
package proof

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/types"
)

// FormatV1 is the only bundle format so far. A bundle of a chain whose
// validators changed since genesis carries the validator-set transitions
// from the genesis set to the set of the signed block (transitions.go);
// one without them is read and checked exactly as before they existed.
const FormatV1 = "govchain-proof/1"

// Bundle proves that Key had Value in state version StateVersion of chain
// ChainID. Its JSON form (see docs/proofs.md) is what `govchain query
// --prove` writes and GET /api/v1/proofs serves:
//
//	{
//	  "format":        "govchain-proof/1",
//	  "chain_id":      "…",
//	  "key":           "notary/doc/…",   // only when the key is valid UTF-8; informative
//	  "key_hex":       "6e6f…",          // the key, authoritative
//	  "value":         "<base64>",
//	  "state_version": 1,                // JSON number
//	  "proof":         "<base64 ICS-23 CommitmentProof protobuf>",
//	  "signed_header": { "header": …, "commit": … },          // CometBFT JSON (cmtjson)
//	  "validator_set": { "validators": […], "proposer": … },  // CometBFT JSON (cmtjson)
//	  "validator_transitions": [ { "signed_header": …, "validator_set": … }, … ] // only if the set changed
//	}
//
// signed_header is block StateVersion+1, because CometBFT puts the app hash
// of state H into the header of block H+1. signed_header and validator_set
// together have the shape of a CometBFT LightBlock.
//
// Decoding is strict: unknown or duplicate fields anywhere, a missing field,
// or "key" disagreeing with "key_hex" are errors (ErrMalformed), so what a
// person reads in the file is exactly what was verified.
type Bundle struct {
	Format       string
	ChainID      string
	Key          []byte
	Value        []byte
	StateVersion int64
	// Proof is the protobuf encoding of an ics23.CommitmentProof holding
	// one ExistenceProof; kept as bytes so the bundle is exactly what the
	// node produced.
	Proof      []byte
	Header     *types.SignedHeader
	Validators *types.ValidatorSet
	// Transitions lead from the genesis validator set to Validators, in
	// height order; empty when the set never changed (transitions.go).
	Transitions []Transition

	// header is the checked header Build took Header and Validators
	// from, whose JSON is made once for all its bundles; nil for a parsed
	// bundle.
	header *Header
}

// wire is the outer JSON. The CometBFT parts stay raw here because they
// need cmtjson (amino type tags on public keys, int64 as strings).
type wire struct {
	Format       string          `json:"format"`
	ChainID      string          `json:"chain_id"`
	Key          *string         `json:"key,omitempty"`
	KeyHex       string          `json:"key_hex"`
	Value        string          `json:"value"` // base64, decoded by hand to name the field in errors
	StateVersion int64           `json:"state_version"`
	Proof        string          `json:"proof"`
	SignedHeader json.RawMessage `json:"signed_header"`
	ValidatorSet json.RawMessage `json:"validator_set"`
	// Absent, not empty, when there are no transitions, so bundles of a
	// chain that never changed validators are byte for byte as before.
	ValidatorTransitions json.RawMessage `json:"validator_transitions,omitempty"`
}

// MarshalJSON writes the layout documented on Bundle.
func (b Bundle) MarshalJSON() ([]byte, error) {
	sh, vs, err := b.cometJSON()
	if err != nil {
		return nil, err
	}
	w := wire{Format: b.Format, ChainID: b.ChainID, KeyHex: hex.EncodeToString(b.Key),
		Value: base64.StdEncoding.EncodeToString(b.Value), StateVersion: b.StateVersion,
		Proof:        base64.StdEncoding.EncodeToString(b.Proof),
		SignedHeader: sh, ValidatorSet: vs}
	if len(b.Transitions) > 0 {
		if w.ValidatorTransitions, err = marshalTransitions(b.Transitions); err != nil {
			return nil, err
		}
	}
	if utf8.Valid(b.Key) {
		k := string(b.Key)
		w.Key = &k
	}
	return json.Marshal(w)
}

// cometJSON is the CometBFT JSON of the header and validator set: the
// shared header's, made once, while they are still the ones Build put in.
func (b Bundle) cometJSON() (sh, vs []byte, err error) {
	if h := b.header; h != nil && h.Signed == b.Header && h.Validators == b.Validators {
		return h.encoded()
	}
	if sh, err = cmtjson.Marshal(b.Header); err != nil {
		return nil, nil, fmt.Errorf("encode signed header: %w", err)
	}
	if vs, err = cmtjson.Marshal(b.Validators); err != nil {
		return nil, nil, fmt.Errorf("encode validator set: %w", err)
	}
	return sh, vs, nil
}

// UnmarshalJSON is as strict as Parse, so a bundle embedded in another
// document is held to the same rules.
func (b *Bundle) UnmarshalJSON(data []byte) error {
	if err := checkSyntax(data); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var w wire
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	out, err := w.plain()
	if err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if err := decodeStrict("signed_header", w.SignedHeader, &out.Header); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if err := decodeStrict("validator_set", w.ValidatorSet, &out.Validators); err != nil {
		return fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if out.Header == nil || out.Header.Header == nil || out.Header.Commit == nil {
		return fmt.Errorf("%w: signed_header needs both header and commit", ErrMalformed)
	}
	if out.Validators == nil || len(out.Validators.Validators) == 0 {
		return fmt.Errorf("%w: validator_set has no validators", ErrMalformed)
	}
	if w.ValidatorTransitions != nil {
		if out.Transitions, err = unmarshalTransitions(w.ValidatorTransitions); err != nil {
			return fmt.Errorf("%w: %v", ErrMalformed, err)
		}
	}
	*b = *out
	return nil
}

// plain checks and decodes every field but the CometBFT ones.
func (w *wire) plain() (*Bundle, error) {
	switch {
	case w.Format != FormatV1:
		return nil, fmt.Errorf("format is %q, this verifier understands only %q", w.Format, FormatV1)
	case w.ChainID == "":
		return nil, errors.New("chain_id is missing")
	case w.KeyHex == "":
		return nil, errors.New("key_hex is missing")
	case w.Value == "":
		return nil, errors.New("value is missing")
	case w.StateVersion < 1:
		return nil, fmt.Errorf("state_version must be at least 1, got %d", w.StateVersion)
	case w.Proof == "":
		return nil, errors.New("proof is missing")
	case isNull(w.SignedHeader):
		return nil, errors.New("signed_header is missing")
	case isNull(w.ValidatorSet):
		return nil, errors.New("validator_set is missing")
	}
	key, err := hex.DecodeString(w.KeyHex)
	if err != nil {
		return nil, fmt.Errorf("key_hex: %v", err)
	}
	if w.Key != nil && *w.Key != string(key) {
		return nil, fmt.Errorf("key %q disagrees with key_hex (%q)", *w.Key, key)
	}
	value, err := base64.StdEncoding.DecodeString(w.Value)
	if err != nil {
		return nil, fmt.Errorf("value is not base64: %v", err)
	}
	proof, err := base64.StdEncoding.DecodeString(w.Proof)
	if err != nil {
		return nil, fmt.Errorf("proof is not base64: %v", err)
	}
	return &Bundle{Format: w.Format, ChainID: w.ChainID, Key: key, Value: value,
		StateVersion: w.StateVersion, Proof: proof}, nil
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
}

// Parse decodes a bundle written by Build's caller. It checks form only;
// call Verify to know whether the bundle is true. Every error wraps
// ErrMalformed.
func Parse(data []byte) (*Bundle, error) {
	// Called directly rather than through json.Unmarshal, which would skip
	// UnmarshalJSON for a bare null and return an empty bundle.
	var b Bundle
	if err := b.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return &b, nil
}
