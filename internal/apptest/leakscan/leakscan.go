// Package leakscan looks for known personal data (test fixtures) in bytes
// that anyone may read: exported state, API answers, pages. It finds each
// secret in every encoding a record or an answer could carry it in: raw
// UTF-8, hex (lower and upper), base64 (standard and URL alphabets, with
// or without padding, at any byte alignment inside a larger blob) and
// JSON \u escapes. Modules add their fixtures and scan what they publish.
package leakscan

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"
)

// minNeedle: shorter encodings of a secret would match random data.
const minNeedle = 6

type needle struct {
	secret, encoding string
	b                []byte
}

// Scanner holds every encoding of every secret, indexed by their first
// minNeedle bytes so a scan is one pass over the data.
type Scanner struct {
	byPrefix map[string][]needle
	count    int
}

// Finding is a secret found somewhere.
type Finding struct {
	Where, Secret, Encoding string
}

func (f Finding) String() string {
	return fmt.Sprintf("%s: %q (%s)", f.Where, f.Secret, f.Encoding)
}

// New prepares a scanner for the secrets (empty ones are skipped).
func New(secrets []string) *Scanner {
	s := &Scanner{byPrefix: map[string][]needle{}}
	for _, sec := range secrets {
		if sec == "" {
			continue
		}
		for enc, forms := range Encodings(sec) {
			for _, f := range forms {
				if len(f) < minNeedle {
					continue
				}
				k := f[:minNeedle]
				s.byPrefix[k] = append(s.byPrefix[k], needle{secret: sec, encoding: enc, b: []byte(f)})
				s.count++
			}
		}
	}
	return s
}

// Needles is how many encoded forms the scanner looks for.
func (s *Scanner) Needles() int { return s.count }

// Scan reports every secret in data, once per secret and encoding.
func (s *Scanner) Scan(where string, data []byte) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for i := 0; i+minNeedle <= len(data); i++ {
		for _, n := range s.byPrefix[string(data[i:i+minNeedle])] {
			if len(data)-i >= len(n.b) && string(data[i:i+len(n.b)]) == string(n.b) && !seen[n.secret+n.encoding] {
				seen[n.secret+n.encoding] = true
				out = append(out, Finding{Where: where, Secret: n.secret, Encoding: n.encoding})
			}
		}
	}
	return out
}

// Encodings lists the forms a secret can take, by encoding name.
func Encodings(secret string) map[string][]string {
	b := []byte(secret)
	out := map[string][]string{
		"raw":       {secret},
		"hex":       {hex.EncodeToString(b)},
		"HEX":       {strings.ToUpper(hex.EncodeToString(b))},
		"base64":    base64Forms(b, base64.StdEncoding),
		"base64url": base64Forms(b, base64.URLEncoding),
	}
	out["json-u"] = jsonEscapes(secret)
	return out
}

// base64Forms are the characters of the encoding that depend on the secret
// alone, for each of the three byte alignments it can have inside a longer
// blob; padding never lies inside them, so padded and unpadded encodings
// both match.
func base64Forms(b []byte, enc *base64.Encoding) []string {
	var out []string
	for k := 0; k < 3; k++ {
		s := enc.EncodeToString(append(make([]byte, k), b...))
		start := (8*k + 5) / 6        // first character made of secret bits only
		end := (8 * (k + len(b))) / 6 // past the last such character
		if end > start && end <= len(s) {
			out = append(out, s[start:end])
		}
	}
	return out
}

// jsonEscapes: every character escaped, or only the non-ASCII ones, with
// lower- or upper-case hex digits.
func jsonEscapes(secret string) []string {
	var out []string
	for _, all := range []bool{true, false} {
		for _, format := range []string{`\u%04x`, `\u%04X`} {
			var sb strings.Builder
			escaped := false
			for _, r := range secret {
				if !all && r < 0x80 {
					sb.WriteRune(r)
					continue
				}
				escaped = true
				if r > 0xFFFF {
					a, b := utf16.EncodeRune(r)
					fmt.Fprintf(&sb, format+format, a, b)
				} else {
					fmt.Fprintf(&sb, format, r)
				}
			}
			if escaped {
				out = append(out, sb.String())
			}
		}
	}
	return out
}
