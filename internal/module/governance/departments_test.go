package governance_test

import (
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/tx"
)

// The seven demo departments have weight 1 each.
var voters = []string{"nrb-admin", "fin-admin", "eeb-admin", "hub-admin", "gsd-admin", "aud-admin"}

// voteUntil casts yes votes of voters[:n] after gov-admin proposed, and
// checks the state after each: open until the last one, which decides.
func voteUntil(t *testing.T, c *apptest.Chain, id uint64, n int, final string) {
	t.Helper()
	for i, who := range voters[:n] {
		if r := vote(c, who, id, governance.Yes); r.Code != 0 {
			t.Fatalf("%s: %s", who, r.Log)
		}
		want := governance.StateVoting
		if i == n-1 {
			want = final
		}
		if p := proposal(t, c, id); p.State != want {
			t.Fatalf("after %d yes: %s (%s), want %s", i+2, p.State, p.Result, want)
		}
	}
}

func pubHex(t *testing.T, c *apptest.Chain, name string) string {
	return hex.EncodeToString(apptest.Key(t, c.Suite, name).Public().Bytes())
}

// TestDeptAddAtTheEdge: under the default 2/3 quorum, 4 of 7 yes votes
// leave a dept_add open and the 5th passes it; the new department exists
// with its admin, its weight is in gov.weights with the proposal in the
// history, and its admin votes on the next proposal.
func TestDeptAddAtTheEdge(t *testing.T) {
	c := newChain(t, nil)
	body := governance.DeptAddBody{ID: "edu", NameZH: "教育局", NameEN: "Education Bureau",
		EncryptionKey: pubHex(t, c, "edu-data"), Admins: []identity.NewAdmin{{Name: "edu-admin", PublicKey: pubHex(t, c, "edu-admin")}}}
	w := uint64(2)
	body.Weight = &w
	id := propose(t, c, "gov-admin", governance.TypeDeptAdd, body)
	voteUntil(t, c, id, 4, governance.StatePassed)
	d, err := identity.LiveDepartment(c.State(), "edu")
	if err != nil || d.NameZH != "教育局" || len(d.EncryptionKey) == 0 {
		t.Fatalf("edu: %+v %v", d, err)
	}
	addr, err := identity.AddressByName(c.State(), "edu-admin")
	if err != nil {
		t.Fatal(err)
	}
	a, _ := identity.GetAccount(c.State(), addr)
	if a.Department != "edu" || !a.Signer().HasRole(module.RoleAdmin) || a.Status != identity.StatusActive {
		t.Fatalf("edu-admin: %+v", a)
	}
	ps, err := governance.GetParamState(c.State(), governance.ParamWeights)
	if err != nil || ps == nil || string(ps.Value) != `{"edu":2}` || ps.History[len(ps.History)-1].Proposal != id {
		t.Fatalf("gov.weights: %+v %v", ps, err)
	}
	// The same id cannot be proposed again.
	b, _ := json.Marshal(body)
	wantCode(t, c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: governance.TypeDeptAdd, Payload: b}), identity.ErrDepartmentExists)
	// The new admin signs with the key named in the proposal.
	c.Keys["edu-admin"] = apptest.Key(t, c.Suite, "edu-admin")
	c.Addrs["edu-admin"] = addr
	next := propose(t, c, "edu-admin", governance.TypeDeptRename, governance.DeptRenameBody{Department: "edu", NameZH: "教育局（新）", NameEN: "Education Bureau"})
	if p := proposal(t, c, next); p.Tally.Total != 9 || p.Tally.Yes != 2 {
		t.Fatalf("tally with edu: %+v", p.Tally)
	}
}

