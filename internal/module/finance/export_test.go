package finance

import "testing"

// NewTestSealer lets the external tests seal as testSealer does.
func NewTestSealer(t testing.TB) *PayeeSealer { return testSealer(t) }
