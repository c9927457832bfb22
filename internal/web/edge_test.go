package web

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/realip"
)

// TestHTTPEdge (issue #10 items 4 and 9): forwarding headers believed from
// trusted proxies only, HTTPS through a proxy gives Secure cookies and
// HSTS, no listing under /static/, 413 for an oversized form, nosniff on
// API answers.
func TestHTTPEdge(t *testing.T) {
	e := newEnv(t, Options{WrongCodeBurst: 1, AccountFailBurst: 3}) // trusts a proxy at 127.0.0.1 (serve)

	// The same node behind no trusted proxy: the test client is a client.
	none := realip.Proxies{}
	direct, err := New(e.n, slog.New(slog.NewTextHandler(io.Discard, nil)), Options{WrongCodeBurst: 1, Now: e.now.Now, TrustedProxies: &none})
	if err != nil {
		t.Fatal(err)
	}
	srv := api.New(e.n, nil)
	direct.Routes(srv.Mux())
	ds := httptest.NewServer(srv.Handler())
	defer ds.Close()

	do := func(base, method, path string, hdr map[string]string, body io.Reader) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, body)
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		r, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, r.Body)
		r.Body.Close()
		return r
	}
	track := func(base, xff string) int {
		return do(base, "GET", "/api/v1/land/cases/LAND-2026-999999?code=AAAA-BBBB-CCCC-DDDD", map[string]string{"X-Forwarded-For": xff}, nil).StatusCode
	}

	t.Run("spoofed X-Forwarded-For from an untrusted peer is ignored", func(t *testing.T) {
		if st := track(ds.URL, "203.0.113.1"); st != http.StatusForbidden {
			t.Fatalf("first wrong code: %d", st)
		}
		// A new forged address does not make a new client.
		if st := track(ds.URL, "203.0.113.2"); st != http.StatusTooManyRequests {
			t.Fatalf("forged address got a fresh allowance: %d", st)
		}
	})
	t.Run("through a trusted proxy the rightmost untrusted address is the client", func(t *testing.T) {
		if st := track(e.srv.URL, "6.6.6.6, 203.0.113.10, 127.0.0.1"); st != http.StatusForbidden {
			t.Fatalf("first: %d", st)
		}
		// The client forges another leftmost entry: still 203.0.113.10.
		if st := track(e.srv.URL, "7.7.7.7, 203.0.113.10"); st != http.StatusTooManyRequests {
			t.Fatalf("forged leftmost entry: %d", st)
		}
		if st := track(e.srv.URL, "203.0.113.11"); st != http.StatusForbidden {
			t.Fatalf("another client: %d", st)
		}
	})
	t.Run("HTTPS through a trusted proxy: Secure cookies and HSTS", func(t *testing.T) {
		for _, tc := range []struct {
			name, base string
			proto      string
			https      bool
		}{
			{"trusted proxy, https", e.srv.URL, "https", true},
			{"trusted proxy, http", e.srv.URL, "http", false},
			{"untrusted peer claims https", ds.URL, "https", false},
		} {
			t.Run(tc.name, func(t *testing.T) {
				r := do(tc.base, "GET", "/staff/login", map[string]string{"X-Forwarded-Proto": tc.proto}, nil)
				if got := r.Header.Get("Strict-Transport-Security") != ""; got != tc.https {
					t.Errorf("HSTS %q, want present=%v", r.Header.Get("Strict-Transport-Security"), tc.https)
				}
				var csrf *http.Cookie
				for _, c := range r.Cookies() {
					if c.Name == csrfCookie {
						csrf = c
					}
				}
				if csrf == nil || csrf.Secure != tc.https {
					t.Errorf("csrf cookie %+v, want Secure=%v", csrf, tc.https)
				}
			})
		}
		// The session cookie of a sign-in over HTTPS.
		b := e.client()
		form := url.Values{"name": {"nrb-clerk"}, "password": {e.pw["nrb-clerk"]}, "csrf": {b.csrf("/staff/login")}}
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/staff/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-Proto", "https")
		r, err := b.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		var sess *http.Cookie
		for _, c := range r.Cookies() {
			if c.Name == sessionCookie {
				sess = c
			}
		}
		if r.StatusCode != http.StatusSeeOther || sess == nil || !sess.Secure || r.Header.Get("Strict-Transport-Security") == "" {
			t.Fatalf("sign-in over https: %d, cookie %+v", r.StatusCode, sess)
		}
	})
	t.Run("many clients guessing: the owner's known browser still signs in", func(t *testing.T) {
		owner := e.clientAt("198.51.100.77")
		if r := owner.login("aud-auditor", e.pw["aud-auditor"]); r.Status != http.StatusSeeOther {
			t.Fatalf("owner: %d", r.Status)
		}
		owner.submit("/staff", "/staff/logout", url.Values{})
		for i := range 3 { // the ceiling is 3 here (100 by default)
			if r := e.clientAt(fmt.Sprintf("203.0.113.%d", 100+i)).login("aud-auditor", "guess"); r.Status != http.StatusUnauthorized {
				t.Fatalf("guess %d: %d", i, r.Status)
			}
		}
		if r := e.clientAt("192.0.2.200").login("aud-auditor", e.pw["aud-auditor"]); r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "多处") {
			t.Fatalf("a new browser while the account is under attack: %d", r.Status)
		}
		if r := owner.login("aud-auditor", e.pw["aud-auditor"]); r.Status != http.StatusSeeOther {
			t.Fatalf("the owner's browser while the account is under attack: %d %s", r.Status, r.Body)
		}
	})
	t.Run("no directory listing under /static/", func(t *testing.T) {
		for _, p := range []string{"/static/", "/static", "/static/.", "/static/../static/"} {
			if st := do(e.srv.URL, "GET", p, nil, nil).StatusCode; st == http.StatusOK || st == http.StatusMovedPermanently {
				t.Errorf("%s: %d", p, st)
			}
		}
		if st := do(e.srv.URL, "GET", "/static/style.css", nil, nil).StatusCode; st != http.StatusOK {
			t.Errorf("style.css: %d", st)
		}
	})
	t.Run("an oversized form is 413, not 403", func(t *testing.T) {
		big := strings.Repeat("x", maxFormBody+1)
		b := e.staff("nrb-clerk")
		if r := b.post("/staff/logout", url.Values{"pad": {big}}); r.Status != http.StatusRequestEntityTooLarge || !strings.Contains(r.Body, "2 MiB") {
			t.Errorf("urlencoded: %d", r.Status)
		}
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", b.csrf("/staff"))
		fw, _ := mw.CreateFormFile("file_land_use_permit", "permit.pdf")
		fw.Write([]byte(big))
		mw.Close()
		req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/staff/logout", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if r := b.do(req); r.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("multipart: %d", r.Status)
		}
	})
	t.Run("nosniff on API answers", func(t *testing.T) {
		for _, p := range []string{"/api/v1/status", "/api/v1/accounts", "/api/v1/nothing", "/healthz", "/api/v1/land/notices"} {
			if h := do(e.srv.URL, "GET", p, nil, nil).Header.Get("X-Content-Type-Options"); h != "nosniff" {
				t.Errorf("%s: X-Content-Type-Options %q", p, h)
			}
		}
	})
}
