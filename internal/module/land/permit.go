package land

import (
	"encoding/base32"
	"fmt"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// Permit is an issued approval document (建设用地批准书): its hash is on
// chain, the paper or PDF carries the verification code, and anyone can
// check the code against the chain.
type Permit struct {
	Code     string      `cbor:"1,keyasint" json:"code"`
	Case     string      `cbor:"2,keyasint" json:"case"`
	Parcel   string      `cbor:"3,keyasint" json:"parcel"`
	DocHash  module.Hash `cbor:"4,keyasint" json:"doc_hash"`
	IssuedBy string      `cbor:"5,keyasint" json:"issued_by"` // department
	IssuedAt time.Time   `cbor:"6,keyasint" json:"issued_at"`
	Height   int64       `cbor:"7,keyasint" json:"height"`
}

// PermitKey is the state key of a permit, by verification code.
func PermitKey(code string) []byte { return []byte("land/permit/" + code) }

// VerificationCode derives a permit's code from its case and document:
// deterministic (every node agrees), short enough to print and type, and
// not guessable without the document hash.
func VerificationCode(s cryptosuite.Suite, caseNo, docHash string) string {
	h := s.Hash([]byte("govchain/land/permit/v1\x00" + caseNo + "\x00" + docHash))
	enc := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(h[:10]) // 16 characters
	return enc[0:4] + "-" + enc[4:8] + "-" + enc[8:12] + "-" + enc[12:16]
}

// NormalizeCode accepts a code typed with spaces, lower case or no dashes.
func NormalizeCode(code string) string {
	c := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(code))
	if len(c) != 16 {
		return c
	}
	return c[0:4] + "-" + c[4:8] + "-" + c[8:12] + "-" + c[12:16]
}

// PermitByCode looks up a permit by its verification code.
func PermitByCode(r store.Reader, code string) (*Permit, error) {
	code = NormalizeCode(code)
	b, err := r.Get(PermitKey(code))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %s", ErrDocNotFound, code)
	}
	var p Permit
	if err := module.UnmarshalState(b, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func putPermit(kv store.KV, p *Permit) error {
	b, err := module.MarshalState(p)
	if err != nil {
		return err
	}
	if err := kv.Set(PermitKey(p.Code), b); err != nil {
		return err
	}
	return kv.Set(casePermitKey(p.Case), []byte(p.Code))
}

func casePermitKey(caseNo string) []byte { return []byte("land/casepermit/" + caseNo) }

// PermitOfCase returns the verification code of a case's permit, if issued.
func PermitOfCase(r store.Reader, caseNo string) (string, error) {
	b, err := r.Get(casePermitKey(caseNo))
	return string(b), err
}
