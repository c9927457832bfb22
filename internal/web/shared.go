package web

import (
	"context"
	"html/template"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/web/site"
)

// The helpers areas in this package share with the areas' own packages
// (package site holds them; these are the names the files here use).

// blockTime is the latest block's time: deadlines and overdue flags are
// measured against it, as the chain does, never against a wall clock.
func (p *Portal) blockTime() time.Time {
	if c := p.n.CometNode(); c != nil {
		if m := c.BlockStore().LoadBlockMeta(p.n.Height()); m != nil {
			return m.Header.Time
		}
	}
	return p.now()
}

const maxUpload = site.MaxUpload

// Bar and BarChart draw the portal's server-side SVG charts (site/svg.go).
type Bar = site.Bar

func BarChart(title string, bars []Bar, unit string) template.HTML {
	return site.BarChart(title, bars, unit)
}

// perBlockAny is perBlock for the areas' packages (site.Core.PerBlock).
func (p *Portal) perBlockAny(r *http.Request, key string, compute func(ctx context.Context) (any, error)) (any, error) {
	return perBlock(r, p, key, compute)
}
