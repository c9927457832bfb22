package sealed

import (
	"fmt"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// Rewrap is the department node's half of an encryption-key rotation: it
// unwraps one data key with the department's previous private key, checks
// the key really opens the ciphertext under domain (so a wrong or stale
// entry is caught here, before a useless key is written to the chain,
// which cannot check it), and wraps it to the new public key.
func Rewrap(s cryptosuite.Suite, wrapped, ciphertext []byte, domain string, old cryptosuite.PrivateKey, to cryptosuite.PublicKey) ([]byte, error) {
	key, err := old.UnwrapKey(wrapped)
	if err != nil {
		return nil, fmt.Errorf("unwrapping with the previous key: %w", err)
	}
	defer clear(key)
	plain, err := s.Open(key, ciphertext, []byte(domain))
	if err != nil {
		return nil, fmt.Errorf("the unwrapped key does not open the data: %w", err)
	}
	clear(plain)
	return to.WrapKey(key)
}
