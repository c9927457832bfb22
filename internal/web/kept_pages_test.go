package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/finance"
)

// clearPages forgets every kept page (a test's "fresh render").
func (c *pageCache) clear() {
	c.mu.Lock()
	c.pages = nil
	c.mu.Unlock()
}

func (c *pageCache) has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.pages[key]
	return ok
}

// TestKeptAreaPages: the finance pages and the disclosure list, computed
// once per block and kept rendered for anonymous visitors
// (RenderPerBlock), show what the index says (the same documents and
// payments, in order, as a direct query), are the same bytes as a fresh
// render at the same height, are kept only for bounded queries, and
// follow the chain: a document published later shows on the kept list.
func TestKeptAreaPages(t *testing.T) {
	e := newSeededEnv(t, Options{})
	ctx := context.Background()
	db := e.n.Index.DB()
	var year int
	if err := db.QueryRow(`SELECT MAX(fiscal_year) FROM fin_lines`).Scan(&year); err != nil || year == 0 {
		t.Fatalf("seeded chain has no budget year: %v", err)
	}
	ys := fmt.Sprint(year)

	tests := []struct {
		path string
		kept bool
	}{
		{"/finance", true},
		{"/finance?lang=en", true},
		{"/finance?year=" + ys, true},
		{"/finance?year=1999", false}, // a year without records
		{"/finance?utm=1", false},
		{"/finance/departments/hub", true},
		{"/finance/departments/hub?year=" + ys + "&lang=en", true},
		{"/finance/departments/hub?year=0" + ys, false}, // another spelling of the year
		{"/disclosures", true},
		{"/disclosures?q=&department=&category=", true},
		{"/disclosures?department=gov&category=decision", true},
		{"/disclosures?department=nosuch", false},
		{"/disclosures?category=nosuch", false},
		{"/disclosures?q=" + url.QueryEscape("通知"), false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			c := e.client() // a new visitor: the language is remembered
			u, _ := url.Parse(tc.path)
			lang := "zh"
			if u.Query().Get("lang") == "en" {
				lang = "en"
			}
			key := lang + " " + u.Path + "?" + u.RawQuery
			// At a steady height: kept, then equal to a fresh render.
			for try := 0; ; try++ {
				h := e.n.Height()
				e.p.homePages.clear()
				first := c.get(tc.path)
				second := c.get(tc.path)
				kept := e.p.homePages.has(key)
				e.p.homePages.clear()
				fresh := c.get(tc.path)
				if e.n.Height() != h {
					if try > 300 {
						t.Fatal("no steady height")
					}
					time.Sleep(20 * time.Millisecond)
					continue
				}
				for _, r := range []resp{first, second, fresh} {
					if r.Status != http.StatusOK {
						t.Fatalf("status %d", r.Status)
					}
				}
				if kept != tc.kept {
					t.Fatalf("kept %v, want %v", kept, tc.kept)
				}
				if second.Body != fresh.Body {
					t.Fatalf("served page differs from a fresh render at height %d", h)
				}
				break
			}
		})
	}

	// The department page lists the payments and lines the index has.
	c := e.client()
	page := c.get("/finance/departments/hub").Body
	pays, err := finance.Payments(ctx, db, finance.PaymentFilter{Year: year, Department: "hub", Limit: 30}, finance.Public)
	if err != nil || len(pays) == 0 {
		t.Fatalf("hub payments: %d, %v", len(pays), err)
	}
	var wantPays []string
	for _, p := range pays {
		wantPays = append(wantPays, p.ID)
	}
	if got := linked(page, `/finance/payments/([^"]+)"`); !slices.Equal(got, wantPays) {
		t.Fatalf("department page payments %v, index %v", got, wantPays)
	}
	lines, err := finance.Lines(ctx, db, year, "hub")
	if err != nil || len(lines) == 0 {
		t.Fatalf("hub lines: %d, %v", len(lines), err)
	}
	var wantLines []string
	for _, l := range lines {
		wantLines = append(wantLines, l.ID)
	}
	if got := linked(page, `/finance/lines/([^"]+)"`); !slices.Equal(got, wantLines) {
		t.Fatalf("department page lines %v, index %v", got, wantLines)
	}

	// The list shows the index's latest documents, and a new one once
	// its block is committed.
	staff := e.staff("gov-admin")
	r := staff.submit("/staff/disclosures", "/staff/disclosures", url.Values{"title": {"关于保留页面缓存的通知"}, "category": {"notice"},
		"body": {"正文"}, "effective_date": {"2026-03-01"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	number := strings.TrimPrefix(r.Location, "/disclosures/")
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(c.get("/disclosures").Body, "/disclosures/"+number+`"`) {
		if time.Now().After(deadline) {
			t.Fatalf("%s not on the kept list 30 s after its block", number)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for _, q := range []struct{ path, dept, cat string }{{"/disclosures", "", ""}, {"/disclosures?department=gov&category=notice", "gov", "notice"}} {
		docs, err := disclosure.Latest(ctx, db, q.dept, q.cat, "", 100)
		if err != nil || len(docs) == 0 {
			t.Fatalf("latest: %d, %v", len(docs), err)
		}
		var want []string
		for _, d := range docs {
			want = append(want, d.Number)
		}
		var got []string
		for try := 0; try < 100; try++ {
			if got = linked(c.get(q.path).Body, `<a href="/disclosures/([^"/?]+)"`); slices.Equal(got, want) {
				break
			}
			time.Sleep(50 * time.Millisecond) // the list may still be the last block's
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%s lists %v, index %v", q.path, got, want)
		}
	}
}

// linked is every first submatch of pattern in page, in order.
func linked(page, pattern string) []string {
	var out []string
	for _, m := range regexp.MustCompile(pattern).FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}
