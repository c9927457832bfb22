// Package hygiene holds the checks every text that reaches the chain or a
// form passes: no invisible direction controls or control characters, and
// the shape (and check digits) of identity numbers, phone numbers and e-mail
// addresses. The checks are pure functions of their input, so the payload
// decoder (consensus) and clients (before sealing) can share them.
package hygiene
