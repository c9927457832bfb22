package disclosure_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/disclosure"
)

// execDB is an index.Exec over a plain database (no block store).
type execDB struct{ db *sql.DB }

func (e execDB) Exec(q string, args ...any) (sql.Result, error) { return e.db.Exec(q, args...) }
func (execDB) Tx(int64, uint32) ([]byte, error)                 { return nil, module.ErrNoTx }

// TestLatestOrderAndLimits: the list's order is time then number, newest
// first, with many documents sharing a block time (the (time, number)
// index serves it without sorting), only each document's latest version,
// and limits cut it exactly, inside a group of one time too; filters
// select the same rows as filtering the whole list.
func TestLatestOrderAndLimits(t *testing.T) {
	ctx := context.Background()
	ix, err := index.Open(filepath.Join(t.TempDir(), "ix.db"), disclosure.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	db := ix.DB()
	h := disclosure.IndexHandler{}
	base := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	depts := []string{"nrb", "gov", "fin"}
	cats := disclosure.Categories()
	type doc struct {
		number, dept, cat string
		version           int
		time              time.Time
	}
	var latest []doc
	for i := range 40 {
		d := disclosure.Document{Number: fmt.Sprintf("%s-2026-%04d", depts[i%3], i), Version: 1, Department: depts[i%3],
			Title: fmt.Sprint("doc ", i), Category: cats[i%len(cats)], EffectiveDate: "2026-03-01",
			Height: int64(1 + i/15), Time: base.Add(time.Duration(i/15) * time.Minute), TxHash: fmt.Sprintf("%064x", i)}
		versions := 1 + i%4/3 // every fourth document amended once, a block later
		for v := 1; v <= versions; v++ {
			d.Version = v
			if v == 2 {
				d.Time, d.Height, d.Title = d.Time.Add(time.Minute), d.Height+1, d.Title+" (amended)"
				d.TxHash = fmt.Sprintf("%063xa", i)
			}
			b, err := module.MarshalState(&d)
			if err != nil {
				t.Fatal(err)
			}
			if err := h.Apply(execDB{db}, d.Height, disclosure.VersionKey(d.Number, v), b, false); err != nil {
				t.Fatal(err)
			}
		}
		latest = append(latest, doc{d.Number, d.Department, d.Category, d.Version, d.Time})
	}
	slices.SortFunc(latest, func(a, b doc) int {
		if c := b.time.Compare(a.time); c != 0 {
			return c
		}
		return -compare(a.number, b.number)
	})
	want := func(dept, cat string, limit int) []string {
		var out []string
		for _, d := range latest {
			if (dept == "" || d.dept == dept) && (cat == "" || d.cat == cat) && len(out) < limit {
				out = append(out, fmt.Sprintf("%s v%d", d.number, d.version))
			}
		}
		return out
	}
	tests := []struct {
		dept, cat string
		limit     int
	}{
		{"", "", 100}, {"", "", 40}, {"", "", 39}, {"", "", 1}, {"", "", 12}, {"", "", 20},
		{"nrb", "", 100}, {"nrb", "", 5}, {"", cats[0], 100}, {"gov", cats[1], 100}, {"gov", cats[1], 2}, {"nosuch", "", 10},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s/%s/%d", tc.dept, tc.cat, tc.limit), func(t *testing.T) {
			rows, err := disclosure.Latest(ctx, db, tc.dept, tc.cat, "", tc.limit)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, fmt.Sprintf("%s v%d", r.Number, r.Version))
			}
			if w := want(tc.dept, tc.cat, tc.limit); !slices.Equal(got, w) {
				t.Fatalf("got %v\nwant %v", got, w)
			}
		})
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
