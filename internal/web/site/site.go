// Package site is what a portal area (internal/web/<module>web) sees of
// the portal core (internal/web): the Core interface it calls, the
// Extension it hands back, and the small types and helpers both sides
// share. It imports neither the core nor any area, so areas never import
// the core or each other; the core lists the areas once, in
// portalExtensions (internal/web/extensions.go).
package site

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/store"
)

// Core is the portal as an area uses it: routes, rendering, the reader's
// language, the signed-in member, rate limits, chain writes, and the node
// (committed state, the query index, the app).
type Core interface {
	// Node is the node the portal serves: Store (committed state), Index
	// (the query index; SQL lives in the module that owns the tables),
	// App, Config, AccessLog.
	Node() *node.Node
	Log() *slog.Logger
	Suite() cryptosuite.Suite
	// Now is the wall clock (rate limits and sessions only).
	Now() time.Time
	// BlockTime is the latest block's time: deadlines and overdue flags
	// are measured against it, as the chain does.
	BlockTime() time.Time

	// Page registers an HTML route (security headers, CSRF on POST).
	Page(pattern string, h http.HandlerFunc)
	// Staff registers a console page for signed-in members holding one
	// of roles (any member if none).
	Staff(pattern string, h StaffHandler, roles ...string)
	// API registers a JSON route under /api/v1 and documents it in the
	// OpenAPI document. JSON routes use no session and no template.
	API(method, path string, doc APIDoc, h http.HandlerFunc)
	// Member is the request's signed-in member, nil if none: for public
	// pages that show staff more (JSON routes never ask).
	Member(r *http.Request) *Session

	// Render writes a page with the layout; the page's template is one of
	// some area's Templates (or the core's).
	Render(w http.ResponseWriter, r *http.Request, pg Page)
	// RenderPerBlock is Render for a page showing only data computed
	// through PerBlock (dataHeight: the height that data is of): for a
	// visitor who is not signed in the rendered page is kept, by
	// language, path and query, and served again until the node's height
	// or dataHeight moves, as the home page is. Call it only for queries
	// from a bounded set (no free text), else use Render.
	RenderPerBlock(w http.ResponseWriter, r *http.Request, dataHeight int64, pg Page)
	// Fail renders an error page with status.
	Fail(w http.ResponseWriter, r *http.Request, status int, text string)
	// NotFound renders the 404 page (or the JSON error under /api/).
	NotFound(w http.ResponseWriter, r *http.Request)
	// Lang is the request's language (remembering a ?lang= switch).
	Lang(w http.ResponseWriter, r *http.Request) string
	// T looks a message up in the catalog (every area's Messages).
	T(lang, key string, args ...any) string
	// HasMessage reports whether key is in the catalog.
	HasMessage(key string) bool
	// ErrText is an error in the reader's words (registered refusals).
	ErrText(lang string, err error) string
	// DeptName is a department's name in lang, or its id if unknown.
	DeptName(lang, id string) string
	// VerifyURL is the absolute address of the verify page for code.
	VerifyURL(r *http.Request, code string) string
	// QueryErr logs a failed read and reports whether it failed.
	QueryErr(what string, err error) bool
	// PerBlock is key's value at the node's current height, computed
	// once per block (or the last one computed while that is brought up
	// to date). compute must use only the context it is given. Keys are
	// shared by all areas: start them with the area's name.
	PerBlock(r *http.Request, key string, compute func(ctx context.Context) (any, error)) (any, error)

	// Client is the key rate limits use for the request's client.
	Client(r *http.Request) string
	// Limiter is one of the portal's per-client limits (LimitPublic, …).
	Limiter(name string) Limiter

	// Send signs a transaction with key and waits for its block.
	Send(ctx context.Context, key cryptosuite.PrivateKey, module, action string, payload any) (*Result, error)
	// Gateway is the key that signs citizens' writes, nil when this node
	// has none (GatewayKeyName).
	Gateway() cryptosuite.PrivateKey
	// ParticipantHash is the keyed participant hash of a citizen's phone
	// (or, without one, e-mail) under the city key this node holds beside
	// its gateway account (internal/participant); "" when it holds none or
	// neither is given. Counted by the evaluation, never shown.
	ParticipantHash(phone, email string) module.Hash
	// DataKey is a department's data key (decrypts personal data).
	DataKey(dept string) (cryptosuite.PrivateKey, error)
	// CaseAccess checks a citizen's case number and access code (the
	// area that owns cases provides it), nil when no area does.
	CaseAccess() CaseAccess
}

// CaseAccess checks a case number and access code against committed
// state, for 好差评 ratings.
type CaseAccess func(r store.Reader, number, code string) (*feedback.CaseInfo, error)

// StaffHandler serves a console page for a signed-in member.
type StaffHandler func(w http.ResponseWriter, r *http.Request, s *Session)

// Limiter names: the portal's per-client token buckets.
const (
	LimitPublic    = "public"     // public writes, per client
	LimitObjection = "objection"  // objections, per client and case
	LimitWrongCode = "wrong_code" // wrong access codes, per client
)

// Limiter is a token bucket per key.
type Limiter interface {
	// Allow takes a token for key, reporting whether there was one.
	Allow(key string) bool
	// Empty reports, without taking one, whether key has no token left.
	Empty(key string) bool
}

// Result is a committed transaction.
type Result struct {
	Hash   []byte
	Height int64
}

// GatewayKeyName is the account that signs citizens' writes (objections,
// ratings, suggestions) on their behalf.
const GatewayKeyName = "gsd-gateway"

// Session is a signed-in staff member, as areas see it. Key is the
// member's decrypted signing key: it signs the member's transactions and
// goes nowhere else (never into a page, a log or a response).
type Session struct {
	ID         string
	Name       string
	Address    string
	Department string
	Roles      []string
	Key        cryptosuite.PrivateKey
}

// HasRole reports whether the member holds role r.
func (s *Session) HasRole(r string) bool {
	for _, x := range s.Roles {
		if x == r {
			return true
		}
	}
	return false
}
