package web

import (
	"html/template"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/store"
)

// Extension is a portal area that lives in its own files of this package
// (pages_land.go, pages_finance.go with their templates/land_*.html …). It
// registers itself from an init func with RegisterExtension; every field
// is optional.
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
	// committed state, for 好差评 ratings (the land extension provides it;
	// without it the rating form says ratings are unavailable).
	// The last registered extension with CaseAccess is used.
	CaseAccess func(p *Portal, r store.Reader, number, code string) (*feedback.CaseInfo, error)
	// Messages adds catalog entries: key → {zh, en}.
	Messages map[string][2]string
	// Funcs adds template functions (bound to the page's language) for
	// the extension's templates, e.g. formatting amounts.
	Funcs func(p *Portal, lang string) template.FuncMap
}

// Session is a signed-in staff member, as extensions see it.
type Session = session

var extensions []Extension

// RegisterExtension adds an extension; call it from init.
func RegisterExtension(e Extension) {
	extensions = append(extensions, e)
	for k, v := range e.Messages {
		messages[k] = v
	}
}

// Figure is one live figure on the home page.
type Figure struct {
	Label string `json:"label"` // message key
	Value string `json:"value"`
	Note  string `json:"note,omitempty"` // optional, already translated
}

// LatestItem is an entry of the home page's latest list.
type LatestItem struct {
	Kind   string    `json:"kind"` // message key of its kind ("home.kind_notice", …)
	Title  string    `json:"title"`
	Link   string    `json:"link"`
	Time   time.Time `json:"time"`
	Height int64     `json:"height"`
}

// QueueItem is one piece of pending work.
type QueueItem struct {
	Kind    string // message key
	Title   string
	Link    string
	Due     time.Time // zero: no deadline
	Overdue bool
	Opened  time.Time
}

// Verified is what a verification code resolves to: a chain record the
// verify page proves live against the validators.
type Verified struct {
	Kind    string      `json:"kind"` // message key
	Title   string      `json:"title"`
	Link    string      `json:"link"` // page showing the record
	Key     string      `json:"key"`  // state key to prove
	Details [][2]string `json:"details"`
}

func caseAccess() func(p *Portal, r store.Reader, number, code string) (*feedback.CaseInfo, error) {
	for i := len(extensions) - 1; i >= 0; i-- {
		if extensions[i].CaseAccess != nil {
			return extensions[i].CaseAccess
		}
	}
	return nil
}
