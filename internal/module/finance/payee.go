package finance

import (
	"bytes"
	"crypto/rand"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"github.com/pingshan/govchain/internal/hygiene"
	"unicode"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// Who is paid is personal data when the payee is a person, and a bank
// account number is confidential whoever holds it. None of it enters the
// chain in clear: the client (console, CLI, seeder) seals PayeeData for the
// entitled readers (Params.PayeeReaders: the Finance Bureau, which pays,
// and the Audit Bureau) and sends a Payee that carries only what the
// public may see, a salted commitment to the whole, and the sealed blob.
//
// The commitment lets a reader prove that what it opened is what the chain
// recorded: Hash(commitDomain || salt || canonical fields). The salt is
// random, 32 bytes, and travels only inside the sealed blob, so the
// commitment cannot be tested against guessed names or account numbers.

// commitDomain separates payee commitments from every other hash.
const commitDomain = "govchain/finance/payee-commitment/v1\x00"

// SaltSize is the commitment salt's length.
const SaltSize = 32

// PayeeData is a payee (or payer) in clear: it exists only on clients and,
// once opened, in a reader's console answer.
type PayeeData struct {
	Kind       string `json:"kind"`
	Name       string `json:"name"`
	Account    string `json:"account,omitempty"`
	CreditCode string `json:"credit_code,omitempty"`
	// Salt is the commitment's salt; SealPayee fills it.
	Salt sealed.HexBytes `json:"salt,omitempty"`
}

// Validate checks clear payee data before it is sealed. A payee needs a
// bank account (the treasury pays it directly); a payer need not.
func (d *PayeeData) Validate(field string, needAccount bool) error {
	if err := text(field+".name", d.Name, true, 100); err != nil {
		return err
	}
	// Sealed data cannot be checked on chain: refuse markup here, on the
	// client, as workflow.PersonalData does for applicants.
	if err := hygiene.CheckMarkup(d.Name); err != nil {
		return invalid("%s.name: %v", field, err)
	}
	switch d.Kind {
	case PayeeIndividual:
		if d.CreditCode != "" {
			return invalid("%s.credit_code is for organisations; individuals carry none", field)
		}
	case PayeeOrganisation:
		if d.CreditCode != "" && !creditCodePattern.MatchString(d.CreditCode) {
			return invalid("%s.credit_code must be 18 digits or capital letters", field)
		}
	default:
		return invalid("%s.kind must be %q or %q", field, PayeeIndividual, PayeeOrganisation)
	}
	if d.Account == "" && !needAccount {
		return nil
	}
	if !accountPattern.MatchString(d.Account) {
		return invalid("%s.account must be 6–32 digits", field)
	}
	return nil
}

// PublicName is the name the chain may show: an organisation's name, a
// person's first character (宋*).
func (d *PayeeData) PublicName() string {
	if d.Kind == PayeeIndividual {
		return MaskName(d.Name)
	}
	return d.Name
}

// Key identifies the payee across payments for the red flags: an
// organisation by its credit code when it has one, otherwise by kind,
// name and account. Only readers who opened the data can compute it.
func (d *PayeeData) Key() string {
	if d.Kind == PayeeOrganisation && d.CreditCode != "" {
		return "org:" + d.CreditCode
	}
	return d.Kind + ":" + d.Name + ":" + d.Account
}

// PayeeCommitment is Hash(commitDomain || salt || len-prefixed kind, name,
// account, credit code): one byte string per payee, no field can leak
// into its neighbour.
func PayeeCommitment(s cryptosuite.Suite, d *PayeeData) []byte {
	var b bytes.Buffer
	b.WriteString(commitDomain)
	b.Write(d.Salt)
	for _, f := range []string{d.Kind, d.Name, d.Account, d.CreditCode} {
		_ = binary.Write(&b, binary.BigEndian, uint32(len(f)))
		b.WriteString(f)
	}
	return s.Hash(b.Bytes())
}

// VerifyPayee checks that opened data is what the chain committed to and
// shows: the commitment matches and the public fields agree.
func VerifyPayee(s cryptosuite.Suite, p *Payee, d *PayeeData) error {
	if len(d.Salt) != SaltSize {
		return fmt.Errorf("%w: salt must be %d bytes", ErrPayeeCommitment, SaltSize)
	}
	if !bytes.Equal(PayeeCommitment(s, d), p.Commitment) {
		return fmt.Errorf("%w: the opened data does not hash to the commitment on chain", ErrPayeeCommitment)
	}
	if p.Kind != d.Kind || p.Name != d.PublicName() || p.CreditCode != d.CreditCode {
		return fmt.Errorf("%w: the public fields on chain (%s %q %q) do not match the sealed data", ErrPayeeCommitment, p.Kind, p.Name, p.CreditCode)
	}
	return nil
}

// PayeeSealer seals payees for a chain's readers. Make one per request
// (NewPayeeSealer) or per seeding run (NewPayeeSealerFor).
type PayeeSealer struct {
	suite   cryptosuite.Suite
	readers map[string]cryptosuite.PublicKey
}

// NewPayeeSealer reads the readers and their encryption keys from state r.
func NewPayeeSealer(s cryptosuite.Suite, r store.Reader) (*PayeeSealer, error) {
	p, err := GetParams(r)
	if err != nil {
		return nil, err
	}
	keys := map[string][]byte{}
	for _, id := range p.PayeeReaders {
		d, err := identity.GetDepartment(r, id)
		if err != nil {
			return nil, err
		}
		keys[id] = d.EncryptionKey
	}
	return NewPayeeSealerFor(s, p.PayeeReaders, keys)
}

// NewPayeeSealerFor is NewPayeeSealer with the readers and their
// encryption keys given (a seeder before the chain runs, a CLI that read
// /api/v1/departments).
func NewPayeeSealerFor(s cryptosuite.Suite, readers []string, encKeys map[string][]byte) (*PayeeSealer, error) {
	keys, err := sealed.Readers(s, readers, encKeys)
	if err != nil {
		return nil, err
	}
	return &PayeeSealer{suite: s, readers: keys}, nil
}

// Seal turns clear payee data into what goes on chain. It validates d
// first (needAccount as in PayeeData.Validate).
func (ps *PayeeSealer) Seal(d PayeeData, needAccount bool) (Payee, error) {
	if err := d.Validate("payee", needAccount); err != nil {
		return Payee{}, err
	}
	d.Salt = make([]byte, SaltSize)
	if _, err := rand.Read(d.Salt); err != nil {
		return Payee{}, fmt.Errorf("salt: %w", err)
	}
	plain, err := json.Marshal(&d)
	if err != nil {
		return Payee{}, err
	}
	defer clear(plain)
	box, err := sealed.Seal(ps.suite, ps.readers, sealed.DomainFinancePayee, plain)
	if err != nil {
		return Payee{}, err
	}
	return Payee{Name: d.PublicName(), Kind: d.Kind, CreditCode: d.CreditCode, Commitment: PayeeCommitment(ps.suite, &d), Sealed: box}, nil
}

// OpenPayee decrypts a payee with a reader department's data key and
// checks it against the commitment, so what a reader sees is what the
// chain recorded. A department that is not a reader gets
// sealed.ErrNotReader; a payer recorded without sealed data gets its
// public fields back (an organisation with no account on record).
func OpenPayee(s cryptosuite.Suite, p *Payee, deptID string, priv cryptosuite.PrivateKey) (*PayeeData, error) {
	if p.Sealed == nil {
		return &PayeeData{Kind: p.Kind, Name: p.Name, CreditCode: p.CreditCode}, nil
	}
	plain, err := sealed.Open(s, p.Sealed, sealed.DomainFinancePayee, deptID, priv)
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	var d PayeeData
	dec := json.NewDecoder(bytes.NewReader(plain))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: sealed payee is not payee JSON", cryptosuite.ErrDecrypt)
	}
	if err := VerifyPayee(s, p, &d); err != nil {
		return nil, err
	}
	return &d, nil
}

