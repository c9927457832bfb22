package web

import (
	"bytes"
	"net/http"
	"sync"
)

// The home page is the portal's busiest page and, for a visitor who is not
// signed in, the same bytes for everyone until the next block: its figures
// change once per block (blockcache.go) and the layout around them depends
// only on the language, the query (the language switch link) and the
// height. With the figures cached, executing the templates was what
// remained per request (docs/benchmarks.md: 21 % of /healthz's throughput),
// so the rendered page is kept per language and query and served again
// until the node's height or the figures' height moves.
//
// Nothing per visitor is kept: a signed-in visitor's page (their name, the
// staff menu, the logout form's CSRF token) is always rendered afresh, and a
// page is kept only if it does not contain the CSRF token it was rendered
// with (the anonymous page has no form today; if one is added, the cache
// turns itself off instead of handing one visitor's token to another).
// The CSRF cookie is still set on a first visit, exactly as a fresh render
// does, and the headers (CSP, no-store) are the same.

// pageCache holds rendered pages by key with the heights they were
// rendered at.
type pageCache struct {
	mu    sync.Mutex
	pages map[string]cachedPage
}

type cachedPage struct {
	nodeHeight, dataHeight int64
	body                   []byte
}

// maxCachedPages bounds the keys: the home page makes six (two languages
// × three queries); the areas' kept pages (RenderPerBlock: a department's
// finance page per year, the disclosure list per filter) a few hundred
// at most. Past it the cache starts over.
const maxCachedPages = 512

func (c *pageCache) get(key string, nodeHeight, dataHeight int64) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pg, ok := c.pages[key]
	if !ok || pg.nodeHeight != nodeHeight || pg.dataHeight != dataHeight {
		return nil, false
	}
	return pg.body, true
}

func (c *pageCache) put(key string, nodeHeight, dataHeight int64, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pages == nil || len(c.pages) >= maxCachedPages {
		c.pages = map[string]cachedPage{}
	}
	c.pages[key] = cachedPage{nodeHeight: nodeHeight, dataHeight: dataHeight, body: body}
}

// cacheableHomeQuery: the home page is kept for no query or only the
// language. Anything else (tracking parameters, say) is rendered afresh,
// since the language switch link repeats the query.
func cacheableHomeQuery(q string) bool {
	switch q {
	case "", "lang=en", "lang=zh":
		return true
	}
	return false
}

// renderHome answers the home page from the page cache when the visitor is
// not signed in, rendering and keeping it on a miss.
func (p *Portal) renderHome(w http.ResponseWriter, r *http.Request, lang string, pg Page) {
	s, ok := pg.Data.(Summary)
	if !ok || !cacheableHomeQuery(r.URL.RawQuery) {
		p.Render(w, r, pg)
		return
	}
	p.renderKept(w, r, lang+"?"+r.URL.RawQuery, s.Height, pg)
}

// renderKept answers pg from the page cache under key when the visitor is
// not signed in and neither the node's height nor dataHeight (the height
// of the per-block data the page shows) has moved, rendering and keeping
// it on a miss. The caller names in key everything the page depends on
// besides those heights, and keeps keys bounded (a free-text query is
// never kept). A failed page or one with a status is rendered every time.
func (p *Portal) renderKept(w http.ResponseWriter, r *http.Request, key string, dataHeight int64, pg Page) {
	if p.currentSession(r) != nil || pg.Status != 0 || pg.Failed {
		p.Render(w, r, pg)
		return
	}
	if f, ok := pg.Data.(queryFailer); ok && f.QueryFailed() {
		p.Render(w, r, pg)
		return
	}
	h := p.n.Height()
	if body, ok := p.homePages.get(key, h, dataHeight); ok {
		p.csrfToken(w, r) // the first visit's cookie, as a fresh render sets it
		writePage(w, pg.Status, body)
		return
	}
	body, ok := p.renderBody(w, r, pg)
	if !ok {
		return
	}
	// Kept only if the page names the height it is kept under (the layout
	// reads the height itself) and holds nothing of this visitor's.
	if p.n.Height() == h && !bytes.Contains(body, []byte(p.csrfToken(w, r))) {
		p.homePages.put(key, h, dataHeight, body)
	}
	writePage(w, pg.Status, body)
}

// renderPerBlock is site.Core's RenderPerBlock: renderKept keyed by the
// language, the path and the query.
func (p *Portal) renderPerBlock(w http.ResponseWriter, r *http.Request, dataHeight int64, pg Page) {
	key := p.lang(w, r) + " " + r.URL.Path + "?" + r.URL.RawQuery
	p.renderKept(w, r, key, dataHeight, pg)
}
