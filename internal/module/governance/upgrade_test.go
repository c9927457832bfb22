package governance_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/tx"
	"github.com/pingshan/govchain/internal/upgrade"
)

func upgradeBody(name string, h int64) governance.UpgradeBody {
	return governance.UpgradeBody{Name: name, Height: h, Info: "release notes"}
}

// TestUpgradeAtTheEdge: the upgrade policy wants 3/4 of the weight to
// vote: with seven departments of weight 1, five yes votes leave it open
// and the sixth passes it; the plan is then pending at its height, and
// the build's registry runs it there: the app version moves to 3, the
// marker of v3's migration is in state, and v3 cannot be scheduled again.
func TestUpgradeAtTheEdge(t *testing.T) {
	c := newChain(t, nil)
	at := c.Height() + 20
	id := propose(t, c, "gov-admin", governance.TypeUpgrade, upgradeBody(upgrade.V3, at))
	voteUntil(t, c, id, 5, governance.StatePassed)
	plan, err := governance.PendingUpgrade(c.State())
	if err != nil || plan == nil || plan.Name != upgrade.V3 || plan.Height != at || plan.Proposal != id {
		t.Fatalf("plan: %+v %v", plan, err)
	}
	for c.Height() < at {
		c.Block()
	}
	if p, _ := governance.PendingUpgrade(c.State()); p != nil {
		t.Fatalf("plan still pending after its height: %+v", p)
	}
	a, err := governance.GetAppliedUpgrade(c.State(), upgrade.V3)
	if err != nil || a == nil || a.Height != at || a.AppVersion != 3 || a.Proposal != id {
		t.Fatalf("applied: %+v %v", a, err)
	}
	if v, ok, _ := governance.StoredAppVersion(c.State()); !ok || v != 3 {
		t.Fatalf("app version %d %v, want 3", v, ok)
	}
	if b, _ := c.State().Get([]byte(upgrade.MarkerKey)); b == nil {
		t.Fatal("v3's migration did not run")
	}
	b, _ := json.Marshal(upgradeBody(upgrade.V3, c.Height()+50))
	wantCode(t, c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: governance.TypeUpgrade, Payload: b}), governance.ErrUpgradeSchedule)
}

// TestUpgradeRejectedAtTheEdge: more than 2/3 of yes+no must be yes: two
// no votes leave it open, the third makes a pass impossible.
func TestUpgradeRejectedAtTheEdge(t *testing.T) {
	c := newChain(t, nil)
	id := propose(t, c, "gov-admin", governance.TypeUpgrade, upgradeBody("v9", c.Height()+100))
	for i, who := range []string{"nrb-admin", "fin-admin", "eeb-admin"} {
		if r := vote(c, who, id, governance.No); r.Code != 0 {
			t.Fatal(r.Log)
		}
		want := governance.StateVoting
		if i == 2 {
			want = governance.StateRejected
		}
		if p := proposal(t, c, id); p.State != want {
			t.Fatalf("after %d no: %s, want %s", i+1, p.State, want)
		}
	}
	if p, _ := governance.PendingUpgrade(c.State()); p != nil {
		t.Fatalf("a rejected upgrade is scheduled: %+v", p)
	}
}

