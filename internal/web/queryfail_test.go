package web

import (
	"strings"
	"testing"
)

// TestQueryFailedShowsErrorState: when the index cannot answer, the
// finance approvals queue and the land work queue say so instead of
// "nothing is waiting" — an empty queue would tell the approver there is
// nothing to approve.
func TestQueryFailedShowsErrorState(t *testing.T) {
	e := newEnv(t, Options{})
	director, clerk := e.staff("fin-director"), e.staff("nrb-clerk")
	failed, empty := T("zh", "err.query_failed"), T("zh", "queue.empty")
	pages := []struct {
		b     *browser
		path  string
		table string
	}{
		{director, "/staff/finance", "fin_payments"},
		{clerk, "/staff/cases", "wf_steps"},
	}
	for _, pg := range pages {
		if r := pg.b.get(pg.path); r.Status != 200 || strings.Contains(r.Body, failed) {
			t.Fatalf("%s before the failure: %d, error state shown", pg.path, r.Status)
		}
	}
	// Renaming the table makes every read of it fail, as a broken index
	// would; it is renamed back so the node stops cleanly.
	db := e.n.Index.DB()
	for _, pg := range pages {
		if _, err := db.Exec(`ALTER TABLE ` + pg.table + ` RENAME TO ` + pg.table + `_gone`); err != nil {
			t.Fatal(err)
		}
		defer func() {
			if _, err := db.Exec(`ALTER TABLE ` + pg.table + `_gone RENAME TO ` + pg.table); err != nil {
				t.Error(err)
			}
		}()
	}
	for _, pg := range pages {
		r := pg.b.get(pg.path)
		if r.Status != 200 || !strings.Contains(r.Body, failed) {
			t.Errorf("%s with the index failing: %d, no error state", pg.path, r.Status)
		}
		if strings.Contains(r.Body, empty) {
			t.Errorf("%s with the index failing says the queue is empty", pg.path)
		}
	}
}
