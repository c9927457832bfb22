// Package datasource is where a department's node reads the data it shares
// (docs/data-sharing.md, "Operator data sources"): a small interface, and
// two implementations to start with, a CSV file and an SQLite table, so the
// city's existing databases can be plugged in later behind the same
// interface. It is off-chain code: nothing here runs in consensus, and what
// it returns never goes on chain (only its hash does, in an access record).
package datasource

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
)

// MaxRows bounds one answer: a grant is for the records a case needs, not
// a bulk export.
const MaxRows = 1000

// Query selects fields of the rows whose KeyField equals KeyValue (all rows
// when KeyField is empty), at most Limit (MaxRows when 0 or above).
type Query struct {
	Fields   []string
	KeyField string
	KeyValue string
	Limit    int
}

// Result is rows of values as text, in the order of Fields; rows in the
// source's order.
type Result struct {
	Fields []string   `json:"fields"`
	Rows   [][]string `json:"rows"`
}

// Canonical is the bytes that are delivered and hashed: compact JSON of the
// result, so the owner's and the requester's hash of the same rows agree.
func (r *Result) Canonical() ([]byte, error) {
	if r.Rows == nil {
		r.Rows = [][]string{}
	}
	return json.Marshal(r)
}

// Source is one data resource's storage as its owner's node reads it.
type Source interface {
	Query(ctx context.Context, q Query) (*Result, error)
	Close() error
}

// ErrNoField says a query names a field the source does not have.
var ErrNoField = errors.New("the source has no such field")

var identPattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)

func (q Query) check() (int, error) {
	if len(q.Fields) == 0 {
		return 0, fmt.Errorf("datasource: query names no field")
	}
	for _, f := range append(append([]string(nil), q.Fields...), q.KeyField) {
		if f != "" && !identPattern.MatchString(f) {
			return 0, fmt.Errorf("datasource: field %q must match %s", f, identPattern)
		}
	}
	limit := q.Limit
	if limit <= 0 || limit > MaxRows {
		limit = MaxRows
	}
	return limit, nil
}

// Config is one resource's source in the node's sources file.
type Config struct {
	// Kind is "csv" or "sqlite".
	Kind string `json:"kind"`
	// Path is the CSV file or the SQLite database file.
	Path string `json:"path"`
	// Table is the SQLite table (or view); unused for CSV.
	Table string `json:"table,omitempty"`
}

// Open opens a configured source.
func Open(c Config) (Source, error) {
	switch c.Kind {
	case "csv":
		return OpenCSV(c.Path)
	case "sqlite":
		return OpenSQLite(c.Path, c.Table)
	}
	return nil, fmt.Errorf("datasource: kind %q must be csv or sqlite", c.Kind)
}
