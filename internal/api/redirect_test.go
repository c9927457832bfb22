package api

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestRedirectHandler: GET and HEAD go to the same path over HTTPS on the
// node's port, whatever host form the client used; other methods are
// refused rather than redirected.
func TestRedirectHandler(t *testing.T) {
	h := RedirectHandler("8443")
	for _, tc := range []struct {
		name, method, host, target string
		wantCode                   int
		wantLoc                    string
	}{
		{"name with port", "GET", "portal.gov.local:8080", "/land?case=1", http.StatusPermanentRedirect, "https://portal.gov.local:8443/land?case=1"},
		{"ipv4 no port", "HEAD", "10.0.0.2", "/", http.StatusPermanentRedirect, "https://10.0.0.2:8443/"},
		{"ipv6", "GET", "[::1]:8080", "/healthz", http.StatusPermanentRedirect, "https://[::1]:8443/healthz"},
		{"ipv6 no port", "GET", "[::1]", "/", http.StatusPermanentRedirect, "https://[::1]:8443/"},
		{"post refused", "POST", "10.0.0.2:8080", "/api/v1/txs", http.StatusMisdirectedRequest, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "http://x"+tc.target, nil)
			r.Host = tc.host
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.wantCode || w.Header().Get("Location") != tc.wantLoc {
				t.Fatalf("got %d %q, want %d %q", w.Code, w.Header().Get("Location"), tc.wantCode, tc.wantLoc)
			}
		})
	}
}
