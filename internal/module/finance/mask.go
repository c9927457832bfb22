package finance

import (
	"strings"
	"unicode/utf8"
)

// View chooses how much of a payee query results show.
type View int

const (
	// Public is what anyone may see: organisations by name with the last
	// four digits of their account, individuals masked (张三 → 张*) with no
	// account.
	Public View = iota
	// Internal is for government staff: everything on chain.
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

// In returns the payee as the view shows it.
func (p Payee) In(v View) Payee {
	if v == Internal {
		return p
	}
	if p.Kind == PayeeOrganisation {
		return Payee{Name: p.Name, Kind: p.Kind, Account: MaskAccount(p.Account), CreditCode: p.CreditCode}
	}
	// Even four digits of a person's account narrow down who they are.
	return Payee{Name: MaskName(p.Name), Kind: p.Kind}
}

// payeeKey identifies a payee across payments: an organisation by its
// credit code when it has one, otherwise by kind, name and account.
func payeeKey(p Payee) string {
	if p.Kind == PayeeOrganisation && p.CreditCode != "" {
		return "org:" + p.CreditCode
	}
	return p.Kind + ":" + p.Name + ":" + p.Account
}
