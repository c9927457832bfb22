package web

import "github.com/pingshan/govchain/internal/web/site"

// Wrong case numbers and access codes (tracking a land case, rating a
// case) are counted per client: a client that used up its allowance
// waits, everyone else is unaffected. There is no per-case count: an
// access code has 80 bits (workflow.NewAccessCode), so guessing one is
// hopeless at any rate a limiter would allow, while a per-case count
// would let one client lock the applicant out of their own case.
var errTooManyWrongCodes = site.ErrTooManyWrongCodes

// wrongCodeBlocked reports whether client has used up its wrong codes.
// Checked before the code, so a blocked client learns nothing new.
func (p *Portal) wrongCodeBlocked(client string) bool { return p.codeLimit.empty(client) }

// wrongCode charges one wrong code to client.
func (p *Portal) wrongCode(client string) { p.codeLimit.allow(client) }
