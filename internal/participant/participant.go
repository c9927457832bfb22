// Package participant turns an identifier a citizen already gives (a phone
// number, an e-mail address) into a keyed hash, so the evaluation can count
// distinct participants without anyone being identified from the chain.
//
// The hash is HMAC over the suite's hash function (HMAC-SM3 in gm,
// HMAC-SHA256 in intl) under a city-wide secret key held only by the
// gateway nodes (the nodes that sign citizens' public writes). The key is
// never on chain: without it a phone number cannot be tested against a
// hash, and the hash cannot be turned back into a number. With it — on a
// gateway host — a guess can be confirmed, which is why the key is kept
// like a signing key (docs/evaluation.md, "Distinct participants").
package participant

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
)

// KeyFile is the key's file name in a node's keyring directory.
const KeyFile = "participant-hash.hmac" // not .key: the keyring reads every *.key as a signing key

// KeySize is the key's length in bytes.
const KeySize = 32

// domain separates these hashes from every other use of the key.
const domain = "govchain/participant/v1\n"

// ErrKey is a missing or malformed key file.
var ErrKey = errors.New("participant-hash key")

// ErrIdentifier is an identifier that normalises to nothing usable.
var ErrIdentifier = errors.New("participant identifier")

// Key is the city-wide participant-hash key.
type Key struct{ b []byte }

// NewKey draws a fresh key from crypto/rand.
func NewKey() (Key, error) {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		return Key{}, fmt.Errorf("%w: %v", ErrKey, err)
	}
	return Key{b}, nil
}

// ParseKey reads the file's text: 64 hex digits (surrounding space ignored).
func ParseKey(text string) (Key, error) {
	s := strings.TrimSpace(text)
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != KeySize {
		return Key{}, fmt.Errorf("%w: want %d hex digits", ErrKey, 2*KeySize)
	}
	return Key{b}, nil
}

// Hex is the key as its file holds it.
func (k Key) Hex() string { return hex.EncodeToString(k.b) }

// Path is the key file in a keyring directory.
func Path(keyringDir string) string { return filepath.Join(keyringDir, KeyFile) }

// Load reads the key from a keyring directory.
func Load(keyringDir string) (Key, error) {
	b, err := os.ReadFile(Path(keyringDir))
	if err != nil {
		return Key{}, fmt.Errorf("%w: %v", ErrKey, err)
	}
	return ParseKey(string(b))
}

// Write stores the key in a keyring directory (owner-only), refusing to
// replace an existing one: a new key would count everybody again.
func Write(keyringDir string, k Key) error {
	if len(k.b) != KeySize {
		return fmt.Errorf("%w: empty key", ErrKey)
	}
	f, err := os.OpenFile(Path(keyringDir), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrKey, err)
	}
	if _, err := f.WriteString(k.Hex() + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("%w: %v", ErrKey, err)
	}
	return f.Close()
}

// NormalizePhone reduces a phone number to its digits, without China's
// country code: "+86 138-0013-8000", "8613800138000" and "138 0013 8000"
// are the same person. It returns "" when fewer than 6 digits remain.
func NormalizePhone(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case strings.HasPrefix(d, "0086") && len(d) == 15:
		d = d[4:]
	case strings.HasPrefix(d, "86") && len(d) == 13:
		d = d[2:]
	}
	if len(d) < 6 {
		return ""
	}
	return d
}

// NormalizeEmail lower-cases and trims an e-mail address; "" when it has
// no '@'.
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if !strings.Contains(s, "@") {
		return ""
	}
	return s
}

// Hash is the keyed hash of a phone number (preferred) or, when there is
// none, an e-mail address. The kind is part of what is hashed, so a phone
// number and an address never collide.
func (k Key) Hash(s cryptosuite.Suite, phone, email string) (module.Hash, error) {
	if len(k.b) != KeySize {
		return "", fmt.Errorf("%w: no key", ErrKey)
	}
	var id string
	if p := NormalizePhone(phone); p != "" {
		id = "tel:" + p
	} else if e := NormalizeEmail(email); e != "" {
		id = "mail:" + e
	} else {
		return "", fmt.Errorf("%w: neither a phone number nor an e-mail address", ErrIdentifier)
	}
	m := hmac.New(s.NewHash, k.b)
	m.Write([]byte(domain + id))
	return module.HashOf(m.Sum(nil)), nil
}
