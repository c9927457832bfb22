package sharing_test

import (
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/sharing"
)

func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, module.CST())
	if err != nil {
		panic(err)
	}
	return t
}

func defaultCalendar(t *testing.T) sharing.Calendar {
	t.Helper()
	c, _, err := sharing.ParseCalendar(sharing.CalendarParam().Default)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestIsWorkingDay(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name, day string
		want      bool
	}{
		{"ordinary Monday", "2026-03-02 09:00:00", true},
		{"ordinary Saturday", "2026-03-07 09:00:00", false},
		{"New Year's Day, a Thursday", "2026-01-01 09:00:00", false},
		{"make-up working Sunday after New Year (调休)", "2026-01-04 09:00:00", true},
		{"Spring Festival Monday", "2026-02-16 09:00:00", false},
		{"make-up working Saturday before Spring Festival", "2026-02-14 09:00:00", true},
		{"Mid-Autumn Friday", "2026-09-25 09:00:00", false},
		{"make-up working Sunday before National Day", "2026-09-20 09:00:00", true},
		{"a year not listed: weekends only (Friday)", "2031-01-03 09:00:00", true},
		{"a year not listed: weekends only (Saturday)", "2031-01-04 09:00:00", false},
		{"CST day, not UTC: Sunday 23:30 UTC is Monday in CST", "2026-03-02 07:30:00", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.IsWorkingDay(cst(tc.day)); got != tc.want {
				t.Fatalf("IsWorkingDay(%s) = %v, want %v", tc.day, got, tc.want)
			}
		})
	}
	// The same instant seen from UTC: 2026-03-01 (a Sunday) 23:30 UTC.
	if !c.IsWorkingDay(time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC)) {
		t.Fatal("Sunday 23:30 UTC is Monday 07:30 CST, a working day")
	}
}

func TestDeadline(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name, from string
		n          int
		want       string
	}{
		{"one day: the request's day does not count", "2026-03-02 09:00:00", 1, "2026-03-04 00:00:00"},
		{"late on Friday: Monday is the first day", "2026-03-06 23:59:59", 1, "2026-03-10 00:00:00"},
		{"ten days, plain weeks", "2026-03-02 09:00:00", 10, "2026-03-17 00:00:00"},
		// 17, 18, 20 (调休 Sunday), 21, 22, 23, 24, [25–27 Mid-Autumn], 28, 29, 30.
		{"ten days over Mid-Autumn and a 调休 Sunday", "2026-09-16 09:00:00", 10, "2026-10-01 00:00:00"},
		// 2, 3, [4–6 Qingming], 7, 8, 9, 10, 13, 14, 15, 16.
		{"ten days over Qingming", "2026-04-01 16:00:00", 10, "2026-04-17 00:00:00"},
		// [15–23 Spring Festival], 14 is a 调休 Saturday before it.
		{"from a 调休 Saturday into Spring Festival", "2026-02-13 10:00:00", 2, "2026-02-25 00:00:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Deadline(cst(tc.from), tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if want := cst(tc.want); !got.Equal(want) {
				t.Fatalf("Deadline(%s, %d) = %s, want %s", tc.from, tc.n, got.In(module.CST()), want)
			}
		})
	}
	if _, err := c.Deadline(cst("2026-03-02 09:00:00"), 0); err == nil {
		t.Fatal("0 working days accepted")
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := defaultCalendar(t)
	for _, tc := range []struct {
		name, from, to string
		want           int
	}{
		{"same day", "2026-03-02 09:00:00", "2026-03-02 17:00:00", 0},
		{"next day", "2026-03-02 09:00:00", "2026-03-03 08:00:00", 1},
		{"over a weekend", "2026-03-06 09:00:00", "2026-03-09 09:00:00", 1},
		{"over Mid-Autumn and a 调休 day", "2026-09-16 09:00:00", "2026-09-30 23:00:00", 10},
		{"backwards counts nothing", "2026-03-09 09:00:00", "2026-03-02 09:00:00", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := c.WorkingDaysBetween(cst(tc.from), cst(tc.to)); got != tc.want {
				t.Fatalf("got %d, want %d", got, tc.want)
			}
		})
	}
}

func TestParseCalendar(t *testing.T) {
	for _, tc := range []struct {
		name, raw, wantErr, wantCanon string
	}{
		{"canonical: sorted, duplicates dropped", `{"2027":{"holidays":["2027-01-02","2027-01-01","2027-01-01"],"workdays":[]}}`, "",
			`{"2027":{"holidays":["2027-01-01","2027-01-02"],"workdays":[]}}`},
		{"empty", `{}`, "", `{}`},
		{"workday on a weekday", `{"2026":{"holidays":[],"workdays":["2026-03-02"]}}`, "falls on a weekend", ""},
		{"date of another year", `{"2026":{"holidays":["2027-01-01"],"workdays":[]}}`, "is not in 2026", ""},
		{"both lists", `{"2026":{"holidays":["2026-01-04"],"workdays":["2026-01-04"]}}`, "both", ""},
		{"bad year", `{"26":{"holidays":[],"workdays":[]}}`, "must be a year", ""},
		{"bad date", `{"2026":{"holidays":["2026-1-1"],"workdays":[]}}`, "not a date", ""},
		{"unknown field", `{"2026":{"holidays":[],"workdays":[],"x":1}}`, "unknown field", ""},
		{"trailing", `{} {}`, "trailing", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, canon, err := sharing.ParseCalendar([]byte(tc.raw))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(canon) != tc.wantCanon {
				t.Fatalf("canonical %s, want %s", canon, tc.wantCanon)
			}
		})
	}
}
