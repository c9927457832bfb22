// Package sealed encrypts personal data on the client for the departments
// entitled to read it, so the chain stores only an opaque blob. One helper
// serves every purpose; each purpose passes its own domain, which is bound
// to the ciphertext as AEAD associated data, so a blob sealed for one
// purpose (a land applicant) cannot be passed off as another (a payee).
package sealed

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// ErrNotReader: the department holds no wrapped key for this blob.
var ErrNotReader = errors.New("department is not a reader of this sealed data")

// Domains of the sealed data kept on chain. Never reuse one for another
// purpose: the domain is what tells the purposes apart.
const (
	DomainLandApplicant = "govchain/workflow/personal-data/v1"
	DomainFinancePayee  = "govchain/finance/payee/v1"
	// DomainActivitySignup: a citizen's name and phone for an activity
	// (internal/module/participation), readable by the organising department.
	DomainActivitySignup = "govchain/participation/signup/v1"
)

// HexBytes is binary data that travels as hex in JSON and as a CBOR byte
// string in state.
type HexBytes []byte

// MarshalJSON writes lower-case hex.
func (h HexBytes) MarshalJSON() ([]byte, error) { return json.Marshal(hex.EncodeToString(h)) }

// UnmarshalJSON reads hex.
func (h *HexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a hex string: %v", err)
	}
	d, err := hex.DecodeString(s)
	if err != nil {
		return fmt.Errorf("not hex: %v", err)
	}
	*h = d
	return nil
}

// String is the hex form.
func (h HexBytes) String() string { return hex.EncodeToString(h) }

// Box is data encrypted under a fresh data key with the suite's AEAD
// (SM4-GCM or AES-256-GCM), and that data key wrapped for each reader
// department (SM2 public-key encryption in gm, X25519 in intl). Only
// holders of a listed department's data key can read it.
type Box struct {
	Ciphertext  HexBytes            `cbor:"1,keyasint" json:"ciphertext"`
	WrappedKeys map[string]HexBytes `cbor:"2,keyasint" json:"wrapped_keys"` // department id → wrapped data key
}

// Readers parses the encryption keys (department id → PublicKey.Bytes) of
// the given departments; each must have one.
func Readers(s cryptosuite.Suite, ids []string, encKeys map[string][]byte) (map[string]cryptosuite.PublicKey, error) {
	out := make(map[string]cryptosuite.PublicKey, len(ids))
	for _, id := range ids {
		if len(encKeys[id]) == 0 {
			return nil, fmt.Errorf("department %s has no encryption key", id)
		}
		pub, err := s.ParsePublicKey(encKeys[id])
		if err != nil {
			return nil, fmt.Errorf("department %s encryption key: %w", id, err)
		}
		out[id] = pub
	}
	return out, nil
}

// Seal encrypts plain for the readers under domain.
func Seal(s cryptosuite.Suite, readers map[string]cryptosuite.PublicKey, domain string, plain []byte) (*Box, error) {
	key := make([]byte, s.AEADKeySize())
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	defer clear(key)
	ct, err := s.Seal(key, plain, []byte(domain))
	if err != nil {
		return nil, err
	}
	out := &Box{Ciphertext: ct, WrappedKeys: map[string]HexBytes{}}
	for id, pub := range readers {
		w, err := pub.WrapKey(key)
		if err != nil {
			return nil, fmt.Errorf("wrapping for %s: %w", id, err)
		}
		out.WrappedKeys[id] = w
	}
	return out, nil
}

// Open decrypts with a reader department's private data key. A department
// with no wrapped key gets ErrNotReader; a wrong key, a changed byte or
// another domain gets cryptosuite.ErrDecrypt.
func Open(s cryptosuite.Suite, b *Box, domain, deptID string, priv cryptosuite.PrivateKey) ([]byte, error) {
	w, ok := b.WrappedKeys[deptID]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNotReader, deptID)
	}
	key, err := priv.UnwrapKey(w)
	if err != nil {
		return nil, err
	}
	defer clear(key)
	return s.Open(key, b.Ciphertext, []byte(domain))
}

// CheckReaders compares the blob's readers with the wanted set: missing
// readers could not read their data, extra ones must not.
func (b *Box) CheckReaders(want []string) (missing, extra []string) {
	for _, id := range want {
		if _, ok := b.WrappedKeys[id]; !ok {
			missing = append(missing, id)
		}
	}
	for id := range b.WrappedKeys {
		if !slices.Contains(want, id) {
			extra = append(extra, id)
		}
	}
	slices.Sort(extra)
	return missing, extra
}

// Limits on a blob as stored: personal data is small, and a chain record
// is no place for a large one.
const (
	MaxCiphertext = 4 << 10
	MaxWrappedKey = 512
	MaxReaders    = 16
)

// CheckSize refuses an empty or oversized blob.
func (b *Box) CheckSize() error {
	if len(b.Ciphertext) == 0 || len(b.Ciphertext) > MaxCiphertext {
		return fmt.Errorf("ciphertext must be 1..%d bytes, got %d", MaxCiphertext, len(b.Ciphertext))
	}
	if len(b.WrappedKeys) == 0 || len(b.WrappedKeys) > MaxReaders {
		return fmt.Errorf("1..%d wrapped keys expected, got %d", MaxReaders, len(b.WrappedKeys))
	}
	for id, w := range b.WrappedKeys {
		if len(w) == 0 || len(w) > MaxWrappedKey {
			return fmt.Errorf("wrapped key of %q must be 1..%d bytes", id, MaxWrappedKey)
		}
	}
	return nil
}
