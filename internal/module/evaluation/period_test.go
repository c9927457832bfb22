package evaluation_test

import (
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module/evaluation"
)

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		key, kind, start, end string
	}{
		{"2026", evaluation.Year, "2025-12-31T16:00:00Z", "2026-12-31T16:00:00Z"},
		{"2026-Q4", evaluation.Quarter, "2026-09-30T16:00:00Z", "2026-12-31T16:00:00Z"},
		{"2026-02", evaluation.Month, "2026-01-31T16:00:00Z", "2026-02-28T16:00:00Z"},
	} {
		t.Run(tc.key, func(t *testing.T) {
			p, err := evaluation.ParsePeriod(tc.key)
			if err != nil {
				t.Fatal(err)
			}
			if p.Kind != tc.kind || p.Start.UTC().Format(time.RFC3339) != tc.start || p.End.UTC().Format(time.RFC3339) != tc.end {
				t.Fatalf("got %s %s–%s, want %s %s–%s", p.Kind, p.Start.UTC().Format(time.RFC3339), p.End.UTC().Format(time.RFC3339), tc.kind, tc.start, tc.end)
			}
		})
	}
	for _, bad := range []string{"", "26", "2026-13", "2026-Q5", "2026-1", "1999", "2026-03-01"} {
		if _, err := evaluation.ParsePeriod(bad); err == nil {
			t.Errorf("ParsePeriod(%q) accepted", bad)
		}
	}
	// 16:30 UTC on 31 March is 1 April in the city.
	if got := evaluation.PeriodOf(evaluation.Quarter, time.Date(2026, 3, 31, 16, 30, 0, 0, time.UTC)).Key; got != "2026-Q2" {
		t.Errorf("PeriodOf: got %s, want 2026-Q2", got)
	}
	p, _ := evaluation.ParsePeriod("2026-02")
	var keys []string
	for _, q := range p.Trail(3) {
		keys = append(keys, q.Key)
	}
	if got := keys[0] + " " + keys[1] + " " + keys[2]; got != "2025-12 2026-01 2026-02" {
		t.Errorf("Trail: got %s", got)
	}
}

func TestRatesAndPercentiles(t *testing.T) {
	for _, tc := range []struct {
		num, den int64
		want     string
	}{{2, 3, "66.67%"}, {1, 3, "33.33%"}, {1, 8, "12.50%"}, {0, 5, "0.00%"}, {0, 0, "—"}, {1, 20000, "0.01%"}, {1, 20001, "0.00%"}} {
		if got := evaluation.NewRate(tc.num, tc.den).String(); got != tc.want {
			t.Errorf("%d/%d: got %s, want %s", tc.num, tc.den, got, tc.want)
		}
	}
}
