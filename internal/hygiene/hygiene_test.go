package hygiene_test

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/hygiene"
)

func TestCheckText(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want error
	}{
		{"chinese", "坪山区龙田街道龙兴路8号", nil},
		{"multi-line with tab", "第一行\n\t第二行", nil},
		{"CR LF from a textarea", "line one\r\nline two", nil},
		{"emoji and CJK punctuation", "好评👍（满意）", nil},
		{"RLO", "Official reply from City \u202eLLAH", hygiene.ErrBidiControl},
		{"LRE", "a\u202ab", hygiene.ErrBidiControl},
		{"PDF", "a\u202cb", hygiene.ErrBidiControl},
		{"RLI", "a\u2067b", hygiene.ErrBidiControl},
		{"PDI", "a\u2069b", hygiene.ErrBidiControl},
		{"RLM", "a\u200fb", hygiene.ErrBidiControl},
		{"LRM", "a\u200eb", hygiene.ErrBidiControl},
		{"ALM", "a\u061cb", hygiene.ErrBidiControl},
		{"NUL", "a\x00b", hygiene.ErrControlChar},
		{"ESC", "a\x1b[2Jb", hygiene.ErrControlChar},
		{"lone CR", "a\rb", hygiene.ErrControlChar},
		{"CR at end", "a\r", hygiene.ErrControlChar},
		{"DEL", "a\x7fb", hygiene.ErrControlChar},
		{"C1 NEL", "a\u0085b", hygiene.ErrControlChar},
		{"invalid UTF-8", "a\xffb", hygiene.ErrInvalidUTF8},
		{"truncated UTF-8", "坪"[:2], hygiene.ErrInvalidUTF8},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := hygiene.CheckText(c.in)
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("CheckText(%q) = %v, want %v", c.in, err, c.want)
			}
		})
	}
	var re *hygiene.RuneError
	if err := hygiene.CheckText("x\u202e"); !errors.As(err, &re) || re.Rune != 0x202E || err.Error() != "contains a bidi control U+202E" {
		t.Fatalf("got %v, want a RuneError naming U+202E", err)
	}
}

// TestCheckResidentID: the check digit is ISO 7064 MOD 11-2 over the
// weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2; the weighted sum mod 11
// picks the character from "10X98765432". Each valid row's comment shows
// the sum.
func TestCheckResidentID(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want error
	}{
		{"standard's example", "11010519491231002X", nil}, // sum 167, mod 11 = 2 → X
		{"shenzhen 1985", "440307198503150019", nil},      // sum 245, mod 11 = 3 → 9
		{"shenzhen 1991", "440307199107220040", nil},      // sum 276, mod 11 = 1 → 0
		{"born 2000", "440307200002020021", nil},          // sum 143, mod 11 = 0 → 1
		{"check X", "44030719991212000X", nil},            // sum 244, mod 11 = 2 → X
		{"check 2", "440307199001011232", nil},            // sum 208, mod 11 = 10 → 2
		{"wrong check digit", "440307198503150012", hygiene.ErrIDCheckDigit},
		{"one digit mistyped", "440307198503150119", hygiene.ErrIDCheckDigit},
		{"two digits swapped", "440307198530150019", hygiene.ErrIDBirthDate},
		{"lower-case x", "11010519491231002x", hygiene.ErrIDFormat},
		{"17 digits", "44030719850315001", hygiene.ErrIDFormat},
		{"15-digit old format", "440307850315001", hygiene.ErrIDFormat},
		{"letter inside", "4403071985031500A9", hygiene.ErrIDFormat},
		{"province 00", "000307198503150018", hygiene.ErrIDRegion},
		{"province 39", "390307198503150018", hygiene.ErrIDRegion},
		{"February 30", "440307199002300011", hygiene.ErrIDBirthDate},
		{"month 13", "440307199013010011", hygiene.ErrIDBirthDate},
		{"year 1800", "440307180001010011", hygiene.ErrIDBirthDate},
		{"full-width digits", "４４０３０７１９８５０３１５００１９", hygiene.ErrIDFormat},
		{"empty", "", hygiene.ErrIDFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := hygiene.CheckResidentID(c.in)
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("CheckResidentID(%q) = %v, want %v", c.in, err, c.want)
			}
		})
	}
}

// TestCheckIDNumber: resident IDs and organisations' credit codes (GB
// 32100-2015: weights 3^i mod 31 over "0123456789ABCDEFGHJKLMNPQRTUWXY",
// check = 31 - sum mod 31).
func TestCheckIDNumber(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want error
	}{
		{"resident ID", "440307198503150019", nil},
		{"credit code, company", "91440300MA5F7XY12G", nil},
		{"credit code, public institution", "12440300MB2C33445B", nil},
		{"credit code, published example", "91350100M000100Y43", nil},
		{"credit code, wrong check", "91350100M000100Y44", hygiene.ErrIDCheckDigit},
		{"credit code with Z", "91440300MA5F7XYZ2K", hygiene.ErrIDFormat},
		{"credit code, letters in region", "9144A300MA5F7XY12G", hygiene.ErrIDRegion},
		{"resident ID, wrong check", "440307198503150012", hygiene.ErrIDCheckDigit},
		{"garbage", "y", hygiene.ErrIDFormat},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := hygiene.CheckIDNumber(c.in)
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("CheckIDNumber(%q) = %v, want %v", c.in, err, c.want)
			}
		})
	}
}

