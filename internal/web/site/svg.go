package site

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Bar is one bar of a chart.
type Bar struct {
	Label string
	Value float64
	// Text is the value as shown (default: the number).
	Text  string
	Class string // CSS class of the bar (colour)
}

// BarChart draws a horizontal bar chart as inline SVG on the server: no
// script, readable by screen readers through its title and a table-like
// text alternative, and it scales to the container's width.
func BarChart(title string, bars []Bar, unit string) template.HTML {
	const (
		width  = 320.0
		labelW = 110.0
		rowH   = 28.0
		barH   = 18.0
	)
	max := 0.0
	for _, b := range bars {
		max = math.Max(max, b.Value)
	}
	height := rowH*float64(len(bars)) + 4
	var sb strings.Builder
	id := fmt.Sprintf("chart-%x", hash(title))
	fmt.Fprintf(&sb, `<svg class="chart" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s" preserveAspectRatio="xMinYMin meet">`, width, height, id)
	var alt []string
	for _, b := range bars {
		txt := b.Text
		if txt == "" {
			txt = trimFloat(b.Value) + unit
		}
		alt = append(alt, b.Label+": "+txt)
	}
	fmt.Fprintf(&sb, `<title id="%s">%s — %s</title>`, id, esc(title), esc(strings.Join(alt, "; ")))
	for i, b := range bars {
		y := float64(i)*rowH + 4
		w := 0.0
		if max > 0 {
			w = (width - labelW - 50) * b.Value / max
		}
		txt := b.Text
		if txt == "" {
			txt = trimFloat(b.Value) + unit
		}
		cls := "bar"
		if b.Class != "" {
			cls += " " + b.Class
		}
		fmt.Fprintf(&sb, `<text x="0" y="%.1f" class="chart-label">%s</text>`, y+barH-4, esc(b.Label))
		fmt.Fprintf(&sb, `<rect x="%.0f" y="%.1f" width="%.1f" height="%.0f" class="%s" rx="2"></rect>`, labelW, y, math.Max(w, 1), barH, esc(cls))
		fmt.Fprintf(&sb, `<text x="%.1f" y="%.1f" class="chart-value">%s</text>`, labelW+math.Max(w, 1)+6, y+barH-4, esc(txt))
	}
	sb.WriteString(`</svg>`)
	return template.HTML(sb.String())
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

func esc(s string) string { return template.HTMLEscapeString(s) }

func hash(s string) uint32 {
	var h uint32 = 2166136261
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}