// checkReaders refuses a payee not sealed for exactly the chain's readers:
// a missing reader could not audit it, an extra one must not read it.
func checkReaders(p Params, field string, payee *Payee) error {
	if payee.Sealed == nil {
		return nil
	}
	missing, extra := payee.Sealed.CheckReaders(p.PayeeReaders)
	if len(missing) > 0 || len(extra) > 0 {
		return fmt.Errorf("%w: %s is sealed for the wrong departments (missing %v, extra %v; readers are %v)",
			ErrPayeeSealing, field, missing, extra, p.PayeeReaders)
	}
	return nil
}

// validatePayee checks a payee (payment) or payer (revenue) as it reaches
// the chain: public fields only, plus the commitment and sealed data.
// Payments always carry sealed data (the account); a payer must when it is
// a person (the name behind the mask), and may when an organisation.
func validatePayee(field string, p *Payee, needSealed bool) error {
	switch p.Kind {
	case PayeeIndividual:
		if !isMask(p.Name) {
			return invalid("%s.name of an individual must be masked (first character and stars, e.g. 宋*); the name goes in the sealed data", field)
		}
		if p.CreditCode != "" {
			return invalid("%s.credit_code is for organisations; individuals carry none", field)
		}
		needSealed = true
	case PayeeOrganisation:
		if err := text(field+".name", p.Name, true, 100); err != nil {
			return err
		}
		if p.CreditCode != "" && !creditCodePattern.MatchString(p.CreditCode) {
			return invalid("%s.credit_code must be 18 digits or capital letters", field)
		}
	default:
		return invalid("%s.kind must be %q or %q", field, PayeeIndividual, PayeeOrganisation)
	}
	if p.Sealed == nil {
		if needSealed {
			return fmt.Errorf("%w: %s needs sealed data (seal it on the client: finance.PayeeSealer)", ErrPayeeSealing, field)
		}
		if len(p.Commitment) != 0 {
			return fmt.Errorf("%w: %s has a commitment but no sealed data", ErrPayeeSealing, field)
		}
		return nil
	}
	if len(p.Commitment) != 32 {
		return fmt.Errorf("%w: %s.commitment must be 32 bytes", ErrPayeeSealing, field)
	}
	if err := p.Sealed.CheckSize(); err != nil {
		return fmt.Errorf("%w: %s.sealed: %v", ErrPayeeSealing, field, err)
	}
	return nil
}

