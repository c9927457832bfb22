package sharing_test

import (
	"testing"
	"time"
)

// notice2026 is the State Council General Office's notice on the 2026
// holidays (国务院办公厅关于2026年部分节假日安排的通知, dated 4 November
// 2025, published by Xinhua the same day), transcribed item by item: the
// days off as ranges and the make-up working days (调休上班).
var notice2026 = []struct {
	name     string
	from, to string
	workdays []string
}{
	{"元旦 New Year", "2026-01-01", "2026-01-03", []string{"2026-01-04"}},
	{"春节 Spring Festival", "2026-02-15", "2026-02-23", []string{"2026-02-14", "2026-02-28"}},
	{"清明节 Qingming", "2026-04-04", "2026-04-06", nil},
	{"劳动节 Labour Day", "2026-05-01", "2026-05-05", []string{"2026-05-09"}},
	{"端午节 Dragon Boat", "2026-06-19", "2026-06-21", nil},
	{"中秋节 Mid-Autumn", "2026-09-25", "2026-09-27", nil},
	{"国庆节 National Day", "2026-10-01", "2026-10-07", []string{"2026-09-20", "2026-10-10"}},
}

// TestCalendarMatchesNotice2026: every day of 2026 is a working day in the
// default calendar exactly when the notice (and the weekend rule) says so.
// It would catch a holiday typed one day off, a missing make-up Saturday,
// or a weekend the notice leaves alone marked as a working day.
func TestCalendarMatchesNotice2026(t *testing.T) {
	c := defaultCalendar(t)
	off, work := map[string]bool{}, map[string]bool{}
	for _, h := range notice2026 {
		from, _ := time.Parse("2006-01-02", h.from)
		to, _ := time.Parse("2006-01-02", h.to)
		for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
			off[d.Format("2006-01-02")] = true
		}
		for _, w := range h.workdays {
			work[w] = true
		}
	}
	var wrong []string
	for d := cst("2026-01-01 12:00:00"); d.Year() == 2026; d = d.AddDate(0, 0, 1) {
		s := d.Format("2006-01-02")
		weekend := d.Weekday() == time.Saturday || d.Weekday() == time.Sunday
		want := work[s] || (!weekend && !off[s])
		if got := c.IsWorkingDay(d); got != want {
			wrong = append(wrong, s)
		}
	}
	if len(wrong) > 0 {
		t.Fatalf("days the calendar gets wrong against the 2026 notice: %v", wrong)
	}
	// Each make-up working day falls on a weekend (else the notice would not list it).
	for w := range work {
		d := cst(w + " 12:00:00")
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			t.Errorf("make-up day %s is a %s", w, wd)
		}
	}
	if n := len(off); n != 33 {
		t.Errorf("the notice gives %d days off, want 33 (3+9+3+5+3+3+7)", n)
	}
}
