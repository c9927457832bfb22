package web

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserEvaluation: the dashboard of a seeded dev chain in zh-CN and
// English on a 390 px phone and a 1280 px desktop — no horizontal page
// scroll, no table cell narrower than three characters, the charts drawn;
// a figure's "records" link opens the list behind it; the department
// table's CSV export holds exactly the cells the browser shows.
func TestBrowserEvaluation(t *testing.T) {
	ctx := newChrome(t)
	e := newSeededEnv(t, Options{})
	c := &chrome{t: t, ctx: ctx, base: e.srv.URL}
	for _, lang := range []string{"zh", "en"} {
		for _, width := range []int64{390, 1280} {
			if width == 390 {
				c.phone()
			} else {
				c.do(chromedp.EmulateViewport(1280, 900))
			}
			c.open("/evaluation?lang=" + lang)
			title := map[string]string{"zh": "平台运行效果评估", "en": "How well the platform works"}[lang]
			if got := strings.TrimSpace(c.text("main h1")); got != title {
				t.Fatalf("%s %d: h1 %q, want %q", lang, width, got, title)
			}
			if sw, iw := c.eval(`String(document.documentElement.scrollWidth)`), c.eval(`String(window.innerWidth)`); sw != iw {
				t.Errorf("%s %d px: page scrolls sideways (scroll width %s, window %s)", lang, width, sw, iw)
			}
			// The narrowest cell of three characters or more, in units of its font size.
			narrow := c.eval(`(() => { let worst = ""; let min = 1e9;
				for (const cell of document.querySelectorAll("table.ev-table th, table.ev-table td")) {
					// A cell of one or two characters is as wide as its text.
					if ([...cell.textContent.trim()].length < 3) continue;
					const w = cell.getBoundingClientRect().width / parseFloat(getComputedStyle(cell).fontSize);
					if (w < min) { min = w; worst = cell.textContent.trim().slice(0, 20); }
				}
				return min.toFixed(1) + " " + worst; })()`)
			var ems float64
			if _, err := fmtSscan(narrow, &ems); err != nil || ems < 3 {
				t.Errorf("%s %d px: a cell is narrower than three characters: %s", lang, width, narrow)
			}
			if n := c.eval(`String(document.querySelectorAll("svg.chart").length)`); n == "0" {
				t.Errorf("%s %d px: no chart", lang, width)
			}
			c.shot("evaluation-"+lang+"-"+itoaTest(width), "")
		}
	}

	// The department table as the browser shows it, then its CSV.
	c.do(chromedp.EmulateViewport(1280, 900))
	c.open("/evaluation?lang=en")
	cellsJSON := c.eval(`JSON.stringify([...document.querySelectorAll('table[data-section="departments"] tr')].map(r => [...r.children].map(x => x.textContent.trim())))`)
	var shown [][]string
	if err := json.Unmarshal([]byte(cellsJSON), &shown); err != nil {
		t.Fatal(err)
	}
	href := c.eval(`document.querySelector('#departments a.csv').getAttribute("href")`)
	r := e.client().get(href + "&lang=en")
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil {
		t.Fatalf("csv %s: %v", href, err)
	}
	if len(rows) < 2 || len(rows) != len(shown) {
		t.Fatalf("csv has %d rows, the page %d", len(rows), len(shown))
	}
	for i := range rows {
		if strings.Join(rows[i], "|") != strings.Join(shown[i], "|") {
			t.Errorf("row %d: csv %q, page %q", i, rows[i], shown[i])
		}
	}

	// A figure's records: the cases closed in the year behind "Cases closed".
	c.open("/evaluation?kind=year&lang=en")
	c.do(chromedp.Click(chromedp.CSS(`#efficiency a.records`)))
	c.do(chromedp.WaitVisible(chromedp.CSS(`main h1`)))
	if loc := c.location(); !strings.HasPrefix(loc, "/evaluation/records/cases?") {
		t.Fatalf("records link went to %s", loc)
	}
	body := c.text("main")
	if !strings.Contains(body, "LAND-") || !strings.Contains(body, "working_days") {
		t.Fatalf("records page lacks the closed land cases: %s", body)
	}
	c.shot("evaluation-records", "")

	// The records list, the method page and the printable report on a phone.
	c.phone()
	for _, path := range []string{c.location(), "/evaluation/method", "/evaluation/report?kind=year", "/evaluation?kind=quarter&lang=zh"} {
		c.open(path)
		noScroll(t, c, path)
	}
	c.shot("evaluation-phone-quarter", "")
}

func fmtSscan(s string, v *float64) (int, error) { return fmt.Sscan(s, v) }

func itoaTest(v int64) string { return strconv.FormatInt(v, 10) }
