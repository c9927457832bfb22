package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/realip"
)

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, time.Minute, 100, func() time.Time { return now })
	first, second, third := l.allow("a"), l.allow("a"), l.allow("a")
	if !first || !second || third {
		t.Fatal("burst of 2 not enforced")
	}
	if !l.allow("b") {
		t.Fatal("buckets are not per key")
	}
	now = now.Add(30 * time.Second)
	if l.allow("a") {
		t.Fatal("refilled too fast")
	}
	now = now.Add(31 * time.Second)
	if !l.allow("a") || l.allow("a") {
		t.Fatal("one token per minute")
	}
	if !l.empty("a") || l.empty("b") || l.empty("never seen") {
		t.Fatal("empty")
	}
}

// TestLimiterMemoryBound: a client cycling through addresses does not grow
// the table past its cap; the most recent keys are the ones kept.
func TestLimiterMemoryBound(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(1, time.Hour, 1000, func() time.Time { return now })
	for i := range 100_000 {
		l.allow(fmt.Sprintf("2001:db8:%x::/64", i))
	}
	if n := l.b.len(); n != 1000 {
		t.Fatalf("table holds %d keys, cap 1000", n)
	}
	if l.allow(fmt.Sprintf("2001:db8:%x::/64", 99_999)) {
		t.Fatal("the most recent key was forgotten")
	}
	s := newSigninThrottle(time.Second, time.Minute, 0, time.Hour, 500, func() time.Time { return now })
	for i := range 10_000 {
		s.fail(fmt.Sprintf("198.51.%d.%d", i/256, i%256), "hub-admin")
	}
	if n := s.t.len(); n != 500 {
		t.Fatalf("throttle holds %d keys, cap 500", n)
	}
}

func TestAccountKeyBounded(t *testing.T) {
	if got := accountKey("aud-auditor"); got != "aud-auditor" {
		t.Errorf("short name: %q", got)
	}
	long := strings.Repeat("x", 1<<20)
	if got := accountKey(long); len(got) > 64 || got != accountKey(long) || got == accountKey(long+"y") {
		t.Errorf("long name key: %d bytes", len(got))
	}
}

// TestAccountCeilingNotExhaustibleByOneClient: one client guessing one
// account as fast as the throttle lets it, for a day, never empties the
// account's ceiling with the default numbers (so only many clients can
// trigger it, and even then the owner's known browser gets in).
func TestAccountCeilingNotExhaustibleByOneClient(t *testing.T) {
	var o Options
	o.TrustedProxies = new(realip.Proxies)
	if err := o.defaults(); err != nil {
		t.Fatal(err)
	}
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	s := newSigninThrottle(o.SigninBase, o.SigninMax, o.SigninClientFree, o.SigninForget, o.MaxKeys, clock)
	acct := newLimiter(o.AccountFailBurst, o.AccountFailEvery, o.MaxKeys, clock)
	tries := 0
	for end := now.Add(24 * time.Hour); now.Before(end); tries++ {
		if acct.empty("aud-auditor") {
			t.Fatalf("one client emptied the account ceiling after %d tries, %s", tries, now.Sub(time.Unix(0, 0)))
		}
		acct.allow("aud-auditor")
		now = now.Add(s.fail("attacker", "aud-auditor"))
	}
	if tries < 90 {
		t.Fatalf("only %d tries in a day: the loop did not run", tries)
	}
}

// TestSigninThrottle: the wait doubles from base to max for the client
// that fails, a success clears it for that account, and another client is
// never slowed.
func TestSigninThrottle(t *testing.T) {
	now := time.Unix(0, 0)
	s := newSigninThrottle(time.Second, 15*time.Minute, 3, time.Hour, 1000, func() time.Time { return now })
	want := []time.Duration{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900}
	for i, w := range want {
		if d := s.wait("attacker", "aud-auditor"); d != 0 {
			t.Fatalf("failure %d: still waiting %s", i+1, d)
		}
		if got := s.fail("attacker", "aud-auditor"); got != w*time.Second {
			t.Fatalf("failure %d: wait %s, want %s", i+1, got, w*time.Second)
		}
		if s.wait("owner", "aud-auditor") != 0 {
			t.Fatal("another client is slowed")
		}
		now = now.Add(w * time.Second)
	}
	// Per client, whatever account: three free failures, then doubling.
	for i, w := range []time.Duration{0, 0, 0, 1, 2, 4} {
		if got := s.wait("guesser", "other"); got != 0 {
			t.Fatalf("guesser %d: waits %s before trying", i, got)
		}
		if got := s.fail("guesser", fmt.Sprintf("acct-%d", i)); got != max(w*time.Second, time.Second) {
			t.Fatalf("guesser failure %d: %s", i+1, got)
		}
		if w > 0 && s.wait("guesser", "fresh-account") != w*time.Second {
			t.Fatalf("guesser failure %d: the per-client wait does not cover other accounts", i+1)
		}
		now = now.Add(max(w, 1) * time.Second)
	}
	// Success clears the client's count for that account.
	s.fail("typo", "nrb-clerk")
	now = now.Add(time.Second)
	s.succeed("typo", "nrb-clerk")
	if got := s.fail("typo", "nrb-clerk"); got != time.Second {
		t.Fatalf("after success: %s", got)
	}
	// An idle hour forgives.
	now = now.Add(time.Hour + time.Second)
	if got := s.fail("attacker", "aud-auditor"); got != time.Second {
		t.Fatalf("after an idle hour: %s", got)
	}
}

func TestQueueOrder(t *testing.T) {
	now := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	items := []QueueItem{
		{Title: "no deadline old", Opened: now.Add(-72 * time.Hour)},
		{Title: "due later", Due: now.Add(72 * time.Hour)},
		{Title: "overdue", Due: now.Add(-time.Hour)},
		{Title: "due soon", Due: now.Add(time.Hour)},
		{Title: "very overdue", Due: now.Add(-48 * time.Hour)},
	}
	sortQueue(items, now)
	var got []string
	for _, it := range items {
		got = append(got, it.Title)
	}
	want := "very overdue,overdue,due soon,due later,no deadline old"
	if strings.Join(got, ",") != want {
		t.Fatalf("order %v", got)
	}
}

func TestBarChartEscapes(t *testing.T) {
	svg := string(BarChart(`<t>`, []Bar{{Label: `<script>`, Value: 3}, {Label: "b", Value: 0}}, ""))
	if strings.Contains(svg, "<script>") || strings.Contains(svg, "<t>") || !strings.Contains(svg, `role="img"`) {
		t.Fatalf("chart: %s", svg)
	}
}

// TestSessionCookie: HttpOnly, SameSite=Strict, and a new id at sign-in.
func TestSessionCookie(t *testing.T) {
	e := newEnv(t, Options{})
	b := e.client()
	form := url.Values{"name": {"nrb-clerk"}, "password": {e.pw["nrb-clerk"]}, "csrf": {b.csrf("/staff/login")}}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/staff/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	var c *http.Cookie
	for _, x := range r.Cookies() {
		if x.Name == sessionCookie {
			c = x
		}
	}
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || len(c.Value) < 40 {
		t.Fatalf("session cookie: %+v", c)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
		if b.get("/").Status != 200 {
			t.Fatal("home")
		}
		resp, _ := http.Get(e.srv.URL + "/")
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
		resp.Body.Close()
	}
}
