package module

import (
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// Hash is a document digest (SM3 on gm chains, SHA-256 on intl: 32 bytes)
// with one spelling: 64 lower-case hex digits. Payloads carry it and state
// keeps it in that form, so a document has one key (notary/doc/<hash>) and
// pages compare it without case folding. An upper-case spelling is refused,
// not folded: a tx means what its bytes say.
type Hash string

// ErrHash says a hash field is not 64 lower-case hex digits; modules wrap
// it in their own invalid-payload error.
var ErrHash = errors.New("not a hash")

// Check validates h as the payload field named field; an empty hash passes
// unless required.
func (h Hash) Check(field string, required bool) error {
	s := string(h)
	switch {
	case s == "" && !required:
		return nil
	case s == "":
		return fmt.Errorf("%w: %s is required (64 lower-case hex digits)", ErrHash, field)
	case len(s) != 64:
		return fmt.Errorf("%w: %s must be 64 lower-case hex digits, got %d characters", ErrHash, field, len(s))
	case strings.ToLower(s) != s:
		return fmt.Errorf("%w: %s must be written in lower case (one spelling per hash)", ErrHash, field)
	}
	if _, err := hex.DecodeString(s); err != nil {
		return fmt.Errorf("%w: %s must be 64 lower-case hex digits", ErrHash, field)
	}
	return nil
}

// Bytes is the digest; nil for an empty or malformed hash.
func (h Hash) Bytes() []byte {
	b, err := hex.DecodeString(string(h))
	if err != nil || len(b) != 32 {
		return nil
	}
	return b
}

// String implements fmt.Stringer.
func (h Hash) String() string { return string(h) }

// HashOf spells a 32-byte digest the one way.
func HashOf(digest []byte) Hash { return Hash(hex.EncodeToString(digest)) }
