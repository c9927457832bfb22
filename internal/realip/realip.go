// Package realip finds the client of an HTTP request when the node sits
// behind reverse proxies: X-Forwarded-For and X-Forwarded-Proto are
// believed only when the TCP peer is a proxy the operator listed, and the
// client is the rightmost forwarded address that is not such a proxy (what
// nginx's real_ip module does with real_ip_recursive on). The leftmost
// entry is whatever the client chose to write, so it is never used.
package realip

import (
	"errors"
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// EnvTrusted names the trusted proxies: a comma-separated list of
// addresses and CIDR prefixes, e.g. "127.0.0.1,10.0.0.0/8,fd00::/8".
const EnvTrusted = "GOVCHAIN_TRUSTED_PROXIES"

// envLegacy trusted every peer's X-Forwarded-For; it is refused so that
// an operator who set it learns the header is no longer believed.
const envLegacy = "GOVCHAIN_TRUST_PROXY"

// ErrConfig is a trusted-proxies setting that cannot be used.
var ErrConfig = errors.New("trusted proxies")

// Proxies are the reverse proxies whose forwarding headers are believed.
// The zero value trusts none: the TCP peer is the client.
type Proxies struct {
	nets []netip.Prefix
}

// Parse reads a comma-separated list of addresses and prefixes.
func Parse(list string) (Proxies, error) {
	var p Proxies
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return Proxies{}, fmt.Errorf("%w: %q is neither an address nor a CIDR prefix", ErrConfig, f)
			}
			a = a.Unmap().WithZone("")
			f = netip.PrefixFrom(a, a.BitLen()).String()
		}
		n, err := netip.ParsePrefix(f)
		if err != nil {
			return Proxies{}, fmt.Errorf("%w: %q: %v", ErrConfig, f, err)
		}
		if n.Addr().Is4In6() {
			if n.Bits() < 96 {
				return Proxies{}, fmt.Errorf("%w: %q mixes IPv4-mapped and IPv6 addresses", ErrConfig, f)
			}
			n = netip.PrefixFrom(n.Addr().Unmap(), n.Bits()-96)
		}
		p.nets = append(p.nets, n.Masked())
	}
	return p, nil
}

// FromEnv reads EnvTrusted. The old GOVCHAIN_TRUST_PROXY=1, which
// believed any peer, is refused with an error that says what to set.
func FromEnv(getenv func(string) string) (Proxies, error) {
	if v := getenv(envLegacy); v != "" {
		return Proxies{}, fmt.Errorf("%w: %s=%s is no longer supported (it believed X-Forwarded-For from any client); "+
			"unset it and list your reverse proxies instead, e.g. %s=127.0.0.1 (see docs/security.md)", ErrConfig, envLegacy, v, EnvTrusted)
	}
	return Parse(getenv(EnvTrusted))
}

// Any reports whether any proxy is trusted.
func (p Proxies) Any() bool { return len(p.nets) > 0 }

// Trusted reports whether a is one of the proxies.
func (p Proxies) Trusted(a netip.Addr) bool {
	a = a.Unmap().WithZone("")
	for _, n := range p.nets {
		if n.Contains(a) {
			return true
		}
	}
	return false
}

// Peer is the TCP peer of a request (the zero Addr if RemoteAddr does not
// parse, which net/http never produces).
func Peer(r *http.Request) netip.Addr { return ParseHostPort(r.RemoteAddr) }

// ParseHostPort reads "host:port" or a bare host, IPv4-mapped IPv6
// addresses as IPv4.
func ParseHostPort(s string) netip.Addr {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap().WithZone("")
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}
	}
	return a.Unmap().WithZone("")
}

// Client is the request's client: the peer, or, when the peer is a
// trusted proxy, the rightmost X-Forwarded-For address that is not one. If
// every forwarded address is a proxy the leftmost is taken; an entry that
// does not parse ends the walk at the last proxy.
func (p Proxies) Client(r *http.Request) netip.Addr {
	c := Peer(r)
	if !p.Trusted(c) {
		return c
	}
	hops := forwarded(r.Header, "X-Forwarded-For")
	for i := len(hops) - 1; i >= 0; i-- {
		a := ParseHostPort(hops[i])
		if !a.IsValid() {
			return c
		}
		c = a
		if !p.Trusted(a) {
			return c
		}
	}
	return c
}

// HTTPS reports whether the client reached us over TLS: directly, or as a
// trusted proxy says in X-Forwarded-Proto (its rightmost value, the one
// the nearest proxy wrote). Another peer's header is ignored.
func (p Proxies) HTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if !p.Trusted(Peer(r)) {
		return false
	}
	v := forwarded(r.Header, "X-Forwarded-Proto")
	return len(v) > 0 && strings.EqualFold(v[len(v)-1], "https")
}

// forwarded is a list header's entries, in order, across repeated lines.
func forwarded(h http.Header, name string) []string {
	var out []string
	for _, line := range h.Values(name) {
		for _, f := range strings.Split(line, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// Key is the limiter key of a client address: an IPv4 address itself, an
// IPv6 address its /64 (one subscriber usually holds a whole /64, so
// keying on the address would let them be 2^64 clients).
func Key(a netip.Addr) string {
	a = a.Unmap().WithZone("")
	if a.Is6() {
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.String()
}
