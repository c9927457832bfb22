package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/apptest/leakscan"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/datasource"
	"github.com/pingshan/govchain/internal/delivery"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
	"github.com/pingshan/govchain/internal/tx"
)

// TestSharingFetchOverHTTP: the ecology bureau's node serves a granted
// parcel's approval from a CSV file over POST /api/v1/sharing/fetch; the
// access is on chain (with the hash the housing bureau checks) before the
// answer leaves the node; only the housing bureau opens it; a field outside
// the grant is refused with sharing/6; after revocation the next fetch is
// refused with sharing/11 and nothing more is recorded.
func TestSharingFetchOverHTTP(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "node")
	port, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: "pingshan-fetch", Suite: "intl", Validators: 1, OutDir: dir, Single: true, Demo: true,
		BasePort: port, HTTPAddr: fmt.Sprintf("127.0.0.1:%d", port+2), TimeoutCommit: 100 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	h := node.Home(dir)
	csvPath := filepath.Join(dir, "eia.csv")
	os.WriteFile(csvPath, []byte("parcel_id,approval_no,conclusion,applicant_name\nPS-G01-0101,坪环批〔2026〕12号,同意,刘志强\n"), 0o600)
	cfg, _ := json.Marshal(api.SharingSources{Account: "eeb-reviewer", Sources: map[string]datasource.Config{
		"eeb-eia-approvals": {Kind: "csv", Path: csvPath}}})
	if err := os.WriteFile(api.SharingSourcesFile(h), cfg, 0o600); err != nil {
		t.Fatal(err)
	}
	n, err := node.Open(h, node.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { n.Stop() })
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := n.WaitForHeight(ctx, 1); err != nil {
		t.Fatal(err)
	}
	suite := n.App.Suite()
	kr, err := keyring.Open(h.KeyringDir(), suite)
	if err != nil {
		t.Fatal(err)
	}
	key := func(name string) cryptosuite.PrivateKey {
		k, err := kr.Load(name, "")
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	do := func(name, action string, payload any) {
		t.Helper()
		k := key(name)
		addr := cryptosuite.Address(suite, k.Public())
		acct, err := identity.GetAccount(n.Store.Committed(), addr)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(payload)
		raw, err := tx.Build(k, addr, "pingshan-fetch", acct.Sequence, "sharing", action, b)
		if err != nil {
			t.Fatal(err)
		}
		res, err := n.Submit(ctx, raw, true)
		if err != nil || res.Code != 0 {
			t.Fatalf("%s %s: %v %+v", name, action, err, res)
		}
	}
	do("eeb-admin", "register_resource", sharing.RegisterResource{ID: "eeb-eia-approvals", NameZH: "环评审批", NameEN: "EIA approvals",
		Description: "d", ShareClass: sharing.ClassConditional, LegalBasis: "《环境影响评价法》", Frequency: "daily",
		Fields: []sharing.Field{{Name: "parcel_id", Type: "code"}, {Name: "approval_no", Type: "code"}, {Name: "conclusion", Type: "text"},
			{Name: "applicant_name", Type: "text", Personal: true}}})
	do("hub-reviewer", "request", sharing.RequestData{Resource: "eeb-eia-approvals", Fields: []string{"parcel_id", "conclusion", "approval_no"},
		Purpose: "审查", DurationDays: 30})
	until := time.Now().Add(30 * 24 * time.Hour).UTC().Truncate(time.Second)
	do("eeb-reviewer", "answer", sharing.Decide{Request: 1, Decision: sharing.DecisionGrant, Fields: []string{"parcel_id", "conclusion"}, ValidUntil: &until})

	srv := httptest.NewServer(api.New(n, nil).Handler())
	defer srv.Close()
	hub := key("hub-reviewer")
	fetch := func(fields ...string) (*http.Response, []byte) {
		t.Helper()
		sf, err := delivery.Sign(hub, delivery.Fetch{ChainID: "pingshan-fetch", Grant: 1, Fields: fields, KeyField: "parcel_id", KeyValue: "PS-G01-0101",
			Purpose: "审查", Account: cryptosuite.Address(suite, hub.Public()), Time: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(sf)
		r, err := http.Post(srv.URL+"/api/v1/sharing/fetch", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		var buf bytes.Buffer
		buf.ReadFrom(r.Body)
		return r, buf.Bytes()
	}
	r, body := fetch("parcel_id", "conclusion")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("fetch: %d %s", r.StatusCode, body)
	}
	var d delivery.Delivery
	if err := json.Unmarshal(body, &d); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(body, []byte("同意")) {
		t.Fatal("the answer holds data in clear")
	}
	got, err := delivery.Open(suite, &d, "hub", key(network.DataKeyName("hub")))
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"PS-G01-0101", "同意"}}; !reflect.DeepEqual(got.Rows, want) {
		t.Fatalf("rows %q", got.Rows)
	}
	if _, err := delivery.Open(suite, &d, "nrb", key(network.DataKeyName("nrb"))); err == nil {
		t.Fatal("nrb opened hub's delivery")
	}
	acc, err := sharing.Accesses(n.Store.Committed())
	if err != nil || len(acc) != 1 || acc[0].DeliveredHash != d.Hash {
		t.Fatalf("access on chain: %v %+v", err, acc)
	}
	wantRefusal := func(code uint32, fields ...string) {
		t.Helper()
		r, body := fetch(fields...)
		var e api.ErrorBody
		json.Unmarshal(body, &e)
		if r.StatusCode == http.StatusOK || e.Codespace != "sharing" || e.Code != code {
			t.Fatalf("want sharing/%d, got %d %s", code, r.StatusCode, body)
		}
	}
	wantRefusal(6, "applicant_name")
	do("eeb-admin", "revoke", sharing.Revoke{Grant: 1, Reason: "更正"})
	wantRefusal(11, "parcel_id")
	if acc, _ := sharing.Accesses(n.Store.Committed()); len(acc) != 1 {
		t.Fatalf("refused fetches were recorded: %d", len(acc))
	}
	// None of the shared data is in state or in the public answers, in any
	// encoding (hex, base64, JSON escapes).
	scan := leakscan.New([]string{"坪环批〔2026〕12号", "刘志强", "PS-G01-0101,", "同意"})
	var found []leakscan.Finding
	keys := 0
	n.Store.Committed().Iterate(nil, func(k, v []byte) bool {
		keys++
		found = append(found, scan.Scan("state "+string(k), v)...)
		return true
	})
	if keys < 10 {
		t.Fatalf("scanned only %d state keys", keys)
	}
	for _, path := range []string{"/api/v1/sharing/catalog", "/api/v1/sharing/requests", "/api/v1/sharing/access", "/api/v1/sharing/requests/1"} {
		r, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		buf.ReadFrom(r.Body)
		r.Body.Close()
		found = append(found, scan.Scan(path, buf.Bytes())...)
	}
	if len(found) > 0 {
		t.Fatalf("shared data in clear: %v", found)
	}
}
