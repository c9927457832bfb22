package hygiene

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Reasons contact details are refused.
var (
	ErrMobile = errors.New("not a mainland mobile number (11 digits starting 13–19)")
	ErrPhone  = errors.New("not a mainland mobile number or a landline like 0755-84612345")
	ErrEmail  = errors.New("not a plain e-mail address")
	ErrMarkup = errors.New("looks like markup or a script")
)

// CheckMobile accepts a mainland mobile number: 11 digits, 1 then 3–9.
func CheckMobile(s string) error {
	if len(s) != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9' || !allDigits(s) {
		return ErrMobile
	}
	return nil
}

// CheckPhone accepts a mobile number or a landline written with its area
// code: 0 and 2–3 more digits, a hyphen, then 7–8 digits (010-12345678,
// 0755-84612345). Organisations give landlines.
func CheckPhone(s string) error {
	if CheckMobile(s) == nil {
		return nil
	}
	area, num, ok := strings.Cut(s, "-")
	if !ok || len(area) < 3 || len(area) > 4 || area[0] != '0' || !allDigits(area) ||
		len(num) < 7 || len(num) > 8 || !allDigits(num) || num[0] == '0' {
		return ErrPhone
	}
	return nil
}

// CheckEmail accepts a bare address (local@domain) as net/mail parses it,
// with no display name, comment or angle brackets: what is stored is
// exactly the address, nothing a mail client or page would interpret.
func CheckEmail(s string) error {
	if len(s) > 254 || CheckMarkup(s) != nil {
		return ErrEmail
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s || !strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".") {
		return ErrEmail
	}
	return nil
}

// markupWords are the scheme and handler prefixes that make text a script
// when it lands in an attribute or a link.
var markupWords = []string{"javascript:", "vbscript:", "data:", "&#"}

// CheckMarkup refuses text that looks like markup or a script: angle
// brackets, quotes, backticks, backslashes, or a script scheme. Pages
// escape everything they show; this refuses at the form the contact data
// (names, phones, addresses, e-mail) that no person has, so it never
// reaches a sealed record that staff later copy into other systems.
func CheckMarkup(s string) error {
	if i := strings.IndexAny(s, "<>\"'`\\"); i >= 0 {
		return fmt.Errorf("%w: %q", ErrMarkup, s[i])
	}
	lower := strings.ToLower(strings.Join(strings.Fields(s), ""))
	for _, w := range markupWords {
		if strings.Contains(lower, w) {
			return fmt.Errorf("%w: %q", ErrMarkup, w)
		}
	}
	return nil
}
