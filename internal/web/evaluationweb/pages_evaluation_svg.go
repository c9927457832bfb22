package evaluationweb

import (
	"fmt"
	"html/template"
	"math"
	"strings"

	"github.com/pingshan/govchain/internal/web/site"
)

// Charts of the evaluation dashboard, drawn on the server like BarChart:
// inline SVG, no script, a <title> that reads every value aloud.

// Point is one period of a trend; Missing draws no column (no data is not
// zero).
type Point struct {
	Label   string
	Value   float64
	Text    string
	Missing bool
}

// TrendChart draws columns over periods, oldest on the left.
func TrendChart(title string, pts []Point) template.HTML {
	const (
		width, height = 320.0, 150.0
		top, bottom   = 16.0, 22.0
	)
	max := 0.0
	for _, p := range pts {
		if !p.Missing {
			max = math.Max(max, p.Value)
		}
	}
	var sb strings.Builder
	id := fmt.Sprintf("trend-%x", site.Hash(title))
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s" preserveAspectRatio="xMinYMin meet">`, width, height, id)
	var alt []string
	for _, p := range pts {
		alt = append(alt, p.Label+": "+p.Text)
	}
	fmt.Fprintf(&sb, `<title id="%s">%s — %s</title>`, id, site.Esc(title), site.Esc(strings.Join(alt, "; ")))
	n := float64(len(pts))
	if n == 0 {
		n = 1
	}
	slot := width / n
	plot := height - top - bottom
	fmt.Fprintf(&sb, `<line x1="0" y1="%.1f" x2="%.0f" y2="%.1f" class="axis"></line>`, height-bottom, width, height-bottom)
	for i, p := range pts {
		x := float64(i)*slot + slot*0.2
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" class="chart-label">%s</text>`, x, height-6, site.Esc(p.Label))
		if p.Missing {
			fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" class="chart-value">—</text>`, x, height-bottom-4)
			continue
		}
		h := 0.0
		if max > 0 {
			h = plot * p.Value / max
		}
		h = math.Max(h, 1)
		fmt.Fprintf(&sb, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="bar bar-rate" rx="2"></rect>`, x, height-bottom-h, slot*0.6, h)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" class="chart-value">%s</text>`, x, height-bottom-h-3, site.Esc(p.Text))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

// Target is one value against its target: a bar for the value and a tick
// for the target (e.g. median working days against the promised limit).
type Target struct {
	Label          string
	Value, Target  float64
	Text, TargetTx string
	Over           bool // the value misses the target
}

// TargetChart draws each value as a bar with its target as a tick.
func TargetChart(title string, rows []Target) template.HTML {
	const (
		width, labelW, rowH, barH = 320.0, 110.0, 30.0, 16.0
	)
	max := 0.0
	for _, r := range rows {
		max = math.Max(max, math.Max(r.Value, r.Target))
	}
	height := rowH*float64(len(rows)) + 4
	var sb strings.Builder
	id := fmt.Sprintf("target-%x", site.Hash(title))
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s" preserveAspectRatio="xMinYMin meet">`, width, height, id)
	var alt []string
	for _, r := range rows {
		alt = append(alt, r.Label+": "+r.Text+" / "+r.TargetTx)
	}
	fmt.Fprintf(&sb, `<title id="%s">%s — %s</title>`, id, site.Esc(title), site.Esc(strings.Join(alt, "; ")))
	span := width - labelW - 60
	for i, r := range rows {
		y := float64(i)*rowH + 4
		w, tx := 0.0, 0.0
		if max > 0 {
			w, tx = span*r.Value/max, span*r.Target/max
		}
		cls := "bar bar-rate"
		if r.Over {
			cls = "bar bar-very_dissatisfied"
		}
		fmt.Fprintf(&sb, `<text x="0" y="%.1f" class="chart-label">%s</text>`, y+barH-3, site.Esc(r.Label))
		fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" class="%s" rx="2"></rect>`, labelW, y, math.Max(w, 1), barH, cls)
		fmt.Fprintf(&sb, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="target"></line>`, labelW+tx, y-2, labelW+tx, y+barH+2)
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" class="chart-value">%s</text>`, labelW+math.Max(w, tx)+6, y+barH-3, site.Esc(r.Text+" / "+r.TargetTx))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}