// TestUpgradeHeightCheckedAgainAtExecution: a plan whose height came too
// close while the proposal was open fails at execution with its code,
// leaving nothing scheduled; at exactly the minimum delay it passes.
func TestUpgradeHeightCheckedAgainAtExecution(t *testing.T) {
	for _, tc := range []struct {
		name  string
		wait  int // blocks between the proposal and the deciding vote
		state string
	}{
		{"at the minimum delay", 0, governance.StatePassed},
		{"one block too close", 1, governance.StateFailed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := newChain(t, nil)
			// Decided by the 5th vote, in the 6th block from now, at the
			// delay's edge (10 blocks) unless the test waits.
			at := c.Height() + 6 + 10
			id := propose(t, c, "gov-admin", governance.TypeUpgrade, upgradeBody("v9", at))
			for i := 0; i < tc.wait; i++ {
				c.Block()
			}
			for i, who := range voters[:5] {
				if r := vote(c, who, id, governance.Yes); r.Code != 0 {
					t.Fatalf("%s: %s", who, r.Log)
				}
				if i < 4 && proposal(t, c, id).State != governance.StateVoting {
					t.Fatalf("decided early after %s", who)
				}
			}
			p := proposal(t, c, id)
			if p.State != tc.state {
				t.Fatalf("got %s (%s), want %s", p.State, p.Result, tc.state)
			}
			plan, _ := governance.PendingUpgrade(c.State())
			if (plan != nil) != (tc.state == governance.StatePassed) {
				t.Fatalf("plan %+v with state %s", plan, p.State)
			}
		})
	}
}

// TestUpgradeProposalRefusals: bodies and schedules are checked when
// proposed, each with its code.
func TestUpgradeProposalRefusals(t *testing.T) {
	c := newChain(t, nil)
	h := c.Height()
	for _, tc := range []struct {
		name string
		typ  string
		body string
		want *errcode.Error
	}{
		{"name with upper case", governance.TypeUpgrade, `{"name":"V3","height":1000}`, tx.ErrInvalidPayload},
		{"empty name", governance.TypeUpgrade, `{"name":"","height":1000}`, tx.ErrInvalidPayload},
		{"height 1", governance.TypeUpgrade, `{"name":"v9","height":1}`, tx.ErrInvalidPayload},
		{"unknown field", governance.TypeUpgrade, `{"name":"v9","height":1000,"at":1}`, tx.ErrInvalidPayload},
		{"duplicate key", governance.TypeUpgrade, `{"name":"v9","name":"v8","height":1000}`, tx.ErrInvalidPayload},
		{"height too close", governance.TypeUpgrade, mustBody(upgradeBody("v9", h+5)), governance.ErrUpgradeSchedule},
		{"cancel with nothing scheduled", governance.TypeUpgradeCancel, `{"name":"v9"}`, governance.ErrUpgradeSchedule},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Do("nrb-admin", "governance", "propose", governance.Propose{Type: tc.typ, Payload: json.RawMessage(tc.body)})
			wantCode(t, r, tc.want)
		})
	}
	// One upgrade proposal open at a time, whatever its name.
	propose(t, c, "nrb-admin", governance.TypeUpgrade, upgradeBody("v9", h+1000))
	r := c.Do("fin-admin", "governance", "propose", governance.Propose{Type: governance.TypeUpgrade, Payload: json.RawMessage(mustBody(upgradeBody("v10", h+1000)))})
	wantCode(t, r, governance.ErrAlreadyOpen)
}

// TestUpgradeCancel: a scheduled plan is cancelled by a passed
// cancel_upgrade (the ordinary policy: 2/3 vote, 1/2 yes), and nothing
// happens at its height.
func TestUpgradeCancel(t *testing.T) {
	c := newChain(t, nil)
	at := c.Height() + 40
	id := propose(t, c, "gov-admin", governance.TypeUpgrade, upgradeBody("v9", at))
	voteUntil(t, c, id, 5, governance.StatePassed)
	cancel := propose(t, c, "gov-admin", governance.TypeUpgradeCancel, governance.UpgradeCancelBody{Name: "v9"})
	voteUntil(t, c, cancel, 4, governance.StatePassed)
	if p, _ := governance.PendingUpgrade(c.State()); p != nil {
		t.Fatalf("cancelled plan still pending: %+v", p)
	}
	for c.Height() <= at {
		c.Block() // v9 is unknown to the build: a pending plan would stop the chain here
	}
}

