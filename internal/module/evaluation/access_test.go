package evaluation_test

import (
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/tx"
)

// TestPublishAccesses: month by month, only after the month, continuing
// the log where the last digest stopped (or a marked restart at 1), and
// always for the signer's own department.
func TestPublishAccesses(t *testing.T) {
	// 2026-10-31 23:00 CST: October is not over yet.
	c := apptest.New(t, apptest.Options{Start: time.Date(2026, 10, 31, 15, 0, 0, 0, time.UTC)})
	d := func(month string, from, to uint64, head string) evaluation.PublishAccesses {
		return evaluation.PublishAccesses{Month: month, FromSeq: from, ToSeq: to, Head: module.Hash(head)}
	}
	steps := []struct {
		name    string
		advance time.Duration
		who     string
		payload evaluation.PublishAccesses
		want    *errcode.Error // nil: accepted
	}{
		{"month not over", 0, "nrb-admin", d("2026-10", 1, 3, hashA), evaluation.ErrAccessOrder},
		{"head missing", 2 * time.Hour, "nrb-admin", d("2026-10", 1, 3, ""), tx.ErrInvalidPayload},
		{"head on an empty log", 0, "nrb-admin", d("2026-10", 1, 0, hashA), tx.ErrInvalidPayload},
		{"to before from", 0, "nrb-admin", d("2026-10", 5, 3, hashA), tx.ErrInvalidPayload},
		{"bad month", 0, "nrb-admin", d("2026-13", 1, 3, hashA), tx.ErrInvalidPayload},
		{"October", 0, "nrb-admin", d("2026-10", 1, 3, hashA), nil},
		{"October again", 0, "nrb-admin", d("2026-10", 4, 5, hashA), evaluation.ErrAccessOrder},
		{"September after October", 0, "nrb-admin", d("2026-09", 4, 5, hashA), evaluation.ErrAccessOrder},
		{"a gap in the log", 31 * 24 * time.Hour, "nrb-clerk", d("2026-11", 6, 9, hashA), evaluation.ErrAccessOrder},
		{"November continues", 0, "nrb-clerk", d("2026-11", 4, 9, hashA), nil},
		{"another department's own October", 0, "eeb-admin", d("2026-10", 1, 0, ""), nil},
		{"not staff", 0, "gsd-gateway", d("2026-11", 1, 0, ""), tx.ErrRoleNotAllowed},
	}
	for _, s := range steps {
		if s.advance > 0 {
			c.Advance(s.advance)
		}
		r := c.Do(s.who, "evaluation", "publish_accesses", s.payload)
		if s.want == nil {
			if r.Code != 0 {
				t.Fatalf("%s: refused %s/%d %q", s.name, r.Codespace, r.Code, r.Log)
			}
			continue
		}
		t.Run(s.name, func(t *testing.T) { wantCode(t, r, s.want) })
	}
	ms, err := evaluation.AccessMonths(c.State(), "nrb")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 2 || ms[0].Count != 3 || ms[1].Count != 6 || ms[1].Signer != c.Addrs["nrb-clerk"] || ms[1].Restart {
		t.Fatalf("nrb's digests %+v", ms)
	}
	// A new log (the damaged one moved aside) starts again at 1: accepted, marked.
	c.Advance(31 * 24 * time.Hour)
	c.MustDo("nrb-admin", "evaluation", "publish_accesses", d("2026-12", 1, 2, hashA))
	last, err := evaluation.LatestAccessMonth(c.State(), "nrb")
	if err != nil || !last.Restart || last.Month != "2026-12" {
		t.Fatalf("latest %+v %v", last, err)
	}
}