// isMask: one letter, then 1–99 stars (MaskName's form).
func isMask(s string) bool {
	r := []rune(s)
	if len(r) < 2 || len(r) > 100 || !unicode.IsLetter(r[0]) {
		return false
	}
	for _, c := range r[1:] {
		if c != '*' {
			return false
		}
	}
	return true
}

// PayeeOpener opens a payee's sealed data for a reader. RedFlags,
// FlagsFromState and the console take one to work on who was paid rather
// than on what the public sees; the caller decides who may and logs it.
type PayeeOpener func(p *Payee) (*PayeeData, error)

// Opener opens with a reader department's data key (OpenPayee).
func Opener(s cryptosuite.Suite, deptID string, priv cryptosuite.PrivateKey) PayeeOpener {
	return func(p *Payee) (*PayeeData, error) { return OpenPayee(s, p, deptID, priv) }
}

// sealedText is the sealed blob as the index keeps it (JSON; "" for none).
func sealedText(b *sealed.Box) string {
	if b == nil {
		return ""
	}
	j, _ := json.Marshal(b) // hex strings and a map of them: cannot fail
	return string(j)
}

// parseSealed reads sealedText back.
func parseSealed(s string) (*sealed.Box, error) {
	if s == "" {
		return nil, nil
	}
	var b sealed.Box
	if err := json.Unmarshal([]byte(s), &b); err != nil {
		return nil, fmt.Errorf("index: sealed payee: %w", err)
	}
	return &b, nil
}
