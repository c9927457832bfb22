package testnet_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/apptest/leakscan"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/delivery"
	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/testnet"
)

// TestSharingAcrossNodes (issue #13, "Must show"): four departments on
// four nodes — Ecology (node 0, which serves its example CSV), Housing
// (node 1), Natural Resources (node 2), the data bureau (node 3). Housing
// asks for Ecology's conditional resource through its own node; Ecology's
// reviewer grants two fields for 30 days through Ecology's node; a Housing
// reviewer's fetch goes over HTTP to Ecology's node; only Housing's data
// key opens it; the hash the access record holds on chain (read from
// Housing's node) is the hash of what Housing received; a field outside
// the grant is refused (sharing/6); an unconditional resource is granted
// in the block of its request; a not-shared one without a legal basis is
// refused (sharing/5); after revocation the next fetch is refused
// (sharing/11). Finally no node's state, and no public sharing answer of
// any node, holds the shared data in any encoding.
//
// The escalation of an unanswered request at its tenth working day, over
// a weekend, a holiday and a make-up working day, needs block times that
// step over days; it runs the same application code in
// internal/module/sharing (TestOverdueExactlyAtTheTenthWorkingDay,
// TestArbitrationLapses), where block times can be set.
func TestSharingAcrossNodes(t *testing.T) {
	if testing.Short() {
		t.Skip("starts four node processes")
	}
	order := []string{"eeb", "hub", "nrb", "gsd", "gov", "fin", "aud"}
	var depts []network.Department
	for _, id := range order {
		for _, d := range network.DemoDepartments() {
			if d.ID == id {
				depts = append(depts, d)
			}
		}
	}
	nw, err := testnet.Create(bin, t.TempDir(), network.Options{Suite: cryptosuite.Intl, Validators: 4, Departments: depts, TimeoutCommit: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	secrets, err := demo.WriteSharingSources(nw.Nodes[0].Home)
	if err != nil {
		t.Fatal(err)
	}
	if err := nw.StartAll(); err != nil {
		t.Fatal(err)
	}
	defer nw.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	for i := range nw.Nodes {
		if err := nw.WaitReady(ctx, i, 2); err != nil {
			t.Fatal(err)
		}
	}
	const eeb, hub, nrb, gsd = 0, 1, 2, 3
	// key loads a staff or data key from the keyring of its department's
	// node, or of the bundle of a department without a node.
	key := func(dir, name string) cryptosuite.PrivateKey {
		t.Helper()
		kr, err := keyring.Open(dir, nw.Suite)
		if err != nil {
			t.Fatal(err)
		}
		k, err := kr.Load(name, "")
		if err != nil {
			t.Fatalf("%s in %s: %v", name, dir, err)
		}
		return k
	}
	home := func(i int) node.Home { return node.Home(nw.Nodes[i].Home) }
	signers := map[string]*client.Signer{}
	do := func(i int, dir, who, action string, payload any) *node.SubmitResult {
		t.Helper()
		s := signers[who]
		if s == nil {
			if s, err = client.NewSigner(ctx, nw.Client(i), key(dir, who), nw.Suite); err != nil {
				t.Fatal(err)
			}
			signers[who] = s
		}
		raw, err := s.Build("sharing", action, payload)
		if err != nil {
			t.Fatal(err)
		}
		res, err := s.C.Broadcast(ctx, raw, false)
		if err != nil {
			t.Fatalf("%s %s: %v", who, action, err)
		}
		return res
	}
	must := func(res *node.SubmitResult) *node.SubmitResult {
		t.Helper()
		if res.Code != 0 {
			t.Fatalf("refused: %s/%d %s", res.Codespace, res.Code, res.Log)
		}
		return res
	}

	must(do(eeb, home(eeb).KeyringDir(), "eeb-admin", "register_resource", sharing.RegisterResource{ID: "eeb-eia-approvals",
		NameZH: "建设项目环境影响评价审批结果（按地块）", NameEN: "Environmental impact approvals by parcel", Description: "环评批复",
		ShareClass: sharing.ClassConditional, LegalBasis: "《环境影响评价法》；《政务数据共享条例》", Frequency: "daily",
		Fields: []sharing.Field{{Name: "parcel_id", Type: "code"}, {Name: "approval_no", Type: "code"}, {Name: "approval_date", Type: "date"},
			{Name: "conclusion", Type: "text"}, {Name: "requirements", Type: "text"},
			{Name: "applicant_name", Type: "text", Personal: true}, {Name: "applicant_contact", Type: "text", Personal: true}}}))
	must(do(hub, home(hub).KeyringDir(), "hub-admin", "register_resource", sharing.RegisterResource{ID: "hub-enterprise-qualifications",
		NameZH: "建筑业企业资质", NameEN: "Construction enterprise qualifications", Description: "资质", ShareClass: sharing.ClassUnconditional,
		Frequency: "daily", Fields: []sharing.Field{{Name: "credit_code", Type: "code"}, {Name: "qualification", Type: "text"}}}))
	must(do(nrb, network.KeyBundleDir(nw.Dir, "aud"), "aud-admin", "register_resource", sharing.RegisterResource{ID: "aud-working-papers",
		NameZH: "审计工作底稿", NameEN: "Audit working papers", Description: "底稿", ShareClass: sharing.ClassNone, LegalBasis: "《审计法》",
		Frequency: "irregular", Fields: []sharing.Field{{Name: "audit_no", Type: "code"}}}))

	t.Run("unconditional granted in the block of its request", func(t *testing.T) {
		res := must(do(nrb, home(nrb).KeyringDir(), "nrb-reviewer", "request", sharing.RequestData{Resource: "hub-enterprise-qualifications",
			Fields: []string{"credit_code"}, Purpose: "核验施工单位资质", DurationDays: 30}))
		// The request went through nrb's node; gsd's answers once it has the block.
		if err := nw.WaitReady(ctx, gsd, res.Height); err != nil {
			t.Fatal(err)
		}
		var rl api.RequestList
		if err := nw.Client(gsd).Get(ctx, "/api/v1/sharing/requests?resource=hub-enterprise-qualifications", &rl); err != nil || len(rl.Requests) != 1 {
			t.Fatalf("%v %+v", err, rl)
		}
		list := rl.Requests
		if r := list[0]; r.State != sharing.StateGranted || r.Answer.Height != res.Height || r.Height != res.Height {
			t.Fatalf("request at %d: %+v %+v", res.Height, r, r.Answer)
		}
	})
	t.Run("not shared without a legal basis refused", func(t *testing.T) {
		res := do(nrb, home(nrb).KeyringDir(), "nrb-reviewer", "request", sharing.RequestData{Resource: "aud-working-papers",
			Fields: []string{"audit_no"}, Purpose: "核对", DurationDays: 30})
		if res.Codespace != "sharing" || res.Code != sharing.ErrNotShared.Code {
			t.Fatalf("got %s/%d %s", res.Codespace, res.Code, res.Log)
		}
	})

	pending := must(do(hub, home(hub).KeyringDir(), "hub-reviewer", "request", sharing.RequestData{Resource: "eeb-eia-approvals",
		Fields: []string{"parcel_id", "approval_no", "conclusion"}, Purpose: "建设工程规划许可审查：核验地块环评批复", LegalBasis: "《建设工程质量管理条例》", DurationDays: 30}))
	// Sent through the hub's node: the ecology node lists it once it has
	// committed and indexed that block.
	if err := nw.WaitReady(ctx, eeb, pending.Height); err != nil {
		t.Fatal(err)
	}
	var rl api.RequestList
	err = nw.Client(eeb).Get(ctx, "/api/v1/sharing/requests?resource=eeb-eia-approvals", &rl)
	reqs := rl.Requests
	if err != nil || len(reqs) != 1 || reqs[0].State != sharing.StatePending {
		t.Fatalf("pending request on the ecology node: %v %+v", err, reqs)
	}
	grant := reqs[0].ID
	var st struct {
		LatestBlockTime time.Time `json:"latest_block_time"`
	}
	nw.Client(eeb).Get(ctx, "/api/v1/status", &st)
	base := st.LatestBlockTime
	if base.IsZero() {
		base = time.Now()
	}
	until := base.Add(29 * 24 * time.Hour).UTC().Truncate(time.Second)
	must(do(eeb, home(eeb).KeyringDir(), "eeb-reviewer", "answer", sharing.Decide{Request: grant, Decision: sharing.DecisionGrant,
		Fields: []string{"parcel_id", "conclusion"}, ValidUntil: &until}))

	hubKey := key(home(hub).KeyringDir(), "hub-reviewer")
	hubAddr := cryptosuite.Address(nw.Suite, hubKey.Public())
	chainID := signers["hub-reviewer"].ChainID
	fetch := func(fields ...string) (*delivery.Delivery, error) {
		sf, err := delivery.Sign(hubKey, delivery.Fetch{ChainID: chainID, Grant: grant, Fields: fields, KeyField: "parcel_id",
			KeyValue: "PS-G01-0101", Purpose: "审查", Account: hubAddr, Time: time.Now().UTC()})
		if err != nil {
			t.Fatal(err)
		}
		return client.New(nw.Nodes[eeb].API).FetchShared(ctx, sf)
	}
	wantCode := func(err error, code uint32) {
		t.Helper()
		var ae *client.APIError
		if !errors.As(err, &ae) || ae.Codespace != "sharing" || ae.Code != code {
			t.Fatalf("want sharing/%d, got %v", code, err)
		}
	}
	d, err := fetch("parcel_id", "conclusion")
	if err != nil {
		t.Fatal(err)
	}
	got, err := delivery.Open(nw.Suite, d, "hub", key(home(hub).KeyringDir(), network.DataKeyName("hub")))
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"PS-G01-0101", "同意建设"}}; !reflect.DeepEqual(got.Rows, want) {
		t.Fatalf("rows %q, want %q", got.Rows, want)
	}
	for _, i := range []int{nrb, gsd} {
		dept := order[i]
		if _, err := delivery.Open(nw.Suite, d, dept, key(home(i).KeyringDir(), network.DataKeyName(dept))); !errors.Is(err, sealed.ErrNotReader) {
			t.Fatalf("%s opened the delivery: %v", dept, err)
		}
	}
	// The record on chain, read from Housing's own node, holds the hash of
	// what Housing received (Open checked the bytes against d.Hash).
	var acc []*sharing.Access
	for deadline := time.Now().Add(30 * time.Second); ; {
		if err := nw.Client(hub).Get(ctx, fmt.Sprintf("/api/v1/sharing/access?grant=%d", grant), &acc); err == nil && len(acc) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no access record on the housing node: %+v", acc)
		}
		time.Sleep(200 * time.Millisecond)
	}
	if a := acc[0]; a.DeliveredHash != d.Hash || a.RequesterAccount != hubAddr || !slices.Equal(a.Fields, []string{"parcel_id", "conclusion"}) {
		t.Fatalf("access %+v, delivered hash %s", a, d.Hash)
	}

	_, err = fetch("parcel_id", "applicant_name")
	wantCode(err, sharing.ErrFieldNotInScope.Code)
	// eeb-reviewer is also the node account that recorded the delivery (its
	// sequence moved on): the admin revokes.
	must(do(eeb, home(eeb).KeyringDir(), "eeb-admin", "revoke", sharing.Revoke{Grant: grant, Reason: "批复更正"}))
	_, err = fetch("parcel_id")
	wantCode(err, sharing.ErrGrantInvalid.Code)

	// No shared content in clear anywhere public: every node's answers,
	// then (stopped) every node's state.
	scan := leakscan.New(append(secrets, "坪环批〔2026〕12号", "施工期落实扬尘与噪声防治措施", "PS-G01-0101,"))
	var found []leakscan.Finding
	for i := range nw.Nodes {
		for _, path := range []string{"/api/v1/sharing/catalog", "/api/v1/sharing/requests", "/api/v1/sharing/access",
			fmt.Sprintf("/api/v1/sharing/requests/%d", grant), "/api/v1/sharing/stats", "/api/v1/sharing/stats?by=requester"} {
			var raw json.RawMessage
			if err := nw.Client(i).Get(ctx, path, &raw); err != nil {
				t.Fatalf("node %d %s: %v", i, path, err)
			}
			found = append(found, scan.Scan(fmt.Sprintf("node %d %s", i, path), raw)...)
		}
	}
	nw.Shutdown()
	for i := range nw.Nodes {
		s, err := store.OpenReadOnly(home(i).StateDir())
		if err != nil {
			t.Fatal(err)
		}
		keys := 0
		s.Committed().Iterate(nil, func(k, v []byte) bool {
			keys++
			found = append(found, scan.Scan(fmt.Sprintf("node %d state %s", i, k), v)...)
			return true
		})
		s.Close()
		if keys < 50 {
			t.Fatalf("node %d: scanned only %d state keys", i, keys)
		}
	}
	if len(found) > 0 {
		t.Fatalf("shared data in clear: %v", found)
	}
}
