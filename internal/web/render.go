package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/web/site"
)

//go:embed templates/*.html static/*
var assets embed.FS

// templates holds one parsed set per language and page file.
type templates map[string]map[string]*template.Template

// cst is China Standard Time, the one definition in module (citytime.go).
var cst = module.CST()

// tfile is a template file in the core's assets or an area's Templates.
type tfile struct {
	fsys fs.FS
	path string
}

// loadTemplates parses every page file together with the layout and the
// partials, once per language, so `t` is bound to the language. Page files
// come from the core's assets and every area's Templates; file names are
// unique across them (a duplicate is an error, not a silent override).
func loadTemplates(p *Portal) (templates, error) {
	var pages, shared []tfile
	add := func(fsys fs.FS) error {
		names, err := fs.Glob(fsys, "templates/*.html")
		if err != nil {
			return err
		}
		for _, f := range names {
			name := path.Base(f)
			switch {
			case name == "layout.html":
			case strings.HasPrefix(name, "partials"):
				// Shared partials: partials.html and an area's own
				// partials_<name>.html (e.g. the land timeline), parsed
				// with every page.
				shared = append(shared, tfile{fsys, f})
			default:
				pages = append(pages, tfile{fsys, f})
			}
		}
		return nil
	}
	if err := add(assets); err != nil {
		return nil, err
	}
	for _, e := range p.exts {
		if e.Templates != nil {
			if err := add(e.Templates); err != nil {
				return nil, fmt.Errorf("%s: %w", e.Name, err)
			}
		}
	}
	seen := map[string]bool{}
	for _, f := range append(append([]tfile{}, pages...), shared...) {
		if name := path.Base(f.path); seen[name] {
			return nil, fmt.Errorf("template %s is defined twice", name)
		} else {
			seen[name] = true
		}
	}
	out := templates{}
	for _, lang := range langs {
		out[lang] = map[string]*template.Template{}
		for _, f := range pages {
			name := path.Base(f.path)
			t, err := template.New(name).Funcs(p.funcs(lang)).ParseFS(assets, "templates/layout.html")
			if err != nil {
				return nil, err
			}
			for _, x := range append(append([]tfile{}, shared...), f) {
				if t, err = t.ParseFS(x.fsys, x.path); err != nil {
					return nil, err
				}
			}
			out[lang][name] = t
		}
	}
	return out, nil
}

func (p *Portal) funcs(lang string) template.FuncMap {
	fm := p.baseFuncs(lang)
	for _, e := range p.exts {
		if e.Funcs != nil {
			for k, f := range e.Funcs(p, lang) {
				fm[k] = f
			}
		}
	}
	return fm
}

func (p *Portal) baseFuncs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":    func(key string, args ...any) string { return T(lang, key, args...) },
		"dept": func(id string) string { return p.deptName(lang, id) },
		"time": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(cst).Format("2006-01-02 15:04")
		},
		"date": func(t time.Time) string {
			if t.IsZero() {
				return "—"
			}
			return t.In(cst).Format("2006-01-02")
		},
		"proofURL": func(key string) string { return "/api/v1/proofs?key=" + url.QueryEscape(key) },
		"level":    func(l string) string { return T(lang, "level."+l) },
		"category": func(c string) string { return T(lang, "cat."+c) },
		"kind":     func(k string) string { return T(lang, "kind."+k) },
		"status":   func(s string) string { return T(lang, "status."+s) },
		"role":     func(s string) string { return T(lang, "role."+s) },
		"short": func(s string, n int) string {
			r := []rune(s)
			if len(r) <= n {
				return s
			}
			return string(r[:n]) + "…"
		},
		"lines": func(s string) []string { return strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") },
		"add":   func(a, b int) int { return a + b },
		"deptSel": func(d []*identity.Department, sel string) map[string]any {
			return map[string]any{"Depts": d, "Sel": sel}
		},
		"has": func(list []string, s string) bool {
			for _, x := range list {
				if x == s {
					return true
				}
			}
			return false
		},
	}
}

// deptName is a department's name in lang, or its id if unknown.
func (p *Portal) deptName(lang, id string) string {
	d, err := identity.GetDepartment(p.n.Store.Committed(), id)
	if err != nil {
		return id
	}
	if lang == "en" {
		return d.NameEN
	}
	return d.NameZH
}