// TestUpgradeProposalPermissions: only admins propose and vote on upgrades.
func TestUpgradeProposalPermissions(t *testing.T) {
	c := newChain(t, nil)
	b := json.RawMessage(mustBody(upgradeBody("v9", c.Height()+1000)))
	for _, who := range []string{"nrb-clerk", "aud-auditor", "gsd-gateway", "fin-officer"} {
		t.Run(who, func(t *testing.T) {
			wantCode(t, c.Do(who, "governance", "propose", governance.Propose{Type: governance.TypeUpgrade, Payload: b}), tx.ErrRoleNotAllowed)
		})
	}
	id := propose(t, c, "nrb-admin", governance.TypeUpgrade, upgradeBody("v9", c.Height()+1000))
	wantCode(t, c.Do("aud-auditor", "governance", "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes}), tx.ErrRoleNotAllowed)
}

// TestUpgradeRegistry: names valid and unique, versions increasing.
func TestUpgradeRegistry(t *testing.T) {
	for _, tc := range []struct {
		name string
		ups  []upgrade.Upgrade
		ok   bool
	}{
		{"empty", nil, true},
		{"one", []upgrade.Upgrade{{Name: "v3", AppVersion: 3}}, true},
		{"two increasing", []upgrade.Upgrade{{Name: "v3", AppVersion: 3}, {Name: "v4", AppVersion: 4}}, true},
		{"version not above genesis", []upgrade.Upgrade{{Name: "v2", AppVersion: 2}}, false},
		{"versions not increasing", []upgrade.Upgrade{{Name: "v4", AppVersion: 4}, {Name: "v3", AppVersion: 3}}, false},
		{"same name twice", []upgrade.Upgrade{{Name: "v3", AppVersion: 3}, {Name: "v3", AppVersion: 4}}, false},
		{"bad name", []upgrade.Upgrade{{Name: "V 3", AppVersion: 3}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := upgrade.NewRegistry(upgrade.GenesisAppVersion, tc.ups...)
			if (err == nil) != tc.ok {
				t.Fatalf("got %v, want ok=%v", err, tc.ok)
			}
		})
	}
	r := upgrade.Known()
	if _, ok := r.Lookup(upgrade.V3); !ok {
		t.Fatal("v3 is not known")
	}
	if _, ok := r.Without(upgrade.V3).Lookup(upgrade.V3); ok {
		t.Fatal("Without kept v3")
	}
}

// FuzzUpgradePayloads: the proposal decoder never panics on upgrade
// bodies and what it accepts re-decodes to itself.
func FuzzUpgradePayloads(f *testing.F) {
	for _, s := range []string{
		`{"type":"software_upgrade","payload":{"name":"v3","height":100,"info":"https://example/v3"}}`,
		`{"type":"software_upgrade","payload":{"name":"v3","height":-1}}`,
		`{"type":"software_upgrade","payload":{"name":"v3","height":1e30}}`,
		`{"type":"software_upgrade","payload":{"name":"v3.1_rc-2","height":9223372036854775807}}`,
		`{"type":"cancel_upgrade","payload":{"name":"v3"}}`,
		`{"type":"cancel_upgrade","payload":{"name":"v3","height":1}}`,
	} {
		f.Add([]byte(s))
	}
	act, err := app.NewRouter(app.Modules()...).Lookup("governance", "propose")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := act.Decode(data)
		if err != nil {
			if !errors.Is(err, tx.ErrInvalidPayload) && !errors.Is(err, tx.ErrTextControl) {
				t.Fatalf("refusal is neither tx/9 nor tx/13: %v", err)
			}
			return
		}
		pr := p.(*governance.Propose)
		again, err := act.Decode(mustJSON(t, pr))
		if err != nil {
			t.Fatalf("canonical form refused: %v", err)
		}
		if string(again.(*governance.Propose).Payload) != string(pr.Payload) {
			t.Fatalf("canonical form not stable: %s then %s", pr.Payload, again.(*governance.Propose).Payload)
		}
	})
}

func mustBody(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func mustJSON(t *testing.T, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
