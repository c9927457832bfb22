package participant

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

func suite(t *testing.T, name string) cryptosuite.Suite {
	t.Helper()
	s, err := cryptosuite.ByName(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestNormalizePhone(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"138 0013 8000", "13800138000"},
		{"+86 138-0013-8000", "13800138000"},
		{"8613800138000", "13800138000"},
		{"008613800138000", "13800138000"},
		{"0755-2888 1234", "075528881234"},
		{"12345", ""},
		{"", ""},
	} {
		if got := NormalizePhone(tc.in); got != tc.want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestHash: one person's spellings give one hash; other people, other
// keys and other suites give others; the intl value is HMAC-SHA256 as
// computed independently here.
func TestHash(t *testing.T) {
	k, err := ParseKey(strings.Repeat("ab", 32))
	if err != nil {
		t.Fatal(err)
	}
	other, _ := ParseKey(strings.Repeat("cd", 32))
	intl, gm := suite(t, cryptosuite.Intl), suite(t, cryptosuite.GM)
	h := func(k Key, s cryptosuite.Suite, phone, email string) string {
		t.Helper()
		v, err := k.Hash(s, phone, email)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Check("participant", true); err != nil {
			t.Fatal(err)
		}
		return string(v)
	}
	a := h(k, intl, "138 0013 8000", "")
	m := hmac.New(sha256.New, k.b)
	m.Write([]byte("govchain/participant/v1\ntel:13800138000"))
	if want := hex.EncodeToString(m.Sum(nil)); a != want {
		t.Fatalf("intl hash %s, want HMAC-SHA256 %s", a, want)
	}
	for name, same := range map[string]string{
		"country code":          h(k, intl, "+86 13800138000", ""),
		"phone wins over email": h(k, intl, "13800138000", "a@b.cn"),
	} {
		if same != a {
			t.Errorf("%s: %s, want %s", name, same, a)
		}
	}
	for name, diff := range map[string]string{
		"another number": h(k, intl, "13800138001", ""),
		"another key":    h(other, intl, "13800138000", ""),
		"gm (HMAC-SM3)":  h(k, gm, "13800138000", ""),
		"an e-mail":      h(k, intl, "", "13800138000@x.cn"),
	} {
		if diff == a {
			t.Errorf("%s gives the same hash", name)
		}
	}
	if h(k, intl, "", " A@B.cn ") != h(k, intl, "", "a@b.cn") {
		t.Error("e-mail case and space change the hash")
	}
	if _, err := k.Hash(intl, "12", "nobody"); !errors.Is(err, ErrIdentifier) {
		t.Errorf("no identifier: got %v, want ErrIdentifier", err)
	}
	if _, err := (Key{}).Hash(intl, "13800138000", ""); !errors.Is(err, ErrKey) {
		t.Errorf("no key: got %v, want ErrKey", err)
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, k); err != nil {
		t.Fatal(err)
	}
	if err := Write(dir, k); err == nil {
		t.Fatal("an existing key was replaced")
	}
	got, err := Load(dir)
	if err != nil || got.Hex() != k.Hex() {
		t.Fatalf("Load: %v, %v", got.Hex(), err)
	}
	for _, bad := range []string{"", "xyz", strings.Repeat("a", 63), strings.Repeat("a", 66)} {
		if _, err := ParseKey(bad); !errors.Is(err, ErrKey) {
			t.Errorf("ParseKey(%q): got %v, want ErrKey", bad, err)
		}
	}
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{strings.Repeat("ab", 32), " " + strings.Repeat("0", 64) + "\n", "", "zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKey(s)
		if err == nil && len(k.b) != KeySize {
			t.Fatalf("accepted a %d-byte key", len(k.b))
		}
	})
}
