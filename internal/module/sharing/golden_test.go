package sharing_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/sharing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden_apphash_intl.txt")

// TestGoldenAppHash pins the sharing module's state encoding and its
// block-end behaviour: a fixed scenario running every action (catalogue
// versions and retirement, each share class, answer, overdue escalation,
// arbitration, access records, revocation) must end in this app hash.
// Regenerate deliberately with
// go test ./internal/module/sharing -run TestGoldenAppHash -update
func TestGoldenAppHash(t *testing.T) {
	c := apptest.New(t, apptest.Options{Suite: cryptosuite.Intl, Start: cst("2026-09-16 09:00:00")})
	registerAll(c)
	r := eiaResource()
	r.Frequency = "weekly"
	c.MustDo("eeb-admin", "sharing", "register_resource", r)
	ask(t, c, "nrb-reviewer", "hub-enterprise-qualifications", "credit_code")
	answered := ask(t, c, "hub-reviewer", "eeb-eia-approvals", "parcel_id", "conclusion")
	overdue := ask(t, c, "hub-admin", "eeb-eia-approvals", "approval_no")
	notShared := ask(t, c, "nrb-admin", "aud-working-papers", "audit_no")
	c.MustDo("eeb-reviewer", "sharing", "answer", grant(answered, c.Now().Add(30*24*time.Hour), 3, "parcel_id"))
	c.MustDo("eeb-reviewer", "sharing", "record_access", sharing.RecordAccess{Grant: answered, Fields: []string{"parcel_id"},
		Purpose: "审查", RequesterAccount: c.Addrs["hub-reviewer"], DeliveredHash: hashA})
	c.MustDo("eeb-admin", "sharing", "revoke", sharing.Revoke{Grant: answered, Reason: "更正"})
	c.MustDo("gsd-admin", "sharing", "arbitrate", refuse(notShared, sharing.ReasonNotShared))
	c.MustDo("hub-admin", "sharing", "retire_resource", sharing.RetireResource{ID: "hub-enterprise-qualifications", Reason: "迁移"})
	c.Advance(cst("2026-10-01 00:00:00").Sub(c.Now()))
	c.Block()
	if s := request(t, c, overdue).State; s != sharing.StateArbitration {
		t.Fatalf("overdue request %s", s)
	}
	c.MustDo("gsd-admin", "sharing", "arbitrate", grant(overdue, c.Now().Add(24*time.Hour), 0, "approval_no"))
	got := c.AppHash()
	path := filepath.Join("testdata", "golden_apphash_intl.txt")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	if got != strings.TrimSpace(string(want)) {
		t.Fatalf("app hash %s, golden %s: sharing state encoding or block-end behaviour changed", got, strings.TrimSpace(string(want)))
	}
}
