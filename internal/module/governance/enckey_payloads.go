package governance

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"unicode"
	"unicode/utf8"
)

// Limits on a re-wrap batch.
const (
	MaxRewrapBatch   = 64
	maxRewrapRef     = 128
	maxWrappedKeyHex = 2 * 512
	maxEncKeyHex     = 2 * 256
)

var deptPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)

// RotateEncKey is the payload of governance/rotate_enc_key: an admin of
// the department registers its new encryption public key.
type RotateEncKey struct {
	Department string `json:"department"`
	NewKey     string `json:"new_key"` // hex, the suite's public key bytes
	Reason     string `json:"reason"`
}

// Validate implements module.Payload.
func (p *RotateEncKey) Validate() error {
	if !deptPattern.MatchString(p.Department) {
		return fmt.Errorf("department %q must match %s", p.Department, deptPattern)
	}
	if p.NewKey == "" || len(p.NewKey) > maxEncKeyHex {
		return fmt.Errorf("new_key must be 1..%d hex digits", maxEncKeyHex)
	}
	if _, err := hex.DecodeString(p.NewKey); err != nil {
		return fmt.Errorf("new_key is not hex")
	}
	return checkText("reason", p.Reason, true, MaxReason)
}

// RewrapEntry is one re-wrapped data key: the entry (module and the
// module's own id of the record) and the data key wrapped to the
// department's new encryption key.
type RewrapEntry struct {
	Module     string `json:"module"`
	Ref        string `json:"ref"`
	WrappedKey string `json:"wrapped_key"` // hex
}

// Rewrap is the payload of governance/rewrap, sent by the rotating
// department's node.
type Rewrap struct {
	Department string        `json:"department"`
	Entries    []RewrapEntry `json:"entries"`
}

// Validate implements module.Payload.
func (p *Rewrap) Validate() error {
	if !deptPattern.MatchString(p.Department) {
		return fmt.Errorf("department %q must match %s", p.Department, deptPattern)
	}
	if len(p.Entries) == 0 || len(p.Entries) > MaxRewrapBatch {
		return fmt.Errorf("entries must hold 1..%d entries, got %d", MaxRewrapBatch, len(p.Entries))
	}
	seen := map[string]bool{}
	for i, e := range p.Entries {
		if !deptPattern.MatchString(e.Module) {
			return fmt.Errorf("entries[%d].module %q is not a module name", i, e.Module)
		}
		if e.Ref == "" || len(e.Ref) > maxRewrapRef || !utf8.ValidString(e.Ref) {
			return fmt.Errorf("entries[%d].ref must be 1..%d bytes of UTF-8", i, maxRewrapRef)
		}
		for _, r := range e.Ref {
			if unicode.IsControl(r) || unicode.IsSpace(r) {
				return fmt.Errorf("entries[%d].ref must not hold spaces or control characters", i)
			}
		}
		if e.WrappedKey == "" || len(e.WrappedKey) > maxWrappedKeyHex {
			return fmt.Errorf("entries[%d].wrapped_key must be 1..%d hex digits", i, maxWrappedKeyHex)
		}
		if _, err := hex.DecodeString(e.WrappedKey); err != nil {
			return fmt.Errorf("entries[%d].wrapped_key is not hex", i)
		}
		k := e.Module + "/" + e.Ref
		if seen[k] {
			return fmt.Errorf("entries[%d] repeats %s", i, k)
		}
		seen[k] = true
	}
	return nil
}
