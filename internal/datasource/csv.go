package datasource

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"slices"
)

// CSV is a source read from a CSV file with a header row of field names.
// The file is read on each query, so an operator's export replaced in
// place is served from the next query on.
type CSV struct{ path string }

// OpenCSV checks the file has a header of valid field names.
func OpenCSV(path string) (*CSV, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasource: %w", err)
	}
	defer f.Close()
	header, err := csv.NewReader(f).Read()
	if err != nil {
		return nil, fmt.Errorf("datasource: %s: header: %w", path, err)
	}
	for i, h := range header {
		if !identPattern.MatchString(h) {
			return nil, fmt.Errorf("datasource: %s: column %d %q must match %s", path, i+1, h, identPattern)
		}
		if slices.Contains(header[:i], h) {
			return nil, fmt.Errorf("datasource: %s: column %q twice", path, h)
		}
	}
	return &CSV{path: path}, nil
}

// Query implements Source.
func (c *CSV) Query(ctx context.Context, q Query) (*Result, error) {
	limit, err := q.check()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(c.path)
	if err != nil {
		return nil, fmt.Errorf("datasource: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("datasource: %s: header: %w", c.path, err)
	}
	col := func(name string) (int, error) {
		i := slices.Index(header, name)
		if i < 0 {
			return 0, fmt.Errorf("%w: %q", ErrNoField, name)
		}
		return i, nil
	}
	idx := make([]int, len(q.Fields))
	for i, name := range q.Fields {
		if idx[i], err = col(name); err != nil {
			return nil, err
		}
	}
	key := -1
	if q.KeyField != "" {
		if key, err = col(q.KeyField); err != nil {
			return nil, err
		}
	}
	res := &Result{Fields: q.Fields, Rows: [][]string{}}
	for len(res.Rows) < limit {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("datasource: %s: %w", c.path, err)
		}
		if key >= 0 && rec[key] != q.KeyValue {
			continue
		}
		row := make([]string, len(idx))
		for i, j := range idx {
			row[i] = rec[j]
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}

// Close implements Source.
func (c *CSV) Close() error { return nil }
