package workflow

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/hygiene"
)

// Limits on the applicant's data, in characters.
const (
	maxApplicantName    = 100
	maxApplicantAddress = 200
)

// PersonalDataError names the field of PersonalData that Validate refused
// and why (a hygiene error); it wraps ErrPersonalDataInvalid.
type PersonalDataError struct {
	Field string // "name", "id_number", "phone" or "address"
	Err   error
}

func (e *PersonalDataError) Error() string {
	return fmt.Sprintf("%v: %s: %v", ErrPersonalDataInvalid, e.Field, e.Err)
}

func (e *PersonalDataError) Unwrap() []error { return []error{ErrPersonalDataInvalid, e.Err} }

// Validate checks the applicant's data before it is sealed: a name (a
// person's or an organisation's), an 18-character resident ID number or
// unified social credit code with a matching check character, a mobile or
// landline number if given, and an address if given; no field may hold
// control or bidi characters, line breaks, or markup-looking text.
//
// This is the only place the data can be checked. Once sealed, the chain
// holds ciphertext it cannot read, so a client that skips Validate can
// still put anything inside its own sealed blob; what reaches staff is
// checked again when they open it only in the sense that pages escape it.
func (pd PersonalData) Validate() error {
	if strings.TrimSpace(pd.Name) == "" || strings.TrimSpace(pd.IDNumber) == "" {
		return fmt.Errorf("%w: name and id_number are required", ErrPersonalDataInvalid)
	}
	for _, f := range []struct {
		name, value string
		max         int
	}{
		{"name", pd.Name, maxApplicantName},
		{"id_number", pd.IDNumber, 18},
		{"phone", pd.Phone, 20},
		{"address", pd.Address, maxApplicantAddress},
	} {
		if n := utf8.RuneCountInString(f.value); n > f.max {
			return &PersonalDataError{Field: f.name, Err: fmt.Errorf("%d characters, at most %d", n, f.max)}
		}
		if err := oneLineText(f.value); err != nil {
			return &PersonalDataError{Field: f.name, Err: err}
		}
	}
	if err := hygiene.CheckIDNumber(pd.IDNumber); err != nil {
		return &PersonalDataError{Field: "id_number", Err: err}
	}
	if pd.Phone != "" {
		if err := hygiene.CheckPhone(pd.Phone); err != nil {
			return &PersonalDataError{Field: "phone", Err: err}
		}
	}
	return nil
}

// oneLineText refuses what hygiene.CheckText refuses, plus tabs and line
// breaks and markup-looking text: contact data is one line and nobody's
// name or address holds angle brackets or a script scheme.
func oneLineText(s string) error {
	if err := hygiene.CheckText(s); err != nil {
		return err
	}
	if i := strings.IndexAny(s, "\t\r\n"); i >= 0 {
		return &hygiene.RuneError{Reason: hygiene.ErrControlChar, Rune: rune(s[i]), Offset: i}
	}
	return hygiene.CheckMarkup(s)
}
