package sharingweb

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/web/site"
)

// sharingFigures: the home page's count of materials citizens were spared
// through data sharing (减材料), from committed state.
func sharingFigures(p *Portal, r *http.Request) []site.Figure {
	ms, err := sharing.Materials(p.n.Store.Committed())
	if err != nil {
		p.log.Warn("sharing figures", "err", err)
		return nil
	}
	return []site.Figure{{Label: "fig.sharing_saved", Value: strconv.Itoa(len(ms))}}
}

// sharingQueue: requests waiting for the member's department's answer and,
// for the data bureau's admin, requests waiting for its decision.
func sharingQueue(p *Portal, r *http.Request, s *site.Session) []site.QueueItem {
	if !s.HasRole(module.RoleAdmin) && !s.HasRole(module.RoleReviewer) {
		return nil
	}
	reqs, err := sharing.Requests(p.n.Store.Committed())
	if err != nil {
		p.log.Warn("sharing queue", "err", err)
		return nil
	}
	bureau, _ := sharingBureau(p)
	now := p.BlockTime()
	lang := site.LangOf(r)
	var out []site.QueueItem
	for _, q := range reqs {
		title := fmt.Sprintf("%s · %s · %s", p.T(lang, "ssh.request_no", q.ID), q.Resource, p.DeptName(lang, q.Requester))
		switch {
		case q.Owner == s.Department && q.State == sharing.StatePending:
			out = append(out, site.QueueItem{Kind: "queue.kind_sharing", Title: title, Link: "/staff/sharing#in-" + strconv.FormatUint(q.ID, 10),
				Due: *q.Deadline, Overdue: !now.Before(*q.Deadline), Opened: q.Created})
		case q.State == sharing.StateArbitration && s.Department == bureau && s.HasRole(module.RoleAdmin):
			it := site.QueueItem{Kind: "queue.kind_sharing_arb", Title: title, Link: "/staff/sharing#arb-" + strconv.FormatUint(q.ID, 10),
				Overdue: q.ArbitrationOverdue, Opened: q.Created}
			if q.ArbitrationDeadline != nil {
				it.Due = *q.ArbitrationDeadline
			}
			out = append(out, it)
		}
	}
	return out
}
