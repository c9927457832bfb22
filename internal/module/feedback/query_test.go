package feedback

import (
	"context"
	"database/sql"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/pingshan/govchain/internal/module"
)

// TestCounts: the home page's feedback figures (items, tasks closed of
// opened, ratings by level) come from the index rows IndexHandler writes;
// a level nobody gave still counts 0 and a failed read says so.
func TestCounts(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one in-memory database, not one per connection
	for _, s := range (IndexHandler{}).Schema() {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 10, 16, 1, 0, 0, 0, time.UTC)
	put := func(key string, v any) {
		t.Helper()
		b, err := module.MarshalState(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := (IndexHandler{}).Apply(sqlExec{db}, 3, []byte(key), b, false); err != nil {
			t.Fatal(err)
		}
	}
	for _, it := range []Item{
		{Receipt: "JY1", Kind: KindSuggestion, Department: "nrb", Status: StatusOpen, Time: t0},
		{Receipt: "PJ1", Kind: KindRating, Department: "nrb", CaseNo: "C1", Level: Dissatisfied, Status: StatusOpen, Time: t0},
		{Receipt: "PJ2", Kind: KindRating, Department: "nrb", CaseNo: "C2", Level: Dissatisfied, Status: StatusOpen, Time: t0},
		{Receipt: "PJ3", Kind: KindRating, Department: "nrb", CaseNo: "C3", Level: VerySatisfied, Status: StatusOpen, Time: t0},
	} {
		put(itemPrefix+it.Receipt, &it)
	}
	for _, tk := range []Task{
		{ID: "T1", Receipt: "PJ1", Department: "nrb", Level: Dissatisfied, Status: TaskClosed, Opened: t0, Deadline: t0},
		{ID: "T2", Receipt: "PJ2", Department: "nrb", Level: Dissatisfied, Status: TaskOpen, Opened: t0, Deadline: t0},
	} {
		put(taskPrefix+tk.ID, &tk)
	}
	ctx := context.Background()
	c, err := CountAll(ctx, db)
	if want := (Counts{Items: 4, Tasks: 2, TasksClosed: 1}); err != nil || c != want {
		t.Errorf("CountAll = %+v, %v; want %+v", c, err, want)
	}
	byLevel, err := RatingsByLevel(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		level string
		want  int
	}{{VerySatisfied, 1}, {Satisfied, 0}, {Basic, 0}, {Dissatisfied, 2}, {VeryDissatisfied, 0}} {
		if n, ok := byLevel[tc.level]; !ok || n != tc.want {
			t.Errorf("RatingsByLevel[%s] = %d (present %v), want %d", tc.level, n, ok, tc.want)
		}
	}
	if len(byLevel) != len(Levels()) {
		t.Errorf("RatingsByLevel has %d levels, want %d", len(byLevel), len(Levels()))
	}
	db.Close()
	if _, err := CountAll(ctx, db); err == nil {
		t.Error("CountAll on a closed database: no error")
	}
	if m, err := RatingsByLevel(ctx, db); err == nil || len(m) != len(Levels()) {
		t.Errorf("RatingsByLevel on a closed database: %v, %v (want an error and every level at 0)", m, err)
	}
}
