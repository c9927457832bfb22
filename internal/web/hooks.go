package web

import (
	"html/template"
	"io/fs"
	"net/http"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/web/site"
)

// Extension is a portal area as the core calls it: an area package's
// site.Extension adapted by fromSite (core.go), with the hooks bound to
// this *Portal. The areas are listed once, in portalExtensions
// (extensions.go); tests add their own (a case-access stand-in). Every
// field is optional.
type Extension struct {
	Name string
	// Nav and StaffNav add entries to the public and console navigation.
	Nav      []NavItem
	StaffNav []NavItem
	// Routes adds pages (p.Page, p.Staff) and JSON routes (p.API).
	Routes func(p *Portal)
	// Figures adds live figures to the home page (cases handled, average
	// processing time, …).
	Figures func(p *Portal, r *http.Request) []Figure
	// Latest adds entries to the home page's "latest notices and
	// decisions" (newest first; the home page merges and cuts to limit).
	Latest func(p *Portal, r *http.Request, limit int) []LatestItem
	// Queue adds a staff member's pending work to "My queue".
	Queue func(p *Portal, r *http.Request, s *Session) []QueueItem
	// Verify resolves a document verification code; (nil, nil) when the
	// code is not one of this extension's.
	Verify func(p *Portal, r *http.Request, code string) (*Verified, error)
	// CaseAccess checks a citizen's case number and access code against
	// committed state, for 好差评 ratings (the workflow area, workflowweb,
	// provides it; without it the rating form says ratings are unavailable).
	// The last extension in the list with CaseAccess is used.
	CaseAccess func(p *Portal, r store.Reader, number, code string) (*feedback.CaseInfo, error)
	// Schemas names the Go types its JSON routes' APIDoc.Body and
	// APIDoc.Response refer to (OpenAPI components).
	Schemas map[string]any
	// Funcs adds template functions (bound to the page's language) for
	// the extension's templates, e.g. formatting amounts.
	Funcs func(p *Portal, lang string) template.FuncMap
	// Templates are an area package's own page files (site.Extension);
	// areas of this package use assets.
	Templates fs.FS
}

// Session is a signed-in staff member, as extensions see it.
type Session = session

// Figure, LatestItem, QueueItem and Verified are the hooks' answers
// (package site, shared with the areas' packages).
type (
	Figure     = site.Figure
	LatestItem = site.LatestItem
	QueueItem  = site.QueueItem
	Verified   = site.Verified
)

func (p *Portal) caseAccess() func(p *Portal, r store.Reader, number, code string) (*feedback.CaseInfo, error) {
	for i := len(p.exts) - 1; i >= 0; i-- {
		if p.exts[i].CaseAccess != nil {
			return p.exts[i].CaseAccess
		}
	}
	return nil
}
