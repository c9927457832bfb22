package module

import (
	"database/sql"
	"time"
)

// Times in the SQLite index have one representation, in every table:
// INTEGER Unix seconds (UTC), and NULL where a time is absent (a task not
// yet closed, an item with no reply). Integers compare and range-filter
// as times without parsing; seconds because the records' times are block
// times and no page or figure needs less than a second. (Until index
// schema 5 some tables held RFC 3339 text and finance held nanoseconds:
// docs/index-times.md.) Calendar dates that are not instants (a
// disclosure's effective date, a payment's date) stay "YYYY-MM-DD" text.

// IndexTime is t as the index stores it: Unix seconds, or nil (NULL) for
// the zero time.
func IndexTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Unix()
}

// TimeFromIndex reads an index time back (UTC); NULL is the zero time.
func TimeFromIndex(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(n.Int64, 0).UTC()
}
