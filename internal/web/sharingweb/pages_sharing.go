package sharingweb

import (
	"html/template"
	"net/http"
	"regexp"
	"sort"

	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/web/site"
)

// The public data sharing pages (政务数据共享): the catalogue (what each
// department holds and on what terms, never the data) and the statistics
// (how departments answered, how fast, how many materials citizens were
// spared). Read from committed state like /api/v1/sharing/*.

func Extension() site.Extension {
	return site.Extension{
		Name:     "sharing",
		Nav:      []site.NavItem{{Path: "/sharing", Label: "nav.sharing", Key: "sharing"}},
		StaffNav: []site.NavItem{{Path: "/staff/sharing", Label: "nav.staff_sharing", Key: "staff_sharing"}},
		Routes: func(c site.Core) {
			p := newPortal(c)
			p.Page("GET /sharing", p.sharingPage)
			p.staffSharingRoutes()
		},
		Figures: func(c site.Core, r *http.Request) []site.Figure { return sharingFigures(newPortal(c), r) },
		Queue: func(c site.Core, r *http.Request, s *site.Session) []site.QueueItem {
			return sharingQueue(newPortal(c), r, s)
		},
		Templates: templateFS,
		Messages:  sharingMessages,
		Funcs: func(c site.Core, lang string) template.FuncMap {
			return template.FuncMap{
				"deref":          func(n *int) int { return *n },
				"personalFields": personalFields,
			}
		},
	}
}

var sharingMonth = regexp.MustCompile(`^20[0-9]{2}-(0[1-9]|1[0-2])$`)

type sharingPageData struct {
	Resources []*sharing.Resource
	Stats     []sharing.StatsRow
	Totals    sharing.StatsRow
	By        string
	Month     string
	Months    []string
	Reasons   []string
}

func (p *Portal) sharingPage(w http.ResponseWriter, r *http.Request) {
	st := p.n.Store.Committed()
	q := r.URL.Query()
	d := sharingPageData{By: q.Get("by"), Month: q.Get("month"), Reasons: sharing.RefusalReasons()}
	if d.By != sharing.ByRequester {
		d.By = sharing.ByOwner
	}
	if d.Month != "" && !sharingMonth.MatchString(d.Month) {
		d.Month = ""
	}
	res, err := sharing.Resources(st)
	var reqs []*sharing.Request
	var mats []*sharing.CaseMaterial
	if err == nil {
		reqs, err = sharing.Requests(st)
	}
	if err == nil {
		mats, err = sharing.Materials(st)
	}
	if err != nil {
		p.log.Error("sharing page", "err", err)
		p.Fail(w, r, http.StatusInternalServerError, p.T(p.Lang(w, r), "err.internal"))
		return
	}
	for _, x := range res {
		if x.Retired == nil {
			d.Resources = append(d.Resources, x)
		}
	}
	// One pass: every month's rows give the month list; the month asked
	// for (if any) is a filter over them (rows are per department and month).
	months := map[string]bool{}
	for _, row := range sharing.Stats(reqs, mats, sharing.StatsQuery{By: d.By}) {
		months[row.Month] = true
		if d.Month == "" || row.Month == d.Month {
			d.Stats = append(d.Stats, row)
		}
	}
	for m := range months {
		d.Months = append(d.Months, m)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(d.Months)))
	d.Totals = sumStats(d.Stats)
	p.Render(w, r, site.Page{Template: "sharing.html", Title: "sh.title", Active: "sharing", Data: d})
}

// sumStats adds the rows up (the median is left out: it does not add).
func sumStats(rows []sharing.StatsRow) sharing.StatsRow {
	t := sharing.StatsRow{RefusalsByReason: map[string]int{}}
	for _, r := range rows {
		t.Requests += r.Requests
		t.Grants += r.Grants
		t.Refusals += r.Refusals
		t.Pending += r.Pending
		t.Arbitration += r.Arbitration
		t.Overdue += r.Overdue
		t.ArbitrationOverdue += r.ArbitrationOverdue
		t.Answered += r.Answered
		t.Automatic += r.Automatic
		t.MaterialsSaved += r.MaterialsSaved
		for k, v := range r.RefusalsByReason {
			t.RefusalsByReason[k] += v
		}
	}
	return t
}

// personalFields lists the fields of a resource marked personal.
func personalFields(res *sharing.Resource) []string {
	var out []string
	for _, f := range res.Current.Fields {
		if f.Personal {
			out = append(out, f.Name)
		}
	}
	return out
}
