package audit

import (
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/evaluation"
)

// Monthly digests (evaluation/publish_accesses) carry the access count
// into the evaluation without the log leaving the node. A month's
// segment is cut by one rule, used both to publish and to check: walking
// the log in sequence order, the month ends before the first entry whose
// time (CST) is at or after the month's end. A node that published fewer
// entries than its log holds for a month is caught by CheckDigests; one
// that edits or drops entries after publishing is caught by the head hash.

// nextMonth is the YYYY-MM after m.
func nextMonth(m string) string {
	end, err := evaluation.MonthEnd(m)
	if err != nil {
		return ""
	}
	return end.In(module.CST()).Format("2006-01")
}

func monthOf(t time.Time) string { return t.In(module.CST()).Format("2006-01") }

// PendingDigests are the digests of the months that ended by now and
// follow last (the department's newest digest on chain; nil for none),
// in order, ready to publish. A log that does not hold last's head entry
// (shorter, or another entry at that place) is a new log the node started:
// its digests start again at entry 1.
func PendingDigests(res *VerifyResult, last *evaluation.AccessMonth, now time.Time) []evaluation.PublishAccesses {
	seq, month := uint64(1), ""
	switch {
	case last != nil && last.ToSeq <= res.Head.Seq && (last.ToSeq == 0 || res.Hashes[last.ToSeq] == string(last.Head)):
		seq, month = last.ToSeq+1, nextMonth(last.Month)
	case last != nil: // a new log
		month = nextMonth(last.Month)
	case res.Head.Seq > 0:
		month = monthOf(res.Times[1])
	default: // nothing logged, nothing published: say so for last month
		month = monthOf(now.In(module.CST()).AddDate(0, -1, 0))
	}
	var out []evaluation.PublishAccesses
	for month != "" {
		end, err := evaluation.MonthEnd(month)
		if err != nil || end.After(now) {
			break
		}
		from := seq
		for seq <= res.Head.Seq && res.Times[seq].Before(end) {
			seq++
		}
		d := evaluation.PublishAccesses{Month: month, FromSeq: from, ToSeq: seq - 1}
		if d.ToSeq > 0 {
			d.Head = module.Hash(res.Hashes[d.ToSeq])
		}
		out = append(out, d)
		month = nextMonth(month)
	}
	return out
}

// CheckDigests compares a verified log with its department's published
// digests (oldest first). Digests before the last restart describe an
// earlier log and are skipped (their count: skipped).
func CheckDigests(res *VerifyResult, digests []*evaluation.AccessMonth) (problems []string, skipped int) {
	start := 0
	for i, d := range digests {
		if d.Restart {
			start = i
		}
	}
	for _, d := range digests[start:] {
		end, err := evaluation.MonthEnd(d.Month)
		if err != nil {
			problems = append(problems, fmt.Sprintf("digest of %s: %v", d.Month, err))
			continue
		}
		if d.ToSeq > 0 {
			got, ok := res.Hashes[d.ToSeq]
			switch {
			case !ok:
				problems = append(problems, fmt.Sprintf("the digest of %s (height %d) ends at entry %d, which is missing from the log (log ends at %d: entries removed)",
					d.Month, d.Height, d.ToSeq, res.Head.Seq))
				continue
			case got != string(d.Head):
				problems = append(problems, fmt.Sprintf("entry %d hashes to %s, the digest of %s (height %d) says %s (entries changed)",
					d.ToSeq, short(got), d.Month, d.Height, short(string(d.Head))))
			}
		}
		for s := d.FromSeq; s <= d.ToSeq; s++ {
			if t, ok := res.Times[s]; ok && !t.Before(end) {
				problems = append(problems, fmt.Sprintf("the digest of %s counts entry %d of %s", d.Month, s, monthOf(t)))
				break
			}
		}
		if t, ok := res.Times[d.ToSeq+1]; ok && t.Before(end) {
			n := uint64(0)
			for s := d.ToSeq + 1; s <= res.Head.Seq && res.Times[s].Before(end); s++ {
				n++
			}
			problems = append(problems, fmt.Sprintf("the digest of %s (height %d) reports %d accesses; the log holds %d more of that month from entry %d (under-reported)",
				d.Month, d.Height, d.Count, n, d.ToSeq+1))
		}
	}
	return problems, start
}
