package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLimiter(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLimiter(2, time.Minute, func() time.Time { return now })
	if !l.allow("a") || !l.allow("a") || l.allow("a") {
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
}

func TestLockoutCounts(t *testing.T) {
	now := time.Unix(0, 0)
	l := newLockout(5, 15*time.Minute, func() time.Time { return now })
	for i := 5; i >= 1; i-- {
		if left, locked := l.fail("x"); locked || left != i {
			t.Fatalf("failure %d: left %d locked %v", 6-i, left, locked)
		}
	}
	if _, locked := l.fail("x"); !locked {
		t.Fatal("sixth failure did not lock")
	}
	if _, ok := l.locked("x"); !ok {
		t.Fatal("not locked")
	}
	now = now.Add(15*time.Minute + time.Second)
	if _, ok := l.locked("x"); ok {
		t.Fatal("lock did not expire")
	}
	if left, _ := l.fail("x"); left != 5 {
		t.Fatalf("counter not reset after the lock: %d", left)
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
