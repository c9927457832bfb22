package realip

import (
	"crypto/tls"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestClient(t *testing.T) {
	p, err := Parse("127.0.0.1, 10.0.0.0/8, fd00::/8")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy, no header", "203.0.113.7:5000", nil, "203.0.113.7"},
		{"untrusted peer's header is ignored", "203.0.113.7:5000", []string{"198.51.100.1"}, "203.0.113.7"},
		{"one proxy", "127.0.0.1:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"spoofed leftmost entry through a proxy", "127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.1"}, "198.51.100.1"},
		{"chain of proxies", "127.0.0.1:5000", []string{"6.6.6.6, 198.51.100.1, 10.1.2.3", "10.9.9.9"}, "198.51.100.1"},
		{"all hops trusted: the leftmost", "127.0.0.1:5000", []string{"10.0.0.5, 10.0.0.6"}, "10.0.0.5"},
		{"garbage stops at the last proxy", "127.0.0.1:5000", []string{"6.6.6.6, nonsense, 10.0.0.6"}, "10.0.0.6"},
		{"proxy without the header", "127.0.0.1:5000", nil, "127.0.0.1"},
		{"IPv6 client through a proxy", "[fd00::1]:443", []string{"2001:db8::5"}, "2001:db8::5"},
		{"IPv4-mapped peer", "[::ffff:127.0.0.1]:80", []string{"198.51.100.9"}, "198.51.100.9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tc.peer
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := p.Client(r).String(); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestHTTPS(t *testing.T) {
	p, _ := Parse("127.0.0.1")
	for _, tc := range []struct {
		name, peer, proto string
		tls               bool
		want              bool
	}{
		{"plain", "127.0.0.1:1", "", false, false},
		{"trusted proxy says https", "127.0.0.1:1", "https", false, true},
		{"nearest proxy's value counts", "127.0.0.1:1", "https, http", false, false},
		{"untrusted peer says https", "203.0.113.7:1", "https", false, false},
		{"direct TLS", "203.0.113.7:1", "", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/", nil)
			r.RemoteAddr = tc.peer
			if tc.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if got := p.HTTPS(r); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestConfig(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if _, err := FromEnv(env(map[string]string{"GOVCHAIN_TRUST_PROXY": "1"})); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), EnvTrusted) {
		t.Errorf("legacy setting: %v", err)
	}
	if p, err := FromEnv(env(nil)); err != nil || p.Any() {
		t.Errorf("unset: %v %v", p, err)
	}
	for _, bad := range []string{"localhost", "10.0.0.0/33", "1.2.3"} {
		if _, err := Parse(bad); !errors.Is(err, ErrConfig) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	p, err := Parse("::ffff:10.0.0.0/104")
	if err != nil || !p.Trusted(ParseHostPort("10.1.1.1")) {
		t.Errorf("mapped prefix: %v", err)
	}
}

func TestKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"198.51.100.7", "198.51.100.7"},
		{"::ffff:198.51.100.7", "198.51.100.7"},
		{"2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"},
		{"2001:db8:1:2:bbbb::9", "2001:db8:1:2::/64"},
	} {
		if got := Key(ParseHostPort(tc.in)); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.in, got, tc.want)
		}
	}
}
