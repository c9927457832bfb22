package feedback

import (
	"database/sql"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"github.com/pingshan/govchain/internal/module"
)

// sqlExec is module.IndexExec over a plain database (no block store).
type sqlExec struct{ db *sql.DB }

func (e sqlExec) Exec(q string, args ...any) (sql.Result, error) { return e.db.Exec(q, args...) }
func (sqlExec) Tx(int64, uint32) ([]byte, error)                 { return nil, module.ErrNoTx }

// TestIndexKeepsFirstReply: an item answered twice keeps both times; the
// evaluation measures reply time to the first (a follow-up answer must not
// make the department look slower).
func TestIndexKeepsFirstReply(t *testing.T) {
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range (IndexHandler{}).Schema() {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 10, 16, 1, 0, 0, 0, time.UTC)
	it := Item{Receipt: "FB1", Kind: KindSuggestion, Department: "nrb", Status: "replied", Height: 3, Time: t0,
		Replies: []Reply{{Text: "a", Time: t0.Add(2 * time.Hour)}, {Text: "b", Time: t0.Add(200 * time.Hour)}}}
	v, err := module.MarshalState(&it)
	if err != nil {
		t.Fatal(err)
	}
	if err := (IndexHandler{}).Apply(sqlExec{db}, 3, []byte(itemPrefix+"FB1"), v, false); err != nil {
		t.Fatal(err)
	}
	var first, last int64
	if err := db.QueryRow(`SELECT first_reply, last_reply FROM feedback_items WHERE receipt = 'FB1'`).Scan(&first, &last); err != nil {
		t.Fatal(err)
	}
	if want1, want2 := t0.Add(2*time.Hour).Unix(), t0.Add(200*time.Hour).Unix(); first != want1 || last != want2 {
		t.Fatalf("first_reply %d, last_reply %d; want %d, %d (module.IndexTime)", first, last, want1, want2)
	}
}
