package cli_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/module/sharing"
)

// TestSharingCLI: on the dev chain, the seeded catalogue lists by class;
// the ecology bureau grants two of three fields of the housing bureau's
// pending request through `govchain sharing answer`; a delivery is
// recorded with the hash of a file; a field outside the grant is refused
// with sharing/6; after revocation the next delivery is refused with
// sharing/11; the statistics count the grant.
func TestSharingCLI(t *testing.T) {
	dev := startDevCLI(t)
	home, addr, g := dev.home, dev.addr, dev.ok
	var cat api.CatalogList
	if err := json.Unmarshal([]byte(g("sharing", "catalog", "--class", "conditional", "--json")), &cat); err != nil || len(cat.Resources) != 2 {
		t.Fatalf("catalog: %v %+v", err, cat)
	}
	if out := g("sharing", "resource", "eeb-eia-approvals"); !strings.Contains(out, "applicant_name") || !strings.Contains(out, "conditional") {
		t.Fatalf("resource:\n%s", out)
	}
	var req sharing.Request
	if err := json.Unmarshal([]byte(g("sharing", "answer", "1", "grant", "--fields", "parcel_id,conclusion", "--valid-days", "30", "--from", "eeb-reviewer", "--json")), &req); err != nil ||
		req.State != sharing.StateGranted || len(req.Grant.Fields) != 2 {
		t.Fatalf("answer: %v %+v", err, req)
	}
	delivered := filepath.Join(t.TempDir(), "delivered.json")
	os.WriteFile(delivered, []byte(`{"parcel_id":"PS-G01-0101","conclusion":"同意"}`), 0o600)
	if out := g("sharing", "record-access", "1", "--fields", "parcel_id,conclusion", "--purpose", "审查", "--file", delivered, "--from", "eeb-reviewer"); !strings.Contains(out, "access 1 recorded") {
		t.Fatalf("record-access:\n%s", out)
	}
	// Over HTTP from the owner's node (the dev node serves the ecology
	// bureau's example CSV): decrypted with hub's data key, hash checked
	// against the chain.
	fetched := filepath.Join(t.TempDir(), "eia.json")
	g("sharing", "fetch", "1", "--owner-node", "http://"+addr, "--fields", "parcel_id,conclusion", "--key-field", "parcel_id",
		"--key-value", "PS-G01-0101", "--purpose", "审查", "--from", "hub-reviewer", "--out", fetched)
	if b, err := os.ReadFile(fetched); err != nil || !strings.Contains(string(b), "同意建设") || strings.Contains(string(b), "刘志强") {
		t.Fatalf("fetched: %v\n%s", err, b)
	}
	var acc []sharing.Access
	getAPI(t, addr, "/api/v1/sharing/access?grant=1", &acc)
	if len(acc) != 2 {
		t.Fatalf("access records %+v", acc)
	}
	out, code := run(t, "sharing", "fetch", "1", "--owner-node", "http://"+addr, "--fields", "applicant_name", "--purpose", "审查",
		"--from", "hub-reviewer", "--home", home, "--node", "http://"+addr)
	if code != 2 || !strings.Contains(out, "sharing/6") {
		t.Fatalf("fetch of a field outside the grant: exit %d\n%s", code, out)
	}
	out, code = run(t, "sharing", "record-access", "1", "--fields", "approval_no", "--purpose", "审查", "--file", delivered, "--from", "eeb-reviewer", "--home", home, "--node", "http://"+addr)
	if code != 2 || !strings.Contains(out, "sharing/6") {
		t.Fatalf("field outside the grant: exit %d\n%s", code, out)
	}
	g("sharing", "revoke", "1", "--reason", "数据更正", "--from", "eeb-admin")
	out, code = run(t, "sharing", "record-access", "1", "--fields", "parcel_id", "--purpose", "审查", "--file", delivered, "--from", "eeb-reviewer", "--home", home, "--node", "http://"+addr)
	if code != 2 || !strings.Contains(out, "sharing/11") {
		t.Fatalf("after revocation: exit %d\n%s", code, out)
	}
	out, code = run(t, "sharing", "fetch", "1", "--owner-node", "http://"+addr, "--fields", "parcel_id", "--purpose", "审查",
		"--from", "hub-reviewer", "--home", home, "--node", "http://"+addr)
	if code != 2 || !strings.Contains(out, "sharing/11") {
		t.Fatalf("fetch after revocation: exit %d\n%s", code, out)
	}
	var st api.SharingStats
	if err := json.Unmarshal([]byte(g("sharing", "stats", "--department", "eeb", "--json")), &st); err != nil || len(st.Rows) != 1 || st.Rows[0].Grants != 1 {
		t.Fatalf("stats: %v %+v", err, st)
	}
	if out := g("sharing", "requests", "--department", "hub"); !strings.Contains(out, "eeb-eia-approvals") {
		t.Fatalf("requests:\n%s", out)
	}
}

func getAPI(t *testing.T, addr, path string, out any) {
	t.Helper()
	r, err := http.Get("http://" + addr + path)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Body.Close()
	if err := json.NewDecoder(r.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}
