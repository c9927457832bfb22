package node

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/module/evaluation"
)

// publishAccessDigests publishes the monthly digests of the access log
// (evaluation/publish_accesses) for the months that ended since the
// department's newest digest on chain. It reads the log only when a month
// has ended since then, so the anchoring loop stays cheap. now is the
// wall clock: publishing a little early is refused by the chain (block
// time decides) and retried at the next interval.
func (n *Node) publishAccessDigests(ctx context.Context, now time.Time, send sendFunc) error {
	if n.AccessLog == nil || n.AccessLog.Damaged() != nil {
		return nil // a damaged log is not digested; `govchain audit` reports it
	}
	last, err := evaluation.LatestAccessMonth(n.Store.Committed(), n.Config.Department)
	switch {
	case errors.Is(err, evaluation.ErrAccessMissing):
		last = nil
	case err != nil:
		return err
	default:
		end, err := evaluation.MonthEnd(last.Month)
		if err != nil {
			return err
		}
		if next := end.AddDate(0, 1, 0); now.Before(next) {
			return nil // the month after the newest digest is not over
		}
	}
	res, err := audit.VerifyFile(n.AccessLog.Path(), n.App.Suite())
	if err != nil {
		return err
	}
	for _, d := range audit.PendingDigests(res, last, now) {
		payload, err := json.Marshal(d)
		if err != nil {
			return err
		}
		if err := send(ctx, "evaluation", "publish_accesses", payload); err != nil {
			return err
		}
		n.log.Info("access log digest published", "month", d.Month, "accesses", d.Count(), "to_seq", d.ToSeq)
	}
	return nil
}
