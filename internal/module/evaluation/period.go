package evaluation

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Period kinds.
const (
	Month   = "month"
	Quarter = "quarter"
	Year    = "year"
)

// Period is a calendar month, quarter or year in China Standard Time:
// [Start, End). Key is its name: 2026-03, 2026-Q1, 2026.
type Period struct {
	Kind  string    `json:"kind"`
	Key   string    `json:"key"`
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
}

// ParsePeriod reads a period key: YYYY, YYYY-Qn or YYYY-MM.
func ParsePeriod(key string) (Period, error) {
	m := periodPattern.FindStringSubmatch(key)
	if m == nil {
		return Period{}, fmt.Errorf("%w: period %q must be YYYY, YYYY-Qn or YYYY-MM", ErrInvalid, key)
	}
	y, _ := strconv.Atoi(m[1])
	cst := module.CST()
	switch {
	case m[2] == "":
		s := time.Date(y, 1, 1, 0, 0, 0, 0, cst)
		return Period{Kind: Year, Key: key, Start: s, End: s.AddDate(1, 0, 0)}, nil
	case m[2][1] == 'Q':
		q := int(m[2][2] - '0')
		s := time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, cst)
		return Period{Kind: Quarter, Key: key, Start: s, End: s.AddDate(0, 3, 0)}, nil
	default:
		mo, _ := strconv.Atoi(m[3])
		s := time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, cst)
		return Period{Kind: Month, Key: key, Start: s, End: s.AddDate(0, 1, 0)}, nil
	}
}

// PeriodOf is the period of the given kind that holds t (in CST).
func PeriodOf(kind string, t time.Time) Period {
	c := t.In(module.CST())
	var key string
	switch kind {
	case Year:
		key = strconv.Itoa(c.Year())
	case Quarter:
		key = fmt.Sprintf("%d-Q%d", c.Year(), (int(c.Month())-1)/3+1)
	default:
		key = c.Format("2006-01")
	}
	p, _ := ParsePeriod(key)
	return p
}

// Previous is the period of the same kind just before p.
func (p Period) Previous() Period { return PeriodOf(p.Kind, p.Start.Add(-time.Second)) }

// Trail is the n periods ending with p, oldest first.
func (p Period) Trail(n int) []Period {
	out := make([]Period, n)
	for i := n - 1; i >= 0; i-- {
		out[i] = p
		p = p.Previous()
	}
	return out
}

// Contains reports whether t falls in the period.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End) }
