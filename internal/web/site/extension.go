package site

import (
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/store"
)

// Extension is a portal area: its pages, staff pages, JSON routes,
// templates and messages. An area's package builds one
// (landweb.Extension()) and the core lists it once, in portalExtensions.
// Every field is optional.
type Extension struct {
	Name string
	// Nav and StaffNav add entries to the public and console navigation.
	Nav      []NavItem
	StaffNav []NavItem
	// Routes adds pages (c.Page, c.Staff) and JSON routes (c.API).
	Routes func(c Core)
	// Figures adds live figures to the home page.
	Figures func(c Core, r *http.Request) []Figure
	// Latest adds entries to the home page's "latest notices and
	// decisions" (newest first; the home page merges and cuts to limit).
	Latest func(c Core, r *http.Request, limit int) []LatestItem
	// Queue adds a staff member's pending work to "My queue".
	Queue func(c Core, r *http.Request, s *Session) []QueueItem
	// Verify resolves a document verification code; (nil, nil) when the
	// code is not one of this area's.
	Verify func(c Core, r *http.Request, code string) (*Verified, error)
	// CaseAccess checks a citizen's case number and access code against
	// committed state, for 好差评 ratings (the workflow area provides it;
	// without it the rating form says ratings are unavailable). The last
	// area in the list with CaseAccess is used; Core.CaseAccess hands it
	// to the areas that take ratings.
	CaseAccess func(c Core, r store.Reader, number, code string) (*feedback.CaseInfo, error)
	// Schemas names the Go types its JSON routes' APIDoc.Body and
	// APIDoc.Response refer to (OpenAPI components).
	Schemas map[string]any
	// Funcs adds template functions (bound to the page's language).
	Funcs func(c Core, lang string) template.FuncMap
	// Templates holds the area's page files under templates/ (go:embed
	// in the area's package). File names are unique across the portal;
	// partials_<name>.html files are parsed with every page.
	Templates fs.FS
	// Messages is the area's message table: key → {zh-CN, en}.
	Messages map[string][2]string
}

// NavItem is one entry of the site navigation.
type NavItem struct {
	Path  string
	Label string // message key
	Key   string // marks the active entry
	Role  string // staff entries: shown only to holders of this role ("" = all)
}

// Page describes one page to render.
type Page struct {
	Template string // file name under templates/
	Title    string // message key
	Active   string // nav key
	Status   int    // default 200
	Notice   string // message shown in a notice box (already translated)
	Error    string // message shown in an error box (already translated)
	// Failed marks a page whose reads failed (also set when Data says so,
	// see QueryState): it shows err.query_failed.
	Failed bool
	Data   any
}

// QueryState is embedded in a page's data to carry a failed read to
// Render: a queue that shows empty when the index is down invites the
// wrong conclusion.
type QueryState struct {
	Failed bool
}

// QueryFailed reports whether a read behind the page failed.
func (q QueryState) QueryFailed() bool { return q.Failed }

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
