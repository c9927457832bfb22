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
	var items []QueueItem
	now := p.now()
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