// view is what every page template gets.
type view struct {
	Lang      string
	Title     string
	Path      string
	SwitchURL string
	CSRF      string
	User      *session
	Height    int64
	NodeDept  string
	Gateway   bool
	Nav       []NavItem
	StaffNav  []NavItem
	Active    string
	Notice    string
	Error     string
	// Failed: a read behind the page failed (queryfail.go); lists must not
	// say they are empty.
	Failed bool
	D      any
	// Expiring is the admin's expiry banner (console_expiry.go).
	Expiring *expiryBanner
}

// NavItem is one entry of the site navigation.
type NavItem = site.NavItem

var publicNav = []NavItem{
	{Path: "/", Label: "nav.home", Key: "home"},
	{Path: "/disclosures", Label: "nav.disclosures", Key: "disclosures"},
	{Path: "/feedback", Label: "nav.feedback", Key: "feedback"},
	{Path: "/verify", Label: "nav.verify", Key: "verify"},
}

var staffNav = []NavItem{
	{Path: "/staff", Label: "nav.queue", Key: "queue"},
	{Path: "/staff/feedback", Label: "nav.staff_feedback", Key: "staff_feedback"},
	{Path: "/staff/disclosures", Label: "nav.staff_disclosures", Key: "staff_disclosures"},
	{Path: "/staff/members", Label: "nav.members", Key: "members"},
}

func (p *Portal) nav() (pub, staff []NavItem) {
	pub = append(pub, publicNav[:1]...)
	staff = append(staff, staffNav[:1]...)
	for _, e := range p.exts {
		pub = append(pub, e.Nav...)
	}
	pub = append(pub, publicNav[1:]...)
	for _, e := range p.exts {
		staff = append(staff, e.StaffNav...)
	}
	staff = append(staff, staffNav[1:]...)
	return pub, staff
}

// Page describes one page to render.
type Page = site.Page

// Render writes a page with the layout.
func (p *Portal) Render(w http.ResponseWriter, r *http.Request, pg Page) {
	if body, ok := p.renderBody(w, r, pg); ok {
		writePage(w, pg.Status, body)
	}
}

// renderBody executes a page with the layout; on failure it has answered
// with an error already and says so.
func (p *Portal) renderBody(w http.ResponseWriter, r *http.Request, pg Page) ([]byte, bool) {
	lang := p.lang(w, r)
	t := p.tmpl[lang][pg.Template]
	if t == nil {
		p.log.Error("no template", "name", pg.Template)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return nil, false
	}
	v := view{Lang: lang, Title: T(lang, pg.Title), Path: r.URL.Path, SwitchURL: switchURL(r, lang), CSRF: p.csrfToken(w, r),
		User: p.currentSession(r), Height: p.n.Height(), NodeDept: p.n.Config.Department, Gateway: p.gateway != nil,
		Active: pg.Active, Notice: pg.Notice, Error: pg.Error, D: pg.Data}
	v.Expiring = p.expiryBannerFor(v.User)
	if f, ok := pg.Data.(queryFailer); ok && f.QueryFailed() {
		pg.Failed = true
	}
	if pg.Failed {
		v.Failed = true
		if v.Error == "" {
			v.Error = T(lang, "err.query_failed")
		}
	}
	v.Nav, v.StaffNav = p.nav()
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		p.log.Error("render", "template", pg.Template, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return nil, false
	}
	return buf.Bytes(), true
}

// writePage sends a rendered page (status 0 is 200).
func writePage(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if status != 0 {
		w.WriteHeader(status)
	}
	w.Write(body)
}

// switchURL is the current URL with the other language.
func switchURL(r *http.Request, lang string) string {
	q := r.URL.Query()
	q.Set("lang", otherLang(lang))
	if r.Method != http.MethodGet {
		return r.URL.Path + "?lang=" + otherLang(lang)
	}
	return r.URL.Path + "?" + q.Encode()
}

func (p *Portal) notFound(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, fmt.Errorf("%w: no route %s %s", ErrNotFound, r.Method, r.URL.Path))
		return
	}
	p.Render(w, r, Page{Template: "message.html", Title: "err.not_found", Status: http.StatusNotFound,
		Data: message{Text: T(p.lang(w, r), "err.not_found_text")}})
}

// message is the data of message.html.
type message struct {
	Text string
	Back string
}

// fail renders an error page with status.
func (p *Portal) fail(w http.ResponseWriter, r *http.Request, status int, text string) {
	title := "err.title"
	if status == http.StatusNotFound {
		title = "err.not_found"
	}
	p.Render(w, r, Page{Template: "message.html", Title: title, Status: status, Data: message{Text: text}})
}

// Redirect answers a POST with 303 See Other to path.
func Redirect(w http.ResponseWriter, r *http.Request, path string) {
	http.Redirect(w, r, path, http.StatusSeeOther)
}