// TestDeptProposalRefusals: bodies are checked when proposed, strictly.
func TestDeptProposalRefusals(t *testing.T) {
	c := newChain(t, nil)
	for _, tc := range []struct {
		name, typ, body string
		want            *errcode.Error
	}{
		{"add: existing id", governance.TypeDeptAdd, `{"id":"nrb","name_zh":"x","name_en":"x","encryption_key":"00","admins":[{"name":"a-admin","public_key":"00"}]}`, identity.ErrDepartmentExists},
		{"add: no admins", governance.TypeDeptAdd, `{"id":"edu","name_zh":"x","name_en":"x","encryption_key":"00","admins":[]}`, tx.ErrInvalidPayload},
		{"add: weight above 1000", governance.TypeDeptAdd, `{"id":"edu","name_zh":"x","name_en":"x","encryption_key":"00","admins":[{"name":"a","public_key":"00"}],"weight":1001}`, tx.ErrInvalidPayload},
		{"add: duplicate key", governance.TypeDeptAdd, `{"id":"edu","id":"nrb","name_zh":"x","name_en":"x","encryption_key":"00","admins":[{"name":"a","public_key":"00"}]}`, tx.ErrInvalidPayload},
		{"add: wrong-case key", governance.TypeDeptAdd, `{"ID":"edu","name_zh":"x","name_en":"x","encryption_key":"00","admins":[{"name":"a","public_key":"00"}]}`, tx.ErrInvalidPayload},
		{"rename: unknown", governance.TypeDeptRename, `{"department":"zzz","name_zh":"x","name_en":"x"}`, identity.ErrDepartmentNotFound},
		{"rename: empty name", governance.TypeDeptRename, `{"department":"nrb","name_zh":"","name_en":"x"}`, tx.ErrInvalidPayload},
		{"retire: with into", governance.TypeDeptRetire, `{"department":"nrb","into":"hub"}`, tx.ErrInvalidPayload},
		{"merge: without into", governance.TypeDeptMerge, `{"department":"nrb"}`, tx.ErrInvalidPayload},
		{"merge: into itself", governance.TypeDeptMerge, `{"department":"nrb","into":"nrb"}`, tx.ErrInvalidPayload},
		{"merge: into unknown", governance.TypeDeptMerge, `{"department":"nrb","into":"zzz"}`, identity.ErrDepartmentNotFound},
		{"gateway: bad address", governance.TypeGateway, `{"address":"XYZ","grant":true}`, tx.ErrInvalidPayload},
		{"gateway: already holds", governance.TypeGateway, `{"address":"` + c.Addrs["gsd-gateway"] + `","grant":true}`, governance.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Do("gov-admin", "governance", "propose", governance.Propose{Type: tc.typ, Payload: json.RawMessage(tc.body)})
			wantCode(t, r, tc.want)
		})
	}
	// Only admins propose (the action table).
	b, _ := json.Marshal(governance.DeptRenameBody{Department: "nrb", NameZH: "x", NameEN: "x"})
	wantCode(t, c.Do("nrb-clerk", "governance", "propose", governance.Propose{Type: governance.TypeDeptRename, Payload: b}), tx.ErrRoleNotAllowed)
}

// TestGatewayRoleByProposal: the platform grants the gateway role by a
// passed proposal (4 yes of 7 leave it open, the 5th grants), and revokes
// it the same way; the account then may not submit for citizens.
func TestGatewayRoleByProposal(t *testing.T) {
	c := newChain(t, nil)
	clerk := c.Addrs["nrb-clerk"]
	id := propose(t, c, "gov-admin", governance.TypeGateway, governance.GatewayBody{Address: clerk, Grant: true})
	voteUntil(t, c, id, 4, governance.StatePassed)
	a, _ := identity.GetAccount(c.State(), clerk)
	if !a.Signer().HasRole(module.RoleGateway) || !a.Signer().HasRole(module.RoleClerk) {
		t.Fatalf("roles after grant: %v", a.Roles)
	}
	id = propose(t, c, "gov-admin", governance.TypeGateway, governance.GatewayBody{Address: clerk, Grant: false})
	voteUntil(t, c, id, 4, governance.StatePassed)
	a, _ = identity.GetAccount(c.State(), clerk)
	if a.Signer().HasRole(module.RoleGateway) {
		t.Fatalf("roles after revoke: %v", a.Roles)
	}
	// A revoke that would leave the account with no role fails on
	// execution, and changes nothing.
	gw := c.Addrs["gsd-gateway"]
	id = propose(t, c, "gov-admin", governance.TypeGateway, governance.GatewayBody{Address: gw, Grant: false})
	voteUntil(t, c, id, 4, governance.StateFailed)
	if a, _ := identity.GetAccount(c.State(), gw); !a.Signer().HasRole(module.RoleGateway) {
		t.Fatal("the failed revoke changed the account")
	}
}

