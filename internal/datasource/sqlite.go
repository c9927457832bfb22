package datasource

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// SQLite is a source read from a table (or view) of an SQLite database,
// opened read-only: the node never writes to an operator's database.
type SQLite struct {
	db    *sql.DB
	table string
	cols  map[string]bool
}

// OpenSQLite opens path read-only and reads the table's columns.
func OpenSQLite(path, table string) (*SQLite, error) {
	if !identPattern.MatchString(table) {
		return nil, fmt.Errorf("datasource: table %q must match %s", table, identPattern)
	}
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return nil, fmt.Errorf("datasource: %w", err)
	}
	// The table name is checked against identPattern above, so quoting it
	// is enough; values are always bound parameters.
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?)`, table)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("datasource: %s: %w", path, err)
	}
	defer rows.Close()
	s := &SQLite{db: db, table: table, cols: map[string]bool{}}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			db.Close()
			return nil, err
		}
		s.cols[name] = true
	}
	if err := rows.Err(); err != nil {
		db.Close()
		return nil, err
	}
	if len(s.cols) == 0 {
		db.Close()
		return nil, fmt.Errorf("datasource: %s has no table %q", path, table)
	}
	return s, nil
}

// Query implements Source. Values are read as text (CAST … AS TEXT); NULL
// reads as "".
func (s *SQLite) Query(ctx context.Context, q Query) (*Result, error) {
	limit, err := q.check()
	if err != nil {
		return nil, err
	}
	sel := make([]string, len(q.Fields))
	for i, f := range q.Fields {
		if !s.cols[f] {
			return nil, fmt.Errorf("%w: %q", ErrNoField, f)
		}
		sel[i] = `COALESCE(CAST("` + f + `" AS TEXT), '')`
	}
	stmt := `SELECT ` + strings.Join(sel, ", ") + ` FROM "` + s.table + `"`
	args := []any{}
	if q.KeyField != "" {
		if !s.cols[q.KeyField] {
			return nil, fmt.Errorf("%w: %q", ErrNoField, q.KeyField)
		}
		stmt += ` WHERE "` + q.KeyField + `" = ?`
		args = append(args, q.KeyValue)
	}
	stmt += ` LIMIT ?` // no ORDER BY rowid: a view has no rowid
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("datasource: %w", err)
	}
	defer rows.Close()
	res := &Result{Fields: q.Fields, Rows: [][]string{}}
	for rows.Next() {
		row := make([]string, len(q.Fields))
		ptrs := make([]any, len(row))
		for i := range row {
			ptrs[i] = &row[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, row)
	}
	return res, rows.Err()
}

// Close implements Source.
func (s *SQLite) Close() error { return s.db.Close() }
