package finance

import (
	"fmt"
	"github.com/pingshan/govchain/internal/module"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

var (
	functionCodePattern = regexp.MustCompile(`^[0-9]{7}$`) // 类3 款2 项2
	economicCodePattern = regexp.MustCompile(`^[0-9]{5}$`) // 类3 款2
	revenueCodePattern  = regexp.MustCompile(`^[0-9]{7}$`) // 收入分类 类款项目
	projectCodePattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9-]{0,39}$`)
	accountPattern      = regexp.MustCompile(`^[0-9]{6,32}$`)
	creditCodePattern   = regexp.MustCompile(`^[0-9A-Z]{18}$`)
	refPattern          = regexp.MustCompile(`^[\p{L}\p{N}〔〕()\[\]（）#/._ -]{1,64}$`)
	idPattern           = regexp.MustCompile(`^(BL|AD|AL|PR|DB|RF|RX|RV)-[0-9]{4}-[0-9]{4,12}$`)
)

// cst is China Standard Time: fiscal years and business dates are counted
// in it, not in UTC.
var cst = module.CST()

// Revenue sources (非税收入 and others).
func RevenueSources() []string {
	return []string{"land_fee", "admin_fee", "fine", "state_asset", "other"}
}

func invalid(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidField}, a...)...)
}

// text checks a human-readable field: valid UTF-8, no control characters,
// not blank when required, at most max characters.
func text(field, s string, required bool, max int) error {
	if !utf8.ValidString(s) {
		return invalid("%s is not valid UTF-8", field)
	}
	if required && strings.TrimSpace(s) == "" {
		return invalid("%s is required", field)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return invalid("%s has %d characters, at most %d allowed", field, n, max)
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return invalid("%s contains a control character", field)
		}
	}
	return nil
}

// docHash checks a 64-hex-digit SM3/SHA-256 digest; it must be lower case
// so one document has one spelling on chain.
func docHash(field string, h module.Hash, required bool) error {
	if err := h.Check(field, required); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidField, err)
	}
	return nil
}

func entryID(field, s, kind string) error {
	if !idPattern.MatchString(s) || (kind != "" && !strings.HasPrefix(s, kind+"-")) {
		want := "an entry id like AL-2026-0001"
		if kind != "" {
			want = "a " + kind + "-YYYY-NNNN id"
		}
		return invalid("%s %q must be %s", field, s, want)
	}
	return nil
}

func fiscalYear(y int) error {
	if y < 2000 || y > 2100 {
		return invalid("fiscal_year %d out of range 2000..2100", y)
	}
	return nil
}

func ref(field, s string, required bool) error {
	if s == "" && !required {
		return nil
	}
	if !refPattern.MatchString(s) {
		return invalid("%s %q must be 1–64 letters, digits or 〔〕()#/._- and spaces", field, s)
	}
	return nil
}

// parseDate reads a business date (YYYY-MM-DD) in CST.
func parseDate(s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, cst)
	if err != nil {
		return time.Time{}, invalid("date %q is not a calendar date in YYYY-MM-DD form", s)
	}
	return t, nil
}

// blockYear is the fiscal year a block falls in.
func blockYear(t time.Time) int { return t.In(cst).Year() }