func TestCheckPhoneEmailMarkup(t *testing.T) {
	cases := []struct {
		name  string
		check func(string) error
		in    string
		want  error
	}{
		{"mobile 138", hygiene.CheckMobile, "13800138000", nil},
		{"mobile 199", hygiene.CheckMobile, "19912345678", nil},
		{"mobile 12x", hygiene.CheckMobile, "12800138000", hygiene.ErrMobile},
		{"mobile 10 digits", hygiene.CheckMobile, "1380013800", hygiene.ErrMobile},
		{"mobile 12 digits", hygiene.CheckMobile, "138001380001", hygiene.ErrMobile},
		{"mobile with +86", hygiene.CheckMobile, "+8613800138000", hygiene.ErrMobile},
		{"mobile with space", hygiene.CheckMobile, "138 0013 8000", hygiene.ErrMobile},
		{"phone: mobile", hygiene.CheckPhone, "13800138000", nil},
		{"phone: shenzhen landline", hygiene.CheckPhone, "0755-84612345", nil},
		{"phone: beijing landline", hygiene.CheckPhone, "010-12345678", nil},
		{"phone: landline without area", hygiene.CheckPhone, "84612345", hygiene.ErrPhone},
		{"phone: area without 0", hygiene.CheckPhone, "755-84612345", hygiene.ErrPhone},
		{"phone: short number", hygiene.CheckPhone, "0755-12345", hygiene.ErrPhone},
		{"phone: markup", hygiene.CheckPhone, "<script>", hygiene.ErrPhone},
		{"email", hygiene.CheckEmail, "li.ming@example.cn", nil},
		{"email with plus", hygiene.CheckEmail, "li+fb@mail.example.com", nil},
		{"email with display name", hygiene.CheckEmail, "Li Ming <li@example.cn>", hygiene.ErrEmail},
		{"email in brackets", hygiene.CheckEmail, "<li@example.cn>", hygiene.ErrEmail},
		{"email without domain dot", hygiene.CheckEmail, "li@localhost", hygiene.ErrEmail},
		{"email quoted local part", hygiene.CheckEmail, `"<b>"@example.cn`, hygiene.ErrEmail},
		{"email with comment", hygiene.CheckEmail, "li@example.cn (x)", hygiene.ErrEmail},
		{"email javascript", hygiene.CheckEmail, "javascript:alert(1)//@example.cn", hygiene.ErrEmail},
		{"email two addresses", hygiene.CheckEmail, "a@example.cn, b@example.cn", hygiene.ErrEmail},
		{"markup: chinese name", hygiene.CheckMarkup, "欧阳娜娜", nil},
		{"markup: address", hygiene.CheckMarkup, "坪山区东门街1号（3栋）", nil},
		{"markup: tag", hygiene.CheckMarkup, "<img src=x>", hygiene.ErrMarkup},
		{"markup: quote", hygiene.CheckMarkup, `x" onmouseover="y`, hygiene.ErrMarkup},
		{"markup: javascript scheme", hygiene.CheckMarkup, "JavaScript :alert(1)", hygiene.ErrMarkup},
		{"markup: entity", hygiene.CheckMarkup, "&#60;b", hygiene.ErrMarkup},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.check(c.in)
			if !errors.Is(err, c.want) || (c.want == nil) != (err == nil) {
				t.Fatalf("check(%q) = %v, want %v", c.in, err, c.want)
			}
		})
	}
}

// FuzzValidators: no input panics; whatever passes has the documented
// shape, so a validator bug cannot let a bidi control or a malformed ID
// through.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{"11010519491231002X", "91350100M000100Y43", "0755-84612345", "li@example.cn", "a\u202eb", "a\r\nb", "\xff", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if hygiene.CheckText(s) == nil {
			if !utf8.ValidString(s) || strings.ContainsAny(s, "\x00\u202e\u2066\u200f") {
				t.Fatalf("CheckText passed %q", s)
			}
		}
		if hygiene.CheckResidentID(s) == nil {
			if len(s) != 18 {
				t.Fatalf("CheckResidentID passed %q", s)
			}
			if c, ok := hygiene.ResidentIDCheckDigit(s[:17]); !ok || c != s[17] {
				t.Fatalf("CheckResidentID passed %q with a wrong check digit", s)
			}
		}
		if hygiene.CheckIDNumber(s) == nil && len(s) != 18 {
			t.Fatalf("CheckIDNumber passed %q", s)
		}
		if hygiene.CheckEmail(s) == nil && (hygiene.CheckMarkup(s) != nil || !strings.Contains(s, "@")) {
			t.Fatalf("CheckEmail passed %q", s)
		}
		if hygiene.CheckPhone(s) == nil && strings.Trim(s, "0123456789-") != "" {
			t.Fatalf("CheckPhone passed %q", s)
		}
	})
}