// TestDeptRetireAtTheEdge: removal is stricter — 3/4 of the weight must
// vote: 5 of 7 yes leave it open, the 6th passes it. The retired
// department's accounts are suspended, it leaves the committee, and it
// cannot be renamed, merged into or named again.
func TestDeptRetireAtTheEdge(t *testing.T) {
	c := newChain(t, nil)
	id := propose(t, c, "gov-admin", governance.TypeDeptRetire, governance.DeptRetireBody{Department: "eeb"})
	// eeb-admin votes too: a department may vote on its own retirement.
	voteUntil(t, c, id, 5, governance.StatePassed)
	d, _ := identity.GetDepartment(c.State(), "eeb")
	if d.Retired == nil || d.Retired.Successor != "" || d.Retired.Authority == "" {
		t.Fatalf("eeb: %+v", d)
	}
	a, _ := identity.GetAccount(c.State(), c.Addrs["eeb-reviewer"])
	if a.Status != identity.StatusSuspended {
		t.Fatalf("eeb-reviewer: %s", a.Status)
	}
	if r := c.Do("eeb-admin", "governance", "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes}); r.Code == 0 {
		t.Fatal("a retired department's admin signed")
	}
	next := propose(t, c, "gov-admin", governance.TypeParam, paramBody("feedback.rectify_days", 9))
	if p := proposal(t, c, next); p.Tally.Total != 6 {
		t.Fatalf("committee after retirement: %+v", p.Weights)
	}
	b, _ := json.Marshal(governance.DeptRenameBody{Department: "eeb", NameZH: "x", NameEN: "x"})
	wantCode(t, c.Do("gov-admin", "governance", "propose", governance.Propose{Type: governance.TypeDeptRename, Payload: b}), identity.ErrDepartmentRetired)
	b, _ = json.Marshal(governance.DeptRetireBody{Department: "hub", Into: "eeb"})
	wantCode(t, c.Do("gov-admin", "governance", "propose", governance.Propose{Type: governance.TypeDeptMerge, Payload: b}), identity.ErrDepartmentRetired)
}

// TestDeptMergeRejectedAtTheEdge: with everyone voting, a merge needs
// more than 2/3 of yes+no once the quorum (3/4) is met.
func TestDeptMergeRejectedAtTheEdge(t *testing.T) {
	c := newChain(t, nil)
	id := propose(t, c, "gov-admin", governance.TypeDeptMerge, governance.DeptRetireBody{Department: "eeb", Into: "hub"})
	for _, who := range []string{"nrb-admin", "fin-admin", "eeb-admin"} {
		if r := vote(c, who, id, governance.Yes); r.Code != 0 {
			t.Fatal(r.Log)
		}
	}
	for _, who := range []string{"hub-admin", "gsd-admin"} {
		if r := vote(c, who, id, governance.No); r.Code != 0 {
			t.Fatal(r.Log)
		}
	}
	// 4 yes 2 no, aud silent: quorum met (6 ≥ 5.25); 4·3 = 12 = 2·6 is not
	// more than 2/3, and aud's yes would make 5·3 > 2·7: still open.
	if p := proposal(t, c, id); p.State != governance.StateVoting {
		t.Fatalf("4 yes 2 no: %s", p.State)
	}
	vote(c, "aud-admin", id, governance.No)
	if p := proposal(t, c, id); p.State != governance.StateRejected {
		t.Fatalf("4 yes 3 no: %s", p.State)
	}
	if d, _ := identity.GetDepartment(c.State(), "eeb"); d.Retired != nil {
		t.Fatal("a rejected merge retired the department")
	}
}

