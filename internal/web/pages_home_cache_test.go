package web

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestPageCacheKeys(t *testing.T) {
	var c pageCache
	c.put("zh?", 5, 4, []byte("a"))
	tests := []struct {
		name         string
		key          string
		node, figure int64
		want         bool
	}{
		{"same heights", "zh?", 5, 4, true},
		{"node moved", "zh?", 6, 4, false},
		{"figures moved", "zh?", 5, 5, false},
		{"other language", "en?", 5, 4, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := c.get(tc.key, tc.node, tc.figure); ok != tc.want {
				t.Fatalf("get(%q, %d, %d) = %v, want %v", tc.key, tc.node, tc.figure, ok, tc.want)
			}
		})
	}
	for i := 0; i < 2*maxCachedPages; i++ {
		c.put(string(rune('a'+i%26))+strings.Repeat("x", i), 1, 1, nil)
	}
	if len(c.pages) > maxCachedPages {
		t.Fatalf("%d pages kept, bound %d", len(c.pages), maxCachedPages)
	}
}

func TestCacheableHomeQuery(t *testing.T) {
	for q, want := range map[string]bool{"": true, "lang=en": true, "lang=zh": true, "lang=fr": false, "x=1": false, "lang=en&x=1": false} {
		if got := cacheableHomeQuery(q); got != want {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
	}
}

// TestHomePageCache: an anonymous visitor gets exactly what a fresh render
// gives, the first visit still gets its CSRF cookie, a signed-in visitor's
// page is never kept, and the page follows the chain.
func TestHomePageCache(t *testing.T) {
	e := newEnv(t, Options{})

	// Served twice at one height, the second answer comes from the cache
	// and must equal a fresh render of the same request.
	var cached, fresh string
	for try := 0; try < 50; try++ {
		h := e.p.n.Height()
		get := func(render bool) string {
			w := httptest.NewRecorder()
			r := httptest.NewRequest(http.MethodGet, "/?lang=en", nil)
			if render {
				e.p.Render(w, r, Page{Template: "home.html", Title: "home.title", Active: "home", Data: e.p.summary(r, "en")})
			} else {
				e.p.home(w, r)
			}
			if c := strings.Join(w.Header().Values("Set-Cookie"), "\n"); w.Code != http.StatusOK || !strings.Contains(c, csrfCookie+"=") {
				t.Fatalf("status %d, Set-Cookie %q: a first visit gets the CSRF cookie", w.Code, c)
			}
			if w.Header().Get("Cache-Control") != "no-store" {
				t.Fatalf("Cache-Control %q", w.Header().Get("Cache-Control"))
			}
			return w.Body.String()
		}
		get(false)
		cached, fresh = get(false), get(true)
		if _, ok := e.p.homePages.get("en?lang=en", h, e.p.summary(httptest.NewRequest(http.MethodGet, "/?lang=en", nil), "en").Height); ok && e.p.n.Height() == h {
			break
		}
		cached, fresh = "", ""
		time.Sleep(50 * time.Millisecond)
	}
	if cached == "" {
		t.Fatal("the home page was never kept at a steady height")
	}
	if cached != fresh {
		t.Fatalf("cached page differs from a fresh render:\n%s\n---\n%s", cached, fresh)
	}

	// A signed-in visitor sees their own page; nothing of it is kept.
	staff := e.staff("nrb-clerk")
	if r := staff.get("/"); !strings.Contains(r.Body, "/staff/logout") {
		t.Fatal("signed-in home page lacks the logout form")
	}
	for k, pg := range e.p.homePages.pages {
		if strings.Contains(string(pg.body), "/staff/logout") {
			t.Fatalf("page %q kept with a signed-in visitor's menu", k)
		}
	}
	// Other queries are not kept.
	e.client().get("/?utm=1")
	if _, ok := e.p.homePages.pages["zh?utm=1"]; ok {
		t.Fatal("a page with an arbitrary query was kept")
	}

	// The page follows the chain: a new suggestion shows in the figures.
	before := e.client().get("/?lang=en").Body
	r := e.client().submit("/feedback", "/feedback/submit", url.Values{"kind": {"suggestion"}, "department": {"nrb"}, "subject": {"路灯"}, "text": {"东门路灯不亮"}, "name": {"李四"}, "phone": {"13900000000"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("suggestion: %d %s", r.Status, r.Body)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		after := e.client().get("/?lang=en").Body
		if figure(after, "fig.feedback") != figure(before, "fig.feedback") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("feedback figure still %q after the suggestion committed", figure(after, "fig.feedback"))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// figure is the value shown for a figure's label in an English home page.
func figure(page, key string) string {
	label := T("en", key)
	i := strings.Index(page, "<dt>"+label+"</dt><dd>")
	if i < 0 {
		return ""
	}
	rest := page[i+len("<dt>"+label+"</dt><dd>"):]
	return rest[:strings.Index(rest, "</dd>")]
}
