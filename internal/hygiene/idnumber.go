package hygiene

import (
	"errors"
	"fmt"
	"time"
)

// Reasons an identity number is refused.
var (
	ErrIDFormat     = errors.New("not an 18-character resident ID number or unified social credit code")
	ErrIDCheckDigit = errors.New("check digit does not match")
	ErrIDRegion     = errors.New("region code is not a province of issue")
	ErrIDBirthDate  = errors.New("birth date is not a calendar date")
)

// residentWeights are GB 11643-1999's weights 2^(17-i) mod 11.
var residentWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// residentCheck maps the weighted sum mod 11 to the check character (ISO
// 7064 MOD 11-2: (12 - sum mod 11) mod 11, with 10 written X).
const residentCheck = "10X98765432"

// ResidentIDCheckDigit computes the check character for the first 17 digits
// of a resident ID number. It reports false if they are not 17 digits.
func ResidentIDCheckDigit(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		sum += int(c-'0') * residentWeights[i]
	}
	return residentCheck[sum%11], true
}

// provinceOfIssue reports whether the first two digits name a province-level
// division (GB/T 2260), the Hong Kong, Macao or Taiwan residence permits
// (81, 82, 83), or — with a leading 9 — the 2023 foreign permanent
// residence card, which shares the 18-digit layout and check digit.
func provinceOfIssue(s string) bool {
	if s[0] == '9' {
		return true
	}
	switch (s[0]-'0')*10 + (s[1] - '0') {
	case 11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37,
		41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
		71, 81, 82, 83:
		return true
	}
	return false
}

// CheckResidentID checks an 18-digit citizen identity number (GB
// 11643-1999): 6 region digits, the birth date YYYYMMDD, 3 sequence digits
// and the MOD 11-2 check character (0–9 or upper-case X). It catches typing
// mistakes; it cannot tell whether the number was ever issued.
func CheckResidentID(s string) error {
	if len(s) != 18 {
		return fmt.Errorf("%w: %d characters", ErrIDFormat, len(s))
	}
	want, ok := ResidentIDCheckDigit(s[:17])
	if !ok || (s[17] != 'X' && (s[17] < '0' || s[17] > '9')) {
		return ErrIDFormat
	}
	if !provinceOfIssue(s) {
		return fmt.Errorf("%w: %s", ErrIDRegion, s[:2])
	}
	y, m, d := atoi(s[6:10]), atoi(s[10:12]), atoi(s[12:14])
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1900 || y > 2099 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return fmt.Errorf("%w: %s", ErrIDBirthDate, s[6:14])
	}
	if s[17] != want {
		return fmt.Errorf("%w: want %c", ErrIDCheckDigit, want)
	}
	return nil
}

// atoi reads a string of digits already checked to be digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// creditAlphabet is GB 32100-2015's character set: digits and the upper-case
// letters without I, O, Z, S and V. A character's value is its index.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are 3^i mod 31.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CreditCodeCheckChar computes the check character for the first 17
// characters of a unified social credit code.
func CreditCodeCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := indexByte(creditAlphabet, first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31], true
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return -1
}

// CheckCreditCode checks an organisation's 18-character unified social
// credit code (GB 32100-2015): registering authority, organisation type,
// 6 region digits, 9 organisation code characters and the MOD 31 check
// character.
func CheckCreditCode(s string) error {
	if len(s) != 18 {
		return fmt.Errorf("%w: %d characters", ErrIDFormat, len(s))
	}
	want, ok := CreditCodeCheckChar(s[:17])
	if !ok || indexByte(creditAlphabet, s[17]) < 0 {
		return ErrIDFormat
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return fmt.Errorf("%w: %s", ErrIDRegion, s[2:8])
		}
	}
	if s[17] != want {
		return fmt.Errorf("%w: want %c", ErrIDCheckDigit, want)
	}
	return nil
}

// CheckIDNumber accepts a resident ID number or a unified social credit
// code (for applicants that are organisations), each with its check
// character. The two formats overlap (both are 18 characters and may be all
// digits), so a number passes if either check passes; the error explains
// the format it resembles more (letters before the last place: a credit code).
func CheckIDNumber(s string) error {
	errID := CheckResidentID(s)
	if errID == nil {
		return nil
	}
	errCredit := CheckCreditCode(s)
	if errCredit == nil {
		return nil
	}
	if len(s) == 18 && !allDigits(s[:17]) {
		return errCredit
	}
	return errID
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
