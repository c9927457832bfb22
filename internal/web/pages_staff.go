package web

import (
	"net/http"
	"sort"
	"time"
)

func (p *Portal) staffRoutes() {
	p.Staff("GET /staff", p.queue)
}

type queuePage struct {
	Items []QueueItem
}

// queue is "My queue": the member's department's pending work, overdue
// first, then by deadline, then oldest first.
func (p *Portal) queue(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	var items []QueueItem
	now := p.now()
	tasks, err := p.tasks(ctx, s.Department, "open", 200)
	if err != nil {
		p.log.Warn("queue tasks", "err", err)
	}
	for _, t := range tasks {
		items = append(items, QueueItem{Kind: "queue.kind_task", Title: t.ID + " · " + t.CaseNo, Link: "/staff/feedback/" + t.Receipt,
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
		items = append(items, QueueItem{Kind: "kind." + it.Kind, Title: it.Receipt + " · " + it.Subject, Link: "/staff/feedback/" + it.Receipt, Opened: it.Time})
	}
	for _, e := range p.exts {
		if e.Queue != nil {
			items = append(items, e.Queue(p, r, s)...)
		}
	}
	sortQueue(items, now)
	p.Render(w, r, Page{Template: "staff_queue.html", Title: "queue.title", Active: "queue", Data: queuePage{Items: items}})
}

func sortQueue(items []QueueItem, now time.Time) {
	for i := range items {
		if !items[i].Due.IsZero() && now.After(items[i].Due) {
			items[i].Overdue = true
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.Overdue != b.Overdue {
			return a.Overdue
		}
		if a.Due.IsZero() != b.Due.IsZero() {
			return !a.Due.IsZero()
		}
		if !a.Due.Equal(b.Due) {
			return a.Due.Before(b.Due)
		}
		return a.Opened.Before(b.Opened)
	})
}
