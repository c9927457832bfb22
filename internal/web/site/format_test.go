package site

import (
	"errors"
	"net/http/httptest"
	"testing"
)

// The helpers the areas share: a wrong amount or a wrong grouping would
// show on every finance and land page at once.
func TestParseYuan(t *testing.T) {
	for _, c := range []struct {
		in   string
		fen  int64
		fail bool
	}{
		{"3,840,000.00", 384_000_000, false},
		{"12.5", 1250, false},
		{"¥ 7 元", 700, false},
		{"0.01", 1, false},
		{"1.234", 0, true}, // three decimals
		{"", 0, true},
		{"-5", 0, true},
		{"abc", 0, true},
		{"10000000000001", 0, true}, // above the cap
	} {
		fen, err := ParseYuan(c.in)
		if c.fail {
			if !errors.Is(err, ErrBadRequest) {
				t.Errorf("ParseYuan(%q) = %d, %v; want ErrBadRequest", c.in, fen, err)
			}
			continue
		}
		if err != nil || fen != c.fen {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d", c.in, fen, err, c.fen)
		}
	}
}

func TestGroupDigitsAndWan(t *testing.T) {
	for in, want := range map[string]string{"12800": "12,800", "-1234567": "-1,234,567", "12": "12", "3.0": "3", "3.5": "3.5", "n/a": "n/a"} {
		if got := GroupDigits(in); got != want {
			t.Errorf("GroupDigits(%q) = %q, want %q", in, got, want)
		}
	}
	for fen, want := range map[int64]string{0: "0.0", 384_000_000: "384.0", 1_250_000: "1.3", 123_456_789_000: "123,456.8"} {
		if got := Wan(fen); got != want {
			t.Errorf("Wan(%d) = %q, want %q", fen, got, want)
		}
	}
}

func TestLimitParam(t *testing.T) {
	for q, want := range map[string]int{"": 50, "?limit=10": 10, "?limit=0": 50, "?limit=-3": 50, "?limit=x": 50, "?limit=999": 200} {
		if got := LimitParam(httptest.NewRequest("GET", "/api/v1/x"+q, nil), 50, 200); got != want {
			t.Errorf("limit %q = %d, want %d", q, got, want)
		}
	}
}
