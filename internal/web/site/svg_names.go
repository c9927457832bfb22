package site

// The chart helpers other charts of the portal build on (the evaluation
// area's trend and target charts).

// Esc escapes s for SVG text.
func Esc(s string) string { return esc(s) }

// Hash is a short stable hash of s, for element ids.
func Hash(s string) uint32 { return hash(s) }

// TrimFloat writes v without trailing zeros.
func TrimFloat(v float64) string { return trimFloat(v) }
