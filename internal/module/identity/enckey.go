package identity

import (
	"bytes"
	"fmt"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/store"
)

// EncKeyVersions is what state keeps of a department's encryption-key
// rotations: the version of EncryptionKey (1 before any rotation), the key
// it replaced, the height of the rotation, and the height the replaced key
// was retired at. Between the rotation and the retirement the department's
// node re-wraps the data keys that were wrapped to the previous key
// (governance/rewrap); once none is left the previous key is retired:
// clients never seal to it again (they read EncryptionKey only) and the
// node may destroy its private half.
type EncKeyVersions struct {
	Version   uint32 `cbor:"1,keyasint" json:"version"`
	Previous  []byte `cbor:"2,keyasint" json:"previous"`
	RotatedAt int64  `cbor:"3,keyasint" json:"rotated_at"`
	// RetiredAt is 0 while the re-wrap is in progress.
	RetiredAt int64 `cbor:"4,keyasint,omitempty" json:"retired_at,omitempty"`
}

// EncKeyVersion is the version of the department's current encryption key.
func (d *Department) EncKeyVersion() uint32 {
	if d.EncKey == nil {
		return 1
	}
	return d.EncKey.Version
}

// Rewrapping reports whether a rotation's re-wrap is still in progress.
func (d *Department) Rewrapping() bool { return d.EncKey != nil && d.EncKey.RetiredAt == 0 }

// RotateEncryptionKey makes newKey the live department's encryption key at
// height and keeps the old one as Previous until the re-wrap retires it.
// The caller (governance/rotate_enc_key) has checked the signer is an
// admin of the department. A second rotation waits for the first
// re-wrap to finish: the node holds the previous private key and the
// current one, and data wrapped to a key two versions back would be
// left with no key to re-wrap it from.
func RotateEncryptionKey(kv store.KV, s cryptosuite.Suite, id string, newKey []byte, height int64) (*Department, error) {
	d, err := LiveDepartment(kv, id)
	if err != nil {
		return nil, err
	}
	if d.Rewrapping() {
		return nil, fmt.Errorf("%w: %s rotated at height %d and its re-wrap has not finished", ErrRotationPending, id, d.EncKey.RotatedAt)
	}
	pub, err := s.ParsePublicKey(newKey)
	if err != nil {
		return nil, fmt.Errorf("%w: new_key: %v", ErrBadPublicKey, err)
	}
	nk := pub.Bytes()
	if bytes.Equal(nk, d.EncryptionKey) || (d.EncKey != nil && bytes.Equal(nk, d.EncKey.Previous)) {
		return nil, fmt.Errorf("%w: %s", ErrSameKey, id)
	}
	d.EncKey = &EncKeyVersions{Version: d.EncKeyVersion() + 1, Previous: d.EncryptionKey, RotatedAt: height}
	d.EncryptionKey = nk
	return d, PutDepartment(kv, d)
}

// RetirePreviousEncKey records that no data key is wrapped to the
// department's previous encryption key any more.
func RetirePreviousEncKey(kv store.KV, id string, height int64) error {
	d, err := GetDepartment(kv, id)
	if err != nil {
		return err
	}
	if !d.Rewrapping() {
		return fmt.Errorf("%w: %s has no rotation in progress", ErrStatus, id)
	}
	d.EncKey.RetiredAt = height
	return PutDepartment(kv, d)
}
