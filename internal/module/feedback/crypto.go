package feedback

import (
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// Contact is a citizen's contact details, only ever stored sealed.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
}

// Empty reports whether no detail was given.
func (c Contact) Empty() bool { return c.Name == "" && c.Phone == "" && c.Email == "" }

// contactAD binds a sealed contact to its department, so a blob cannot be
// moved to another department's item and opened there unnoticed.
func contactAD(dept string) []byte { return []byte("govchain/feedback/contact/v1|" + dept) }

// SealContact encrypts c for dept: a fresh data key seals the JSON with the
// suite AEAD and is wrapped to the department's encryption key.
func SealContact(s cryptosuite.Suite, dept string, deptKey []byte, c Contact) (*Sealed, error) {
	if len(deptKey) == 0 {
		return nil, fmt.Errorf("department %q has no encryption key", dept)
	}
	pub, err := s.ParsePublicKey(deptKey)
	if err != nil {
		return nil, fmt.Errorf("department %q encryption key: %w", dept, err)
	}
	pt, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	dk := make([]byte, s.AEADKeySize())
	if _, err := rand.Read(dk); err != nil {
		return nil, err
	}
	defer clear(dk)
	data, err := s.Seal(dk, pt, contactAD(dept))
	if err != nil {
		return nil, err
	}
	wrapped, err := pub.WrapKey(dk)
	if err != nil {
		return nil, err
	}
	return &Sealed{Key: wrapped, Data: data}, nil
}

// OpenContact decrypts sealed contact details with the department's data
// key (the "<dept>-data" key in its node's keyring).
func OpenContact(s cryptosuite.Suite, dept string, dataKey cryptosuite.PrivateKey, sl *Sealed) (*Contact, error) {
	if sl == nil {
		return nil, errors.New("no contact details")
	}
	dk, err := dataKey.UnwrapKey(sl.Key)
	if err != nil {
		return nil, err
	}
	defer clear(dk)
	pt, err := s.Open(dk, sl.Data, contactAD(dept))
	if err != nil {
		return nil, err
	}
	var c Contact
	if err := json.Unmarshal(pt, &c); err != nil {
		return nil, err
	}
	return &c, nil
}
