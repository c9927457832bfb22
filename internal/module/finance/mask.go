package finance

import (
	"strings"
	"unicode/utf8"
)

// View chooses how much of a payee query results show.
type View int

const (
	// Public is what anyone may see: organisations by name and credit
	// code, individuals masked (张三 → 张*), the commitment; no account.
	Public View = iota
	// Internal is for government staff: everything on chain, including
	// the sealed payee data a reader department can open.
	Internal
)

// MaskName keeps an individual's first character and stars the rest, so
// a payment to a person is visible without naming them.
func MaskName(name string) string {
	r, size := utf8.DecodeRuneInString(name)
	if r == utf8.RuneError && size <= 1 {
		return "*"
	}
	rest := utf8.RuneCountInString(name[size:])
	return string(r) + strings.Repeat("*", max(1, rest))
}

// MaskAccount keeps the last four digits of a bank account.
func MaskAccount(acct string) string {
	if acct == "" {
		return ""
	}
	if len(acct) <= 4 {
		return "****"
	}
	return "****" + acct[len(acct)-4:]
}

// In returns the payee as the view shows it: the public view leaves out
// the sealed blob (opaque to the public, and bulky), the internal view
// keeps it for a reader's console to open.
func (p Payee) In(v View) Payee {
	if v == Internal {
		return p
	}
	p.Sealed = nil
	return p
}

// publicKey identifies a payee across payments from public fields alone:
// an organisation by credit code or name. A person's record shows only a
// mask, so each payment to a person is its own group here; readers who
// open the sealed data group people too (PayeeData.Key).
func publicKey(p Payee) string {
	if p.Kind == PayeeOrganisation {
		if p.CreditCode != "" {
			return "org:" + p.CreditCode
		}
		return "orgname:" + p.Name
	}
	return "c:" + p.Commitment.String()
}
