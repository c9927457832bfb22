package participation_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/participation"
)

// TestIndexCounts: the counts the evaluation reads, by department and
// period, against a hand-made transcript.
func TestIndexCounts(t *testing.T) {
	c := newChain(t)
	t0 := c.Now()
	nrb := announce(t, c, "nrb-clerk", 10, t0.Add(72*time.Hour))
	var receipts []string
	for _, code := range []string{"a", "b", "c"} {
		receipts = append(receipts, apptest.Event(c.MustDo("gsd-gateway", "participation", "signup", participation.SignUp{Activity: nrb,
			Contact: sealFor(t, c, "nrb"), CancelHash: hexHash(c, code)}), "participation.signed_up", "receipt"))
	}
	c.MustDo("gsd-gateway", "participation", "signup_cancel", participation.CancelSignup{Receipt: receipts[1], CancelCode: "b"})
	mid := c.Now().Add(time.Second).Unix()
	c.Advance(24 * time.Hour)
	eeb := announce(t, c, "eeb-admin", 10, t0.Add(72*time.Hour))
	c.MustDo("gsd-gateway", "participation", "signup", participation.SignUp{Activity: eeb, Contact: sealFor(t, c, "eeb"), CancelHash: hexHash(c, "d")})
	c.Advance(72 * time.Hour)
	c.MustDo("nrb-clerk", "participation", "attendance", participation.Attendance{Activity: nrb, Receipts: []string{receipts[0]}})
	for _, no := range []string{"C-1", "C-2"} {
		addCase(c, "nrb-clerk", no, "completed")
		r := c.MustDo("gsd-gateway", "feedback", "rate", feedback.Rate{CaseNo: no, Level: feedback.Dissatisfied, RatingToken: tokenFor(c.Suite, accessCode(no))})
		task := apptest.Event(r, "feedback.task_opened", "task")
		c.MustDo("nrb-clerk", "feedback", "close_task", feedback.CloseTask{Task: task, Text: "已整改"})
		answer := participation.Solved
		if no == "C-2" {
			answer = participation.NotSolved
		}
		c.MustDo("gsd-gateway", "participation", "return_visit", participation.ReturnVisit{Task: task, RatingToken: tokenFor(c.Suite, accessCode(no)), Answer: answer})
	}
	c.MustDo("nrb-clerk", "participation", "story_publish", story("C-1"))

	ix, err := index.Open(filepath.Join(t.TempDir(), "index.db"), participation.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	if err := ix.Sync(ctx, c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	db := ix.DB()
	all, end := t0.Unix(), c.Now().Add(time.Hour).Unix()
	counts := []struct {
		name     string
		dept     string
		from, to int64
		want     int64
	}{
		{"all departments, whole time", "", all, end, 3}, // 4 sign-ups, 1 cancelled
		{"nrb", "nrb", all, end, 2},
		{"eeb", "eeb", all, end, 1},
		{"first day only", "", all, mid, 2},
		{"after the first day", "", mid, end, 1},
		{"unknown department", "hub", all, end, 0},
	}
	for _, tc := range counts {
		t.Run(tc.name, func(t *testing.T) {
			got, err := participation.CountSignups(ctx, db, tc.dept, tc.from, tc.to)
			if err != nil || got != tc.want {
				t.Fatalf("CountSignups(%q) = %d, %v; want %d", tc.dept, got, err, tc.want)
			}
		})
	}
	if n, err := participation.CountAttended(ctx, db, "nrb", all, end); err != nil || n != 1 {
		t.Fatalf("attended %d %v", n, err)
	}
	solved, notSolved, err := participation.CountReturnVisits(ctx, db, "nrb", all, end)
	if err != nil || solved != 1 || notSolved != 1 {
		t.Fatalf("return visits %d/%d %v; want 1/1", solved, notSolved, err)
	}
	if s, ns, _ := participation.CountReturnVisits(ctx, db, "eeb", all, end); s != 0 || ns != 0 {
		t.Fatalf("eeb visits %d/%d", s, ns)
	}
	if n, err := participation.CountStories(ctx, db, "", all, end); err != nil || n != 1 {
		t.Fatalf("stories %d %v", n, err)
	}
	rows, err := participation.PublishedStories(ctx, db, 10)
	if err != nil || len(rows) != 1 || rows[0].CaseNo != "C-1" {
		t.Fatalf("published %+v %v", rows, err)
	}
}
