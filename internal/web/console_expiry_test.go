package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/identity"
)

// TestExpiryBannerAndMetrics: a member whose validity runs out within
// gov.expiry_warning_days shows in the banner of their department's admin
// (not of another department's admin, not of the member) and as
// govchain_expiring 1 at /metrics; one far off shows in the metrics only.
func TestExpiryBannerAndMetrics(t *testing.T) {
	e := newEnv(t, Options{})
	admin, err := loadKey(e.home, e.p.suite, "nrb-admin", "")
	if err != nil {
		t.Fatal(err)
	}
	addrOf := func(name string) string {
		k, err := loadKey(e.home, e.p.suite, name, "")
		if err != nil {
			t.Fatal(err)
		}
		return cryptosuite.Address(e.p.suite, k.Public())
	}
	set := func(name string, until time.Time) {
		t.Helper()
		_, err := e.p.Send(context.Background(), admin, "identity", "set_validity", identity.SetValidity{Address: addrOf(name), ValidUntilUnix: until.Unix(), Reason: "contract"})
		if err != nil {
			t.Fatalf("set_validity %s: %v", name, err)
		}
	}
	set("nrb-clerk", time.Now().Add(10*24*time.Hour))
	set("nrb-reviewer", time.Now().Add(200*24*time.Hour))

	page := e.staff("nrb-admin").get("/staff?lang=en")
	if page.Status != http.StatusOK || !strings.Contains(page.Body, `id="expiry-banner"`) || !strings.Contains(page.Body, "nrb-clerk") ||
		strings.Contains(page.Body, "nrb-reviewer") {
		t.Fatalf("nrb-admin's console: %d, banner missing or wrong:\n%s", page.Status, page.Body)
	}
	for _, who := range []string{"eeb-admin", "nrb-clerk"} {
		if b := e.staff(who).get("/staff").Body; strings.Contains(b, `id="expiry-banner"`) {
			t.Fatalf("%s sees the banner", who)
		}
	}
	m := e.client().get("/metrics").Body
	for _, want := range []string{
		`govchain_expiring{department="nrb",kind="account",subject="nrb-clerk"} 1`,
		`govchain_expiring{department="nrb",kind="account",subject="nrb-reviewer"} 0`,
		`govchain_expiry_timestamp_seconds{department="nrb",kind="account",subject="nrb-clerk"}`,
	} {
		if !strings.Contains(m, want) {
			t.Fatalf("metrics lack %s", want)
		}
	}
}
