package keyring

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"

	"golang.org/x/crypto/argon2"
)

// KDFParams are Argon2id costs. Each file records the costs it was sealed
// with, so raising the defaults later does not strand existing keys.
type KDFParams struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}

// DefaultKDF is used for new keys: RFC 9106's second recommended option
// (t=3, 64 MiB) with two lanes, about a quarter second on a server core.
// Tests in any package may lower it before creating keys to stay fast;
// files made that way remain readable but are weak, so production code
// must never change it.
var DefaultKDF = KDFParams{Time: 3, MemoryKiB: 64 * 1024, Threads: 2}

const (
	kdfName  = "argon2id"
	saltSize = 16
	// Limits on costs read from a file. A file is not trusted until its
	// AEAD opens, and unbounded costs would let a planted file make Load
	// allocate terabytes or spin for hours.
	maxKDFTime      = 100
	maxKDFMemoryKiB = 4 * 1024 * 1024 // 4 GiB
)

// kdfJSON is the "kdf" object of an encrypted key file.
type kdfJSON struct {
	Name      string `json:"name"`
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
	Salt      string `json:"salt"`
}

func newKDF(p KDFParams) (*kdfJSON, error) {
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("reading salt: %w", err)
	}
	k := &kdfJSON{Name: kdfName, Time: p.Time, MemoryKiB: p.MemoryKiB, Threads: p.Threads, Salt: hex.EncodeToString(salt)}
	if err := k.check(); err != nil {
		// Only a bad DefaultKDF can get here.
		return nil, fmt.Errorf("keyring.DefaultKDF: %v", err)
	}
	return k, nil
}

// check enforces Argon2's own minimums (argon2.IDKey panics below them)
// and the denial-of-service ceilings above.
func (k *kdfJSON) check() error {
	switch {
	case k.Name != kdfName:
		return fmt.Errorf("kdf %q, want %q", k.Name, kdfName)
	case k.Time < 1 || k.Time > maxKDFTime:
		return fmt.Errorf("kdf time %d out of range 1..%d", k.Time, maxKDFTime)
	case k.Threads < 1:
		return fmt.Errorf("kdf threads must be at least 1")
	case k.MemoryKiB < 8*uint32(k.Threads) || k.MemoryKiB > maxKDFMemoryKiB:
		return fmt.Errorf("kdf memory %d KiB out of range %d..%d", k.MemoryKiB, 8*uint32(k.Threads), maxKDFMemoryKiB)
	}
	salt, err := hex.DecodeString(k.Salt)
	if err != nil || len(salt) < saltSize {
		return fmt.Errorf("kdf salt must be at least %d bytes of hex", saltSize)
	}
	return nil
}

// derive runs Argon2id straight to the AEAD's key size; no truncation of a
// longer output is needed.
func (k *kdfJSON) derive(passphrase string, keySize int) []byte {
	salt, _ := hex.DecodeString(k.Salt) // checked by check
	return argon2.IDKey([]byte(passphrase), salt, k.Time, k.MemoryKiB, k.Threads, uint32(keySize))
}
