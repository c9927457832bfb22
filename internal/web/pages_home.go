package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"sort"

	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/feedback"
)

func (p *Portal) homeRoutes() {
	p.Page("GET /{$}", p.home)
	p.API("GET", "/api/v1/portal/summary", APIDoc{Summary: "Live figures and latest notices shown on the home page", Tag: "portal", Response: "Summary"}, p.apiSummary)
}

// Summary is the home page's data (and GET /api/v1/portal/summary).
type Summary struct {
	Height      int64          `json:"height"`
	Figures     []Figure       `json:"figures"`
	Latest      []LatestItem   `json:"latest"`
	Ratings     map[string]int `json:"ratings"`
	RatingChart template.HTML  `json:"-"`
}

// summary is the home page's figures, computed once per block and
// language (blockcache.go), not per request; s.Height is the block they
// are of.
func (p *Portal) summary(r *http.Request, lang string) Summary {
	s, _ := perBlock(r, p, "summary/"+lang+"/"+LangOf(r), func(ctx context.Context) (Summary, error) {
		return p.computeSummary(r.WithContext(ctx), lang), nil
	})
	return s
}

func (p *Portal) computeSummary(r *http.Request, lang string) Summary {
	ctx := r.Context()
	s := Summary{Height: p.n.Height(), Ratings: map[string]int{}}
	s.Figures = append(s.Figures, Figure{Label: "fig.height", Value: fmt.Sprint(s.Height)})
	for _, e := range p.exts {
		if e.Figures != nil {
			s.Figures = append(s.Figures, e.Figures(p, r)...)
		}
	}
	db := p.n.Index.DB()
	docs, err := disclosure.CountDocuments(ctx, db)
	p.countErr("disclosures", err)
	fb, err := feedback.CountAll(ctx, db)
	p.countErr("feedback", err)
	s.Figures = append(s.Figures,
		Figure{Label: "fig.disclosures", Value: fmt.Sprint(docs)},
		Figure{Label: "fig.feedback", Value: fmt.Sprint(fb.Items)},
		Figure{Label: "fig.rectified", Value: fmt.Sprintf("%d / %d", fb.TasksClosed, fb.Tasks)})
	latest, err := p.latestDocs(ctx, "", "", "", 6)
	if err != nil {
		p.log.Warn("home: latest disclosures", "err", err)
	}
	for _, d := range latest {
		kind := "home.kind_notice"
		if d.Category == "decision" {
			kind = "home.kind_decision"
		}
		s.Latest = append(s.Latest, LatestItem{Kind: kind, Title: d.Title, Link: "/disclosures/" + d.Number, Time: d.Time, Height: d.Height})
	}
	for _, e := range p.exts {
		if e.Latest != nil {
			s.Latest = append(s.Latest, e.Latest(p, r, 6)...)
		}
	}
	sort.SliceStable(s.Latest, func(i, j int) bool { return s.Latest[i].Time.After(s.Latest[j].Time) })
	if len(s.Latest) > 6 {
		s.Latest = s.Latest[:6]
	}
	ratings, err := feedback.RatingsByLevel(ctx, db)
	p.countErr("ratings", err)
	var bars []Bar
	for _, l := range feedback.Levels() {
		n := ratings[l]
		s.Ratings[l] = n
		bars = append(bars, Bar{Label: T(lang, "level."+l), Value: float64(n), Class: "bar-" + l})
	}
	s.RatingChart = BarChart(T(lang, "home.ratings_chart"), bars, "")
	return s
}

func (p *Portal) home(w http.ResponseWriter, r *http.Request) {
	lang := p.lang(w, r)
	pg := Page{Template: "home.html", Title: "home.title", Active: "home", Data: p.summary(r, lang)}
	p.renderHome(w, r, lang, pg)
}

func (p *Portal) apiSummary(w http.ResponseWriter, r *http.Request) {
	s := p.summary(r, "en")
	if s.Latest == nil { // a copy: the cached summary is not changed
		s.Latest = []LatestItem{}
	}
	writeJSON(w, http.StatusOK, s)
}
