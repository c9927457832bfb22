package workflow

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/sealed"
)

// PersonalData is what identifies the applicant. It never reaches the chain
// in clear: clients seal it with SealPersonalData before sending open_case.
type PersonalData struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone,omitempty"`
	Address  string `json:"address,omitempty"`
}

// SealedPersonalData is the applicant's data sealed (internal/sealed) for
// each department on the process: encrypted under a fresh per-case data key
// with the suite's AEAD, that key wrapped for each department. Only holders
// of a listed department's data key can read it; the chain stores it
// opaque and cannot check it.
type SealedPersonalData = sealed.Box

// SealPersonalData encrypts data for the given departments (id → the
// department's EncryptionKey, parsed). Pass exactly the definition's
// Departments(); open_case refuses a missing or an extra one. The data is
// validated first (PersonalData.Validate): after sealing nobody but the
// departments can look at it.
func SealPersonalData(s cryptosuite.Suite, depts map[string]cryptosuite.PublicKey, data PersonalData) (*SealedPersonalData, error) {
	if err := data.Validate(); err != nil {
		return nil, err
	}
	plain, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	return sealed.Seal(s, depts, sealed.DomainLandApplicant, plain)
}

// OpenPersonalData decrypts with a department's private data key. A
// department not on the case has no wrapped key and gets ErrPersonalDataKeys;
// a wrong key gets cryptosuite.ErrDecrypt.
func OpenPersonalData(s cryptosuite.Suite, box *SealedPersonalData, deptID string, priv cryptosuite.PrivateKey) (*PersonalData, error) {
	plain, err := sealed.Open(s, box, sealed.DomainLandApplicant, deptID, priv)
	if errors.Is(err, sealed.ErrNotReader) {
		return nil, fmt.Errorf("%w: %s is not on this case", ErrPersonalDataKeys, deptID)
	}
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	var pd PersonalData
	if err := json.Unmarshal(plain, &pd); err != nil {
		return nil, fmt.Errorf("%w: personal data is not JSON", cryptosuite.ErrDecrypt)
	}
	return &pd, nil
}

// accessAlphabet is Crockford's base32: no I, L, O or U to misread.
const accessAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// NewAccessCode makes a random tracking code (80 bits, as XXXX-XXXX-XXXX-XXXX)
// for the applicant. Give it to them once and send only AccessCodeHash: a
// code derived from chain data could be guessed by anyone.
func NewAccessCode() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	var sb strings.Builder
	for i, x := range b {
		if i > 0 && i%4 == 0 {
			sb.WriteByte('-')
		}
		sb.WriteByte(accessAlphabet[x&31])
	}
	return sb.String(), nil
}

// normalizeAccessCode lets people type the code loosely: case, spaces and
// hyphens do not matter.
func normalizeAccessCode(code string) string {
	var sb strings.Builder
	for _, r := range strings.ToUpper(code) {
		if r != '-' && r != ' ' {
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// AccessCodeHash is what goes on chain: Hash("govchain/workflow/access-code/v1\x00" || normalized code).
func AccessCodeHash(s cryptosuite.Suite, code string) []byte {
	return s.Hash(append([]byte("govchain/workflow/access-code/v1\x00"), normalizeAccessCode(code)...))
}

// CheckAccessCode compares in constant time, so response timing says
// nothing about how much of a guess was right.
func CheckAccessCode(s cryptosuite.Suite, c *Case, code string) bool {
	return len(c.AccessCodeHash) > 0 && subtle.ConstantTimeCompare(AccessCodeHash(s, code), c.AccessCodeHash) == 1
}
