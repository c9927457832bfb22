package feedbackweb

import (
	"net/http"

	"github.com/pingshan/govchain/internal/web/site"
)

// queue is the feedback area's part of "My queue": the department's open
// rectification tasks (with their deadlines) and its unanswered
// suggestions and complaints. The core sorts the whole queue.
func (p *Portal) queue(r *http.Request, s *site.Session) []site.QueueItem {
	ctx := r.Context()
	var items []site.QueueItem
	tasks, err := p.tasks(ctx, s.Department, "open", 200)
	if err != nil {
		p.log.Warn("queue tasks", "err", err)
	}
	for _, t := range tasks {
		items = append(items, site.QueueItem{Kind: "queue.kind_task", Title: t.ID + " · " + t.CaseNo, Link: "/staff/feedback/" + t.Receipt,
			Due: t.Deadline, Overdue: t.Overdue, Opened: t.Opened})
	}
	open, err := p.items(ctx, s.Department, "", "open", 200)
	if err != nil {
		p.log.Warn("queue items", "err", err)
	}
	for _, it := range open {
		if it.Kind == "rating" {
			continue // a rating needs no reply; a poor one has its task
		}
		items = append(items, site.QueueItem{Kind: "kind." + it.Kind, Title: it.Receipt + " · " + it.Subject, Link: "/staff/feedback/" + it.Receipt, Opened: it.Time})
	}
	return items
}
