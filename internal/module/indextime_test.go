package module

import (
	"database/sql"
	"testing"
	"time"
)

func TestIndexTimeRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero is NULL", time.Time{}, time.Time{}},
		{"whole seconds", time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		{"sub-second dropped", time.Date(2026, 3, 2, 9, 0, 0, 999_000_000, time.UTC), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		{"other zone read back as UTC", time.Date(2026, 3, 2, 17, 0, 0, 0, CST()), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := IndexTime(tc.in)
			var n sql.NullInt64
			if v != nil {
				n = sql.NullInt64{Int64: v.(int64), Valid: true}
			}
			if got := TimeFromIndex(n); !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Fatalf("got %v, want %v UTC", got, tc.want)
			}
		})
	}
}
