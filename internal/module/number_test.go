package module_test

import (
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// mapKV is the smallest store.KV: enough for counters.
type mapKV map[string][]byte

func (m mapKV) Get(k []byte) ([]byte, error) { return m[string(k)], nil }
func (m mapKV) Set(k, v []byte) error        { m[string(k)] = v; return nil }
func (m mapKV) Delete(k []byte) error        { delete(m, string(k)); return nil }
func (m mapKV) Iterate([]byte, func(k, v []byte) bool) error {
	panic("not needed")
}

var _ store.KV = mapKV{}

func TestNextYearNumber(t *testing.T) {
	kv := mapKV{}
	for _, tc := range []struct {
		key, prefix string
		year, width int
		want        string
	}{
		{"a", "BL", 2026, 4, "BL-2026-0001"},
		{"a", "BL", 2026, 4, "BL-2026-0002"},
		{"b", "NRB", 2027, 6, "NRB-2027-000001"},
		{"c", "gsd", 2026, 4, "gsd-2026-0001"},
	} {
		got, err := module.NextYearNumber(kv, []byte(tc.key), tc.prefix, tc.year, tc.width)
		if err != nil || got != tc.want {
			t.Fatalf("NextYearNumber(%s) = %q, %v; want %q", tc.key, got, err, tc.want)
		}
	}
	// A width is a minimum: the 10,000th entry still gets a number.
	kv["d"] = []byte{0, 0, 0, 0, 0, 0, 0x27, 0x0f} // 9999
	if got, _ := module.NextYearNumber(kv, []byte("d"), "AL", 2026, 4); got != "AL-2026-10000" {
		t.Fatalf("past the width: %q", got)
	}
}

// A counter that is not 8 bytes is corruption, not zero: restarting the
// series would hand out a number twice.
func TestNextSeqRefusesCorruptCounter(t *testing.T) {
	kv := mapKV{"k": []byte("12")}
	_, err := module.NextSeq(kv, []byte("k"))
	if err == nil || !strings.Contains(err.Error(), "corrupt counter") {
		t.Fatalf("err = %v", err)
	}
	if string(kv["k"]) != "12" {
		t.Fatal("a refused allocation must not write")
	}
}
