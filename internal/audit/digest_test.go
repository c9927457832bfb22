package audit

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/evaluation"
)

const hashOther = "5f0c3e1a9b7d2c4e6f8a0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f6"

func cstTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02T15:04", s, module.CST())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// logAt writes one entry at each time (CST) and verifies the file.
func logAt(t *testing.T, times ...string) *VerifyResult {
	t.Helper()
	path := filepath.Join(t.TempDir(), "access.log")
	l := openLog(t, path)
	for i, s := range times {
		at := cstTime(t, s)
		l.Now = func() time.Time { return at.UTC() }
		if _, err := l.Append(Access{Staff: "a1b2", Department: "nrb", Case: fmt.Sprintf("case-%d", i), Purpose: "review"}); err != nil {
			t.Fatal(err)
		}
	}
	l.Close()
	res, err := VerifyFile(path, gm())
	if err != nil || len(res.Problems) > 0 {
		t.Fatalf("verify: %v %v", err, res.Problems)
	}
	return res
}

func digestText(ds []evaluation.PublishAccesses, res *VerifyResult) string {
	var parts []string
	for _, d := range ds {
		head := "-"
		if d.Head != "" {
			head = "h" + fmt.Sprint(d.ToSeq)
			if string(d.Head) != res.Hashes[d.ToSeq] {
				head = "WRONG"
			}
		}
		parts = append(parts, fmt.Sprintf("%s %d..%d %s", d.Month, d.FromSeq, d.ToSeq, head))
	}
	return strings.Join(parts, "; ")
}

// TestPendingDigests: months are cut at midnight CST (30 September 23:00
// CST is 15:00 UTC, still September); a month without accesses is
// published empty; a month not yet over is not published.
func TestPendingDigests(t *testing.T) {
	res := logAt(t, "2026-09-30T23:00", "2026-10-01T00:30", "2026-10-15T10:00", "2026-12-02T09:00")
	sep := &evaluation.AccessMonth{Month: "2026-09", FromSeq: 1, ToSeq: 1, Head: module.Hash(res.Hashes[1])}
	for _, tc := range []struct {
		name string
		last *evaluation.AccessMonth
		now  string
		want string
	}{
		{"nothing published", nil, "2026-11-05T09:00", "2026-09 1..1 h1; 2026-10 2..3 h3"},
		{"after September", sep, "2026-11-05T09:00", "2026-10 2..3 h3"},
		{"October not over", sep, "2026-10-31T23:59", ""},
		{"an empty November", sep, "2027-01-01T00:00", "2026-10 2..3 h3; 2026-11 4..3 h3; 2026-12 4..4 h4"},
		{"a new log", &evaluation.AccessMonth{Month: "2026-09", FromSeq: 1, ToSeq: 9}, "2026-11-01T00:00", "2026-10 1..3 h3"},
		{"a new log, already longer", &evaluation.AccessMonth{Month: "2026-09", FromSeq: 1, ToSeq: 2, Head: hashOther}, "2026-11-01T00:00", "2026-10 1..3 h3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := digestText(PendingDigests(res, tc.last, cstTime(t, tc.now)), res); got != tc.want {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	empty := logAt(t)
	if got := digestText(PendingDigests(empty, nil, cstTime(t, "2026-11-05T09:00")), empty); got != "2026-10 1..0 -" {
		t.Fatalf("empty log: got %q", got)
	}
}

// TestCheckDigests: what the node published is compared with its log.
func TestCheckDigests(t *testing.T) {
	res := logAt(t, "2026-09-30T23:00", "2026-10-01T00:30", "2026-10-15T10:00", "2026-11-02T09:00")
	month := func(m string, from, to uint64, head string) *evaluation.AccessMonth {
		return &evaluation.AccessMonth{Month: m, FromSeq: from, ToSeq: to, Count: to + 1 - from, Head: module.Hash(head), Height: 7}
	}
	for _, tc := range []struct {
		name    string
		digests []*evaluation.AccessMonth
		want    string // a word every problem has; "" for none
		skipped int
	}{
		{"honest", []*evaluation.AccessMonth{month("2026-09", 1, 1, res.Hashes[1]), month("2026-10", 2, 3, res.Hashes[3])}, "", 0},
		{"under-reported", []*evaluation.AccessMonth{month("2026-10", 2, 2, res.Hashes[2])}, "under-reported", 0},
		{"entries changed", []*evaluation.AccessMonth{month("2026-10", 2, 3, res.Hashes[2])}, "changed", 0},
		{"entries removed", []*evaluation.AccessMonth{month("2026-11", 4, 6, res.Hashes[3])}, "removed", 0},
		{"a later month's entry counted", []*evaluation.AccessMonth{month("2026-10", 2, 4, res.Hashes[4])}, "counts entry 4", 0},
		{"before a restart", []*evaluation.AccessMonth{month("2026-08", 1, 50, res.Hashes[1]),
			{Month: "2026-09", FromSeq: 1, ToSeq: 1, Count: 1, Head: module.Hash(res.Hashes[1]), Restart: true}}, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			problems, skipped := CheckDigests(res, tc.digests)
			if skipped != tc.skipped {
				t.Errorf("skipped %d, want %d", skipped, tc.skipped)
			}
			if tc.want == "" && len(problems) > 0 || tc.want != "" && (len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), tc.want)) {
				t.Fatalf("problems %q, want %q", problems, tc.want)
			}
		})
	}
}
