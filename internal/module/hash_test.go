package module

import (
	"errors"
	"strings"
	"testing"
)

func TestHashCheck(t *testing.T) {
	good := strings.Repeat("0a", 32)
	cases := []struct {
		name     string
		h        Hash
		required bool
		ok       bool
	}{
		{"lower-case digest", Hash(good), true, true},
		{"empty optional", "", false, true},
		{"empty required", "", true, false},
		{"upper case: a second spelling of the same digest", Hash(strings.ToUpper(good)), true, false},
		{"mixed case", Hash("0A" + good[2:]), false, false},
		{"63 digits", Hash(good[:63]), true, false},
		{"65 digits", Hash(good + "0"), true, false},
		{"not hex", Hash("zz" + good[2:]), true, false},
		{"0x prefix", Hash("0x" + good[:62]), true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.h.Check("doc_hash", tc.required)
			if got := err == nil; got != tc.ok {
				t.Fatalf("Check(%q): got %v, want ok=%v", tc.h, err, tc.ok)
			}
			if err != nil && (!errors.Is(err, ErrHash) || !strings.Contains(err.Error(), "doc_hash")) {
				t.Fatalf("error %v does not wrap ErrHash or name the field", err)
			}
		})
	}
	if b := Hash(good).Bytes(); len(b) != 32 || HashOf(b) != Hash(good) {
		t.Fatalf("Bytes/HashOf do not round-trip: %x", b)
	}
	if Hash(strings.ToUpper(good)).Bytes() != nil && HashOf(Hash(strings.ToUpper(good)).Bytes()) != Hash(good) {
		t.Fatal("HashOf must spell in lower case")
	}
}
