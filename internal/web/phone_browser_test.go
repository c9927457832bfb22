package web

import (
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"testing"
)

// phoneMeasure is run on each page at 390 px: the page must not scroll
// sideways, and no table cell may be squeezed narrower than three
// characters of its own text (or its whole text, when that is shorter) —
// the finance table once stacked 审/计/局 one character per line. A cell
// inside a scroll container may be as wide as it likes.
const phoneMeasure = `(() => {
  const out = [];
  const de = document.documentElement;
  if (de.scrollWidth > window.innerWidth) out.push("page is " + de.scrollWidth + "px wide in a " + window.innerWidth + "px viewport");
  const cv = document.createElement("canvas").getContext("2d");
  for (const cell of document.querySelectorAll("main td, main th")) {
    const text = cell.textContent.replace(/\s+/g, " ").trim();
    if (!text || cell.offsetParent === null) continue;
    const cs = getComputedStyle(cell);
    cv.font = cs.fontStyle + " " + cs.fontWeight + " " + cs.fontSize + " " + cs.fontFamily;
    const chars = Array.from(text);
    const three = cv.measureText(chars.slice(0, 3).join("")).width;
    const inner = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (inner + 0.5 < three) out.push("cell " + JSON.stringify(text.slice(0, 30)) + " is " + Math.round(inner) + "px wide, its first three characters need " + Math.round(three) + "px");
  }
  return JSON.stringify(out);
})()`

// pageLinks lists the same-origin pages a page links to (GET pages only:
// no API, static files, proofs or downloads).
const pageLinks = `JSON.stringify(Array.from(document.querySelectorAll("a[href]")).map(a => a.href).filter(h => h.startsWith(location.origin)).map(h => h.slice(location.origin.length)))`

// crawlKey groups pages of one kind (/land/parcels/X) so the crawl visits
// a few of each, not all of them.
func crawlKey(path string) string {
	p := strings.SplitN(strings.Trim(path, "/"), "/", 3)
	if len(p) > 2 {
		p = p[:2]
	}
	return strings.Join(p, "/")
}

func crawlable(path string, staff bool) bool {
	for _, skip := range []string{"/api/", "/static/", "/staff/logout"} {
		if strings.HasPrefix(path, skip) {
			return false
		}
	}
	if strings.Contains(path, ".csv") || strings.Contains(path, "format=") {
		return false
	}
	return staff == strings.HasPrefix(path, "/staff")
}

// crawlPhone visits every page reachable from start (same origin, a few
// of each kind), in both languages, and reports the measure's findings.
func crawlPhone(t *testing.T, c *chrome, start []string, staff bool, max int) []string {
	t.Helper()
	seen := map[string]bool{}
	perKind := map[string]int{}
	queue := append([]string{}, start...)
	var visited []string
	for len(queue) > 0 && len(visited) < max {
		path := queue[0]
		queue = queue[1:]
		if i := strings.IndexByte(path, '#'); i >= 0 {
			path = path[:i]
		}
		u, err := url.Parse(path)
		if err != nil || seen[u.Path+"?"+u.RawQuery] || !crawlable(u.Path, staff) {
			continue
		}
		q := u.Query()
		q.Del("lang")
		u.RawQuery = q.Encode()
		key := u.Path + "?" + u.RawQuery
		if seen[key] {
			continue
		}
		seen[key] = true
		if k := crawlKey(u.Path); perKind[k] >= 4 {
			continue
		} else {
			perKind[k]++
		}
		visited = append(visited, u.String())
		for _, lang := range []string{"zh", "en"} {
			sep := "?"
			if u.RawQuery != "" {
				sep = "&"
			}
			c.open(u.String() + sep + "lang=" + lang)
			var problems []string
			if err := json.Unmarshal([]byte(c.eval(phoneMeasure)), &problems); err != nil {
				t.Fatal(err)
			}
			for _, p := range problems {
				t.Errorf("%s (%s): %s", u.String(), lang, p)
			}
			if lang == "zh" {
				var links []string
				if err := json.Unmarshal([]byte(c.eval(pageLinks)), &links); err != nil {
					t.Fatal(err)
				}
				queue = append(queue, links...)
			}
		}
	}
	sort.Strings(visited)
	return visited
}

// TestBrowserEveryPageOnPhone crawls every public page of a seeded dev
// chain at 390 px, then every staff page a clerk and an admin reach, and measures
// each (phoneMeasure): no sideways scrolling, no squeezed table cell.
func TestBrowserEveryPageOnPhone(t *testing.T) {
	ctx := newChrome(t)
	se := newSeededEnv(t, Options{PublicBurst: 100})
	seed(t, se.env)
	c := &chrome{t: t, ctx: ctx, base: se.srv.URL}
	c.phone()
	done := se.cases["completed_with_permit"]
	// Pages no link leads to without a form: where a citizen lands after
	// typing a code.
	start := []string{"/", "/participate", "/learn", "/finance", "/land", "/verify?code=" + done.Number}
	public := crawlPhone(t, c, start, false, 120)
	t.Logf("public pages measured (%d): %v", len(public), public)
	for _, must := range []string{"/participate", "/learn/check", "/finance", "/land/decisions", "/governance", "/feedback", "/disclosures"} {
		found := false
		for _, v := range public {
			found = found || v == must
		}
		if !found {
			t.Errorf("the crawl never reached %s", must)
		}
	}
	if st := c.login("nrb-clerk", se.pw["nrb-clerk"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	staff := crawlPhone(t, c, []string{"/staff"}, true, 60)
	t.Logf("staff pages measured (%d): %v", len(staff), staff)
	if len(staff) < 5 {
		t.Errorf("only %d staff pages reached", len(staff))
	}
	// An admin reaches more (governance, members' forms).
	c.open("/staff")
	c.logout()
	if st := c.login("gsd-admin", se.pw["gsd-admin"]); st != 200 {
		t.Fatalf("login: %d", st)
	}
	admin := crawlPhone(t, c, []string{"/staff", "/staff/governance"}, true, 60)
	t.Logf("admin pages measured (%d): %v", len(admin), admin)
	c.open("/finance?lang=zh")
	c.shot("phone-finance", "")
}
