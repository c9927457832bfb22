package governance

import (
	"errors"
	"testing"
)

// TestQuorumAfterEdges: the guard at each edge of "more than 2/3 of the
// new total is held by validators that signed the last blocks" — one
// power unit either side of the edge, and exactly 2/3 refused (CometBFT
// could not commit with it).
func TestQuorumAfterEdges(t *testing.T) {
	live := func(addr string, p int64) member { return member{Address: addr, Power: p} }
	signed := map[string]bool{"A": true, "B": true, "C": true, "D": true}
	tests := []struct {
		name string
		set  []member
		ok   bool
	}{
		{"4x10 all signing", []member{live("A", 10), live("B", 10), live("C", 10), live("D", 10)}, true},
		{"one removed of 4x10: 30 of 30", []member{live("A", 10), live("B", 10), live("C", 10)}, true},
		{"new key 19 beside 40 live: 40 of 59 (120 > 118)", []member{live("A", 10), live("B", 10), live("C", 10), live("D", 10), live("N", 19)}, true},
		{"new key 20 beside 40 live: 40 of 60 is exactly 2/3", []member{live("A", 10), live("B", 10), live("C", 10), live("D", 10), live("N", 20)}, false},
		{"new key 21 beside 40 live: 40 of 61", []member{live("A", 10), live("B", 10), live("C", 10), live("D", 10), live("N", 21)}, false},
		{"one silent of 4x10: 30 of 40", []member{live("A", 10), live("B", 10), live("C", 10), live("X", 10)}, true},
		{"silent kept, live removed: 20 of 30 is exactly 2/3", []member{live("A", 10), live("B", 10), live("X", 10)}, false},
		{"21 of 31 (63 > 62)", []member{live("A", 11), live("B", 10), live("X", 10)}, true},
		{"20 of 31", []member{live("A", 10), live("B", 10), live("X", 11)}, false},
		{"power raised on a silent key: 30 of 46", []member{live("A", 10), live("B", 10), live("C", 10), live("X", 16)}, false},
		{"power raised on a silent key: 30 of 44", []member{live("A", 10), live("B", 10), live("C", 10), live("X", 14)}, true},
		{"replacement of the silent one: 30 of 40", []member{live("A", 10), live("B", 10), live("C", 10), live("N", 10)}, true},
		{"replacement in a set of 3: 20 of 30", []member{live("A", 10), live("B", 10), live("N", 10)}, false},
		{"nobody signing", []member{live("X", 10), live("Y", 10)}, false},
		{"empty set", nil, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := quorumAfter(tc.set, signed, 10)
			if got := err == nil; got != tc.ok {
				t.Fatalf("got ok=%v (%v), want ok=%v", got, err, tc.ok)
			}
			if err != nil && !errors.Is(err, ErrValidatorGuard) {
				t.Fatalf("refusal is not ErrValidatorGuard: %v", err)
			}
		})
	}
}