// TestNestedValuesAreStrict: a parameter value or proposal body with a key
// given twice, or in the wrong case, is refused (the old decoder kept the
// last duplicate and matched keys case-insensitively).
func TestNestedValuesAreStrict(t *testing.T) {
	c := newChain(t, nil)
	for _, body := range []string{
		`{"name":"gov.weights","value":{"gsd":2,"gsd":3}}`,
		`{"name":"gov.voting_period","Name":"feedback.rectify_days","value":120}`,
		`{"Name":"feedback.rectify_days","value":10}`,
	} {
		r := c.Do("gov-admin", "governance", "propose", governance.Propose{Type: governance.TypeParam, Payload: json.RawMessage(body)})
		wantCode(t, r, tx.ErrInvalidPayload)
	}
}

// TestDeptProposalPermissions is the permission matrix of the new proposal
// types: only a department admin proposes or votes; a clerk, an auditor,
// a gateway and a retired department's admin are refused.
func TestDeptProposalPermissions(t *testing.T) {
	c := newChain(t, nil)
	bodies := map[string]any{
		governance.TypeDeptAdd: governance.DeptAddBody{ID: "edu", NameZH: "教育局", NameEN: "Education Bureau",
			EncryptionKey: pubHex(t, c, "edu-data"), Admins: []identity.NewAdmin{{Name: "edu-admin", PublicKey: pubHex(t, c, "edu-admin")}}},
		governance.TypeDeptRename: governance.DeptRenameBody{Department: "hub", NameZH: "住建局", NameEN: "Housing Bureau"},
		governance.TypeDeptRetire: governance.DeptRetireBody{Department: "hub"},
		governance.TypeDeptMerge:  governance.DeptRetireBody{Department: "hub", Into: "gsd"},
		governance.TypeGateway:    governance.GatewayBody{Address: c.Addrs["nrb-clerk"], Grant: true},
	}
	for _, typ := range []string{governance.TypeDeptAdd, governance.TypeDeptRename, governance.TypeDeptRetire, governance.TypeDeptMerge, governance.TypeGateway} {
		b, _ := json.Marshal(bodies[typ])
		for _, who := range []string{"nrb-clerk", "aud-auditor", "gsd-gateway", "fin-officer"} {
			t.Run(typ+"/"+who, func(t *testing.T) {
				wantCode(t, c.Do(who, "governance", "propose", governance.Propose{Type: typ, Payload: b}), tx.ErrRoleNotAllowed)
			})
		}
		r := c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: typ, Payload: b})
		if r.Code != 0 {
			t.Fatalf("%s by an admin: %s", typ, r.Log)
		}
		id := apptest.Event(r, "governance.proposed", "proposal")
		n, _ := json.Number(id).Int64()
		wantCode(t, c.Do("aud-auditor", "governance", "vote", governance.VoteRequest{Proposal: uint64(n), Choice: governance.Yes}), tx.ErrRoleNotAllowed)
		c.MustDo("nrb-admin", "governance", "withdraw", governance.Withdraw{Proposal: uint64(n), Reason: "matrix"})
	}
}

// TestSuccessionChain: eeb merged into hub, then hub into gsd: eeb's work
// is gsd's now, and a merge into a retired department is refused.
func TestSuccessionChain(t *testing.T) {
	c := newChain(t, nil)
	passAll := func(body governance.DeptRetireBody) {
		t.Helper()
		id := propose(t, c, "gov-admin", governance.TypeDeptMerge, body)
		for _, who := range voters {
			if proposal(t, c, id).State != governance.StateVoting {
				break
			}
			if who == "eeb-admin" && body.Department != "eeb" {
				continue // retired: cannot sign
			}
			if r := vote(c, who, id, governance.Yes); r.Code != 0 {
				t.Fatalf("%s: %s", who, r.Log)
			}
		}
		if p := proposal(t, c, id); p.State != governance.StatePassed {
			t.Fatalf("merge %+v: %s %s", body, p.State, p.Result)
		}
	}
	passAll(governance.DeptRetireBody{Department: "eeb", Into: "hub"})
	passAll(governance.DeptRetireBody{Department: "hub", Into: "gsd"})
	for id, want := range map[string]string{"eeb": "gsd", "hub": "gsd", "gsd": "gsd", "nrb": "nrb"} {
		if got, err := identity.Successor(c.State(), id); err != nil || got != want {
			t.Errorf("Successor(%s) = %q %v, want %s", id, got, err, want)
		}
	}
}
