package web

// A read that fails must not look like "nothing here": an approvals queue
// that shows empty when the index is down invites the wrong conclusion.
// Handlers log the failure with the portal's logger and mark the page;
// Render then shows err.query_failed and the templates leave out their
// "nothing to show" lines.

// queryFailer is page data that can say a read failed.
type queryFailer interface{ QueryFailed() bool }

// queryErr logs a failed read (what names it) and reports whether it failed.
func (p *Portal) queryErr(what string, err error) bool {
	if err == nil {
		return false
	}
	p.log.Error("query failed", "what", what, "err", err)
	return true
}
