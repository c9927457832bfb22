package sharing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Working days are calendar days in China Standard Time (module.CST): a
// request sent at 23:30 UTC on a Sunday arrives on Monday in Pingshan.

const dateLayout = "2006-01-02"

// Limits of the calendar parameter: enough for a century of State Council
// holiday notices (about 30 listed days a year), small enough to check.
const (
	minCalendarYear = 2000
	maxCalendarYear = 2100
	maxYearDays     = 80
	// maxSearchDays bounds a deadline or a count of working days: no answer
	// period is longer than this in calendar days.
	maxSearchDays = 3 * 366
)

// YearDays is one year of the State Council holiday notice: the days off
// beyond weekends (every day of a holiday period may be listed, weekends
// included) and the make-up working days (调休) that fall on a weekend.
type YearDays struct {
	Holidays []string `json:"holidays"`
	Workdays []string `json:"workdays"`
}

// Calendar is the working-day calendar: a day is a working day when it is
// a listed make-up working day, or a Monday to Friday that is not a listed
// holiday. A year that is not listed has weekends only.
type Calendar struct {
	off, on map[string]bool
}

// ParseCalendar decodes the sharing.calendar parameter strictly and checks
// it: years within [2000, 2100], dates of that year, at most 80 per list,
// a make-up working day on a Saturday or Sunday and not also a holiday.
// It returns the calendar and its canonical JSON (years and dates sorted,
// duplicates dropped).
func ParseCalendar(raw []byte) (Calendar, json.RawMessage, error) {
	var years map[string]YearDays
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&years); err != nil {
		return Calendar{}, nil, fmt.Errorf("%s: %v", ParamCalendar, err)
	}
	if dec.More() {
		return Calendar{}, nil, fmt.Errorf("%s: trailing data after the value", ParamCalendar)
	}
	keys := make([]string, 0, len(years))
	for k := range years {
		keys = append(keys, k)
	}
	sort.Strings(keys) // checked in order: a refusal's message can land in state
	c := Calendar{off: map[string]bool{}, on: map[string]bool{}}
	canon := map[string]YearDays{}
	for _, k := range keys {
		y, err := strconv.Atoi(k)
		if err != nil || strconv.Itoa(y) != k || y < minCalendarYear || y > maxCalendarYear {
			return Calendar{}, nil, fmt.Errorf("%s: year %q must be a year from %d to %d", ParamCalendar, k, minCalendarYear, maxCalendarYear)
		}
		yd := years[k]
		hol, err := checkDates(k, "holidays", yd.Holidays, false)
		if err != nil {
			return Calendar{}, nil, err
		}
		work, err := checkDates(k, "workdays", yd.Workdays, true)
		if err != nil {
			return Calendar{}, nil, err
		}
		for _, d := range hol {
			c.off[d] = true
		}
		for _, d := range work {
			if c.off[d] {
				return Calendar{}, nil, fmt.Errorf("%s: %s is both a holiday and a working day", ParamCalendar, d)
			}
			c.on[d] = true
		}
		canon[k] = YearDays{Holidays: hol, Workdays: work}
	}
	b, err := json.Marshal(canon) // map keys come out sorted
	if err != nil {
		return Calendar{}, nil, err
	}
	return c, b, nil
}

func checkDates(year, list string, ds []string, weekendOnly bool) ([]string, error) {
	if len(ds) > maxYearDays {
		return nil, fmt.Errorf("%s: %s %s lists more than %d days", ParamCalendar, year, list, maxYearDays)
	}
	out := make([]string, 0, len(ds))
	for _, s := range ds {
		d, err := time.ParseInLocation(dateLayout, s, module.CST())
		if err != nil || d.Format(dateLayout) != s {
			return nil, fmt.Errorf("%s: %s %s: %q is not a date YYYY-MM-DD", ParamCalendar, year, list, s)
		}
		if strconv.Itoa(d.Year()) != year {
			return nil, fmt.Errorf("%s: %s %s: %s is not in %s", ParamCalendar, year, list, s, year)
		}
		if wd := d.Weekday(); weekendOnly && wd != time.Saturday && wd != time.Sunday {
			return nil, fmt.Errorf("%s: %s %s: %s is a %s; a make-up working day falls on a weekend", ParamCalendar, year, list, s, wd)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return compact(out), nil
}

func compact(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// day is the CST calendar day of t, at midnight CST.
func day(t time.Time) time.Time {
	c := t.In(module.CST())
	return time.Date(c.Year(), c.Month(), c.Day(), 0, 0, 0, 0, module.CST())
}

// IsWorkingDay reports whether t's CST day is a working day.
func (c Calendar) IsWorkingDay(t time.Time) bool {
	s := t.In(module.CST()).Format(dateLayout)
	if c.on[s] {
		return true
	}
	if c.off[s] {
		return false
	}
	wd := t.In(module.CST()).Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// Deadline is when a time limit of n working days that starts at t ends:
// the day of t does not count (as in administrative procedure, the first
// day of a period is not counted); the n-th working day after it counts
// whole; the limit ends at midnight CST that closes it. A request sent at
// any time on Monday 2 March 2026 with n = 1 is due by Tuesday 24:00 CST,
// i.e. the returned instant is Wednesday 00:00 CST.
func (c Calendar) Deadline(t time.Time, n int) (time.Time, error) {
	if n < 1 {
		return time.Time{}, fmt.Errorf("%w: %d working days", ErrCalendar, n)
	}
	d := day(t)
	for i := 0; i < maxSearchDays; i++ {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n--
			if n == 0 {
				return d.AddDate(0, 0, 1), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%w: no deadline within %d days of %s", ErrCalendar, maxSearchDays, t.In(module.CST()).Format(dateLayout))
}

// WorkingDaysBetween counts the working days after from's CST day up to
// and including to's: an answer on the day of the request took 0 working
// days, an answer on the next working day 1. Counting stops after
// maxSearchDays calendar days.
func (c Calendar) WorkingDaysBetween(from, to time.Time) int {
	d, end := day(from), day(to)
	n := 0
	for i := 0; i < maxSearchDays && d.Before(end); i++ {
		d = d.AddDate(0, 0, 1)
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}
