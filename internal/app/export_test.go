package app

// What the external tests (package app_test, on apptest) need to see of
// the app's internals. Compiled only with the tests.

// RecentTxBlocks is how many blocks RecentTxLog remembers.
const RecentTxBlocks = recentTxBlocks

// CachedCheck says whether CheckTx's verification of the tx with this hash
// is cached, and whether the entry keeps the decoded payload.
func (a *App) CachedCheck(hash []byte) (cached, withPayload bool) {
	a.sigs.mu.Lock()
	defer a.sigs.mu.Unlock()
	e, ok := a.sigs.entries[string(hash)]
	return ok && e.tx != nil, ok && e.payload != nil
}

// SetSequentialChecks turns FinalizeBlock's parallel pre-checks off (on)
// so a test can compare both paths' results.
func (a *App) SetSequentialChecks(on bool) { a.sequentialChecks = on }
