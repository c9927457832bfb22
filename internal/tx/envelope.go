// Package tx defines the signed transaction envelope every govchain
// transaction travels in, its deterministic encoding and its signature.
package tx

import (
	"bytes"
	"fmt"

	"github.com/fxamacker/cbor/v2"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// Version is the only envelope version this build accepts.
const Version = 1

// MaxBytes bounds an encoded transaction. Attachments travel as hashes, so
// 64 KiB leaves room for long opinions and wrapped keys with a wide margin.
const MaxBytes = 64 * 1024

// signDomain separates govchain signatures from any other use of the key.
var signDomain = []byte("govchain/tx/v1\x00")

// Tx is the envelope. Field numbers are the wire format: never reuse one.
type Tx struct {
	Version   uint16 `cbor:"1,keyasint"`
	ChainID   string `cbor:"2,keyasint"`
	Signer    string `cbor:"3,keyasint"` // account address (hex)
	Sequence  uint64 `cbor:"4,keyasint"` // the signer's next sequence, from 0
	Module    string `cbor:"5,keyasint"`
	Action    string `cbor:"6,keyasint"`
	Payload   []byte `cbor:"7,keyasint"` // a JSON object; the module decodes it
	Signature []byte `cbor:"8,keyasint,omitempty"`
}

// The envelope codec, built once from fixed options (an error is a
// programming error every test run would hit).
var (
	encMode = must(cbor.CoreDetEncOptions().EncMode())
	decMode = must(cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
		IndefLength:       cbor.IndefLengthForbidden,
		MaxArrayElements:  16,
		MaxMapPairs:       16,
		MaxNestedLevels:   4,
	}.DecMode())
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Encode returns the canonical bytes of t.
func Encode(t *Tx) ([]byte, error) {
	return encMode.Marshal(t)
}

// Decode parses canonical envelope bytes. Anything else — trailing bytes,
// unknown fields, a non-canonical encoding of the same values — is refused,
// so one transaction has exactly one byte string and one hash.
func Decode(b []byte) (*Tx, error) {
	if len(b) > MaxBytes {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, len(b), MaxBytes)
	}
	if len(b) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrDecode)
	}
	var t Tx
	rest, err := decMode.UnmarshalFirst(b, &t)
	if err != nil {
		return nil, fmt.Errorf("%w: %s", ErrDecode, describeDecodeError(err))
	}
	if len(rest) != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes after the envelope map", ErrDecode, len(rest))
	}
	again, err := encMode.Marshal(&t)
	if err != nil || !bytes.Equal(again, b) {
		return nil, fmt.Errorf("%w: not canonical CBOR (%s)", ErrDecode, canonicalHint(again, b))
	}
	if t.Version != Version {
		return nil, fmt.Errorf("%w: %s is %d, this node speaks %d", ErrVersion, FieldName(1), t.Version, Version)
	}
	return &t, nil
}

// SignBytes is what the signer signs: the envelope without its signature,
// behind a domain prefix.
func SignBytes(t *Tx) ([]byte, error) {
	unsigned := *t
	unsigned.Signature = nil
	body, err := encMode.Marshal(&unsigned)
	if err != nil {
		return nil, err
	}
	return append(append([]byte{}, signDomain...), body...), nil
}

// Sign fills in t.Signature with key.
func Sign(t *Tx, key cryptosuite.PrivateKey) error {
	msg, err := SignBytes(t)
	if err != nil {
		return err
	}
	sig, err := key.Sign(msg)
	if err != nil {
		return err
	}
	t.Signature = sig
	return nil
}

// VerifySignature checks t.Signature against pub.
func VerifySignature(t *Tx, pub cryptosuite.PublicKey) error {
	if len(t.Signature) == 0 {
		return fmt.Errorf("%w: %s is missing", ErrBadSignature, FieldName(8))
	}
	msg, err := SignBytes(t)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDecode, err)
	}
	if !pub.Verify(msg, t.Signature) {
		return fmt.Errorf("%w: %s %s", ErrBadSignature, FieldName(8), signatureHint(pub, t))
	}
	return nil
}

// Hash is the transaction id: the suite hash of the encoded bytes.
func Hash(s cryptosuite.Suite, encoded []byte) []byte { return s.Hash(encoded) }

// ValidateBasic checks what can be checked without state.
func (t *Tx) ValidateBasic(chainID string) error {
	if t.ChainID != chainID {
		return fmt.Errorf("%w: %s is %q, this chain is %q", ErrWrongChainID, FieldName(2), t.ChainID, chainID)
	}
	if len(t.Signer) != 40 {
		return fmt.Errorf("%w: %s %q is not an address (40 lower-case hex digits)", ErrDecode, FieldName(3), t.Signer)
	}
	if t.Module == "" || t.Action == "" {
		return fmt.Errorf("%w: %s and %s are required", ErrUnknownAction, FieldName(5), FieldName(6))
	}
	return nil
}

// Build makes and signs an envelope in one call, for clients.
func Build(key cryptosuite.PrivateKey, signer, chainID string, seq uint64, module, action string, payload []byte) ([]byte, error) {
	t := &Tx{Version: Version, ChainID: chainID, Signer: signer, Sequence: seq, Module: module, Action: action, Payload: payload}
	if err := Sign(t, key); err != nil {
		return nil, err
	}
	return Encode(t)
}
