package evaluation

import (
	"fmt"
	"sort"

	"github.com/pingshan/govchain/internal/module"
)

// Rate is a ratio of two counts, kept as the counts so a reader can check
// it; BP is it in basis points (hundredths of a percent), rounded half up,
// and absent when the denominator is 0 (a rate of nothing is not 0 %).
type Rate struct {
	Num int64  `json:"num"`
	Den int64  `json:"den"`
	BP  *int64 `json:"bp,omitempty"`
}

// NewRate builds a rate.
func NewRate(num, den int64) Rate {
	r := Rate{Num: num, Den: den}
	if den > 0 {
		bp := (num*20000 + den) / (2 * den)
		r.BP = &bp
	}
	return r
}

// Percent renders basis points as a percentage with two decimals:
// 9350 → "93.50%"; "—" when absent.
func Percent(bp *int64) string {
	if bp == nil {
		return "—"
	}
	v := *bp
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d%%", sign, v/100, v%100)
}

// String implements fmt.Stringer.
func (r Rate) String() string { return Percent(r.BP) }

// Centi renders hundredths as a decimal: 1250 → "12.50".
func Centi(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// median is the lower middle of the sorted values (an element of the
// data, no averaging: an integer, no rounding); nil for none.
func median(v []int64) *int64 {
	if len(v) == 0 {
		return nil
	}
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	m := s[(len(s)-1)/2]
	return &m
}

// percentile90 is the nearest-rank 90th percentile: the smallest value
// with at least 90 % of the data at or below it (element ⌈0.9·n⌉ of the
// sorted data, counting from 1); nil for none.
func percentile90(v []int64) *int64 {
	if len(v) == 0 {
		return nil
	}
	s := append([]int64(nil), v...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	rank := (9*len(s) + 9) / 10 // ⌈0.9 n⌉
	x := s[rank-1]
	return &x
}

// meanCenti is the mean in hundredths, rounded half up; nil for none.
func meanCenti(v []int64) *int64 {
	if len(v) == 0 {
		return nil
	}
	var sum int64
	for _, x := range v {
		sum += x
	}
	n := int64(len(v))
	m := (sum*200 + n) / (2 * n)
	return &m
}

// Unavailable says why a dimension or figure has no value: its source is
// not on this chain (yet), which is not the same as zero.
type Unavailable struct {
	Reason string `json:"reason"`
}

func moduleHash(s string) module.Hash { return module.Hash(s) }
