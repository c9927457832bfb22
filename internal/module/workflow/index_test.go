package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module/workflow"
)

func TestIndex(t *testing.T) {
	c := newChain(t, "gm")
	start := c.Now()
	late, _ := open(t, c, 5000)         // stays at acceptance until it is overdue
	inNotice, _ := toNotice(t, c, 5000) // in public notice, with one objection
	c.MustDo("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: inNotice, Text: "请说明日照影响"})
	approved, _ := toDecision(t, c, 5000) // the notice took 7 days
	mustAct(t, c, "nrb-approver", approved, "decision", workflow.ActApprove)
	mustAct(t, c, "nrb-clerk", approved, "issue", workflow.ActIssueDocument, "land_use_permit")
	rejected, _ := open(t, c, 5000)
	mustAct(t, c, "nrb-clerk", rejected, "accept", workflow.ActReject)
	atReview, _ := toReview(t, c, 5000)
	mustAct(t, c, "eeb-reviewer", atReview, "review", workflow.ActApprove, "environmental_opinion")
	now := c.Now()

	ix, err := index.Open(":memory:", workflow.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	db := ix.DB()

	q, err := workflow.Queue(db, "nrb", now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{late: "accept", inNotice: "notice", atReview: "review"}
	if len(q) != len(want) {
		t.Fatalf("nrb queue %+v", q)
	}
	for _, w := range q {
		if want[w.Case] != w.Step || w.Department != "nrb" {
			t.Fatalf("nrb queue item %+v", w)
		}
	}
	if q, _ := workflow.Queue(db, "eeb", now); len(q) != 0 {
		t.Fatalf("eeb has approved its part: %+v", q)
	}
	if q, _ := workflow.Queue(db, "hub", now); len(q) != 1 || q[0].Case != atReview {
		t.Fatalf("hub queue %+v", q)
	}

	// The acceptance of `late` was due 5 days after it opened; 7 have passed.
	od, err := workflow.Overdue(db, now)
	if err != nil || len(od) != 1 || od[0].Case != late || !od[0].Overdue || !od[0].Deadline.Equal(start.Add(5*24*time.Hour)) {
		t.Fatalf("overdue %+v %v", od, err)
	}
	if od, _ := workflow.Overdue(db, now.Add(21*24*time.Hour)); len(od) != 4 {
		t.Fatalf("three weeks on, every open piece of work is overdue: %+v", od)
	}

	n, err := workflow.InNotice(db)
	if err != nil || len(n) != 1 || n[0].Case != inNotice || n[0].OpenObjections != 1 || n[0].Fields["area_m2"].Num != 5000 {
		t.Fatalf("in notice %+v %v", n, err)
	}

	d, err := workflow.Decisions(db, "land-use", 10)
	if err != nil || len(d) != 2 || d[0].Case != rejected || d[0].Outcome != "rejected" || d[1].Case != approved || d[1].Outcome != "approved" {
		t.Fatalf("decisions %+v %v", d, err)
	}
	if d, _ := workflow.Decisions(db, "land-use", 1); len(d) != 1 {
		t.Fatalf("limit: %d", len(d))
	}
	if d, err := workflow.Decisions(db, "other-process", 10); err != nil || len(d) != 0 {
		t.Fatalf("decisions of another process: %+v %v", d, err)
	}
	// The per-block lists read their partial indexes, not the whole table,
	// in order (no sort of every row).
	for q, idx := range map[string]string{
		`SELECT number FROM wf_cases INDEXED BY wf_cases_closed WHERE status = 'closed' AND definition = 'land-use' ORDER BY closed_at DESC, number DESC LIMIT 10`: "wf_cases_closed",
		`SELECT number FROM wf_cases INDEXED BY wf_cases_notice WHERE status = 'open' AND notice_ends IS NOT NULL ORDER BY notice_ends, number`:                    "wf_cases_notice",
	} {
		var plan []string
		rows, err := db.Query(`EXPLAIN QUERY PLAN ` + q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id, parent, unused int
			var detail string
			if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		if p := strings.Join(plan, "; "); !strings.Contains(p, "INDEX "+idx) || strings.Contains(p, "TEMP B-TREE") {
			t.Errorf("%s\nplan: %s (want %s, no sort)", q, p, idx)
		}
	}

	st, err := workflow.Stats(db)
	if err != nil {
		t.Fatal(err)
	}
	if st.Cases != 5 || st.Open != 3 || st.Closed != 2 || st.Approved != 1 || st.Rejected != 1 || st.AvgProcessingDays < 3.5 || st.StepsLate != 0 {
		t.Fatalf("stats %+v", st)
	}

	// A rebuild from the state alone gives the same answers.
	if err := ix.Rebuild(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	st2, _ := workflow.Stats(db)
	if *st2 != *st {
		t.Fatalf("rebuild: %+v vs %+v", st2, st)
	}
	var leaked int
	if err := db.QueryRow(`SELECT COUNT(*) FROM wf_cases WHERE fields LIKE ? OR fields LIKE ?`, "%"+applicant.Name+"%", "%"+applicant.IDNumber+"%").Scan(&leaked); err != nil || leaked != 0 {
		t.Fatalf("personal data in the index: %d %v", leaked, err)
	}
}
