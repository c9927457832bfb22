package governance_test

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/module"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/module/workflow"
)

var docN int

// anchor is a tx any nrb clerk may send.
func anchor(c *apptest.Chain, who string) []byte {
	docN++
	h := sha256.Sum256([]byte(fmt.Sprint("freeze test doc ", docN)))
	return c.Sign(who, "notary", "anchor", notary.Anchor{DocHash: module.HashOf(h[:]), Title: "doc", Category: "test"})
}

func requestFreeze(t *testing.T, c *apptest.Chain, who, kind, target string) uint64 {
	t.Helper()
	r := c.MustDo(who, "governance", "freeze", governance.RequestFreeze{Kind: kind, Target: target, Reason: "key leaked"})
	id, err := strconv.ParseUint(apptest.Event(r, "governance.freeze_requested", "freeze"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func freezeState(t *testing.T, c *apptest.Chain, id uint64) *governance.Freeze {
	t.Helper()
	f, err := governance.GetFreeze(c.State(), id)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestAccountFreeze: one admin asks, an admin of another department
// co-signs (one of the two from the Data Management or Audit Bureau); from
// the next block the account's txs are refused, in CheckTx and in blocks;
// at expiry it lifts itself.
func TestAccountFreeze(t *testing.T) {
	c := newChain(t, map[string]any{"gov.freeze_duration": 3600})
	clerk := c.Addrs["nrb-clerk"]
	id := requestFreeze(t, c, "nrb-admin", governance.FreezeAccount, clerk)
	// Requested is not in force.
	if r := c.Block(anchor(c, "nrb-clerk"))[0]; r.Code != 0 {
		t.Fatalf("requested freeze stopped a tx: %s", r.Log)
	}
	wantCode(t, c.Do("nrb-admin", "governance", "freeze", governance.RequestFreeze{Kind: governance.FreezeAccount, Target: clerk, Reason: "again"}),
		governance.ErrAlreadyFrozen)
	wantCode(t, c.Do("nrb-admin", "governance", "cosign_freeze", governance.CosignFreeze{Freeze: id}), governance.ErrCosigner)
	wantCode(t, c.Do("fin-admin", "governance", "cosign_freeze", governance.CosignFreeze{Freeze: id}), governance.ErrCosigner)
	// The co-signature and a tx of the account in the same block: the tx
	// was ordered before the freeze existed and goes through.
	rs := c.Block(c.Sign("gsd-admin", "governance", "cosign_freeze", governance.CosignFreeze{Freeze: id}), anchor(c, "nrb-clerk"))
	if rs[0].Code != 0 || rs[1].Code != 0 {
		t.Fatalf("cosign block: %s / %s", rs[0].Log, rs[1].Log)
	}
	f := freezeState(t, c, id)
	if f.State != governance.FreezeActive || f.Since != c.Height()+1 || f.CosignerDept != "gsd" {
		t.Fatalf("active freeze: %+v", f)
	}
	raw := anchor(c, "nrb-clerk")
	if res := c.CheckTx(raw); res.Codespace != governance.ErrFrozen.Codespace || res.Code != governance.ErrFrozen.Code {
		t.Fatalf("CheckTx of a frozen account: %s/%d %s", res.Codespace, res.Code, res.Log)
	}
	wantCode(t, c.Block(raw)[0], governance.ErrFrozen)
	c.Seqs["nrb-clerk"]-- // refused before execution: the sequence is unused
	// Another member of the department is not affected.
	if r := c.Block(anchor(c, "nrb-admin"))[0]; r.Code != 0 && r.Codespace == "governance" {
		t.Fatalf("a colleague was frozen too: %s", r.Log)
	}
	// At expiry it lifts itself.
	c.Advance(time.Hour)
	c.Block()
	if f := freezeState(t, c, id); f.State != governance.FreezeExpired {
		t.Fatalf("after an hour: %s", f.State)
	}
	if r := c.Block(anchor(c, "nrb-clerk"))[0]; r.Code != 0 {
		t.Fatalf("after expiry: %s", r.Log)
	}
	// The target is free for a new request.
	requestFreeze(t, c, "aud-admin", governance.FreezeAccount, clerk)
}

// TestRatifiedFreezeStays: a proposal ratifies an active freeze, which then
// outlives its expiry; only a lift proposal ends it.
func TestRatifiedFreezeStays(t *testing.T) {
	c := newChain(t, map[string]any{"gov.freeze_duration": 3600})
	id := requestFreeze(t, c, "aud-admin", governance.FreezeDepartment, "hub")
	// A ratification needs an active freeze.
	wantCode(t, c.Do("aud-admin", "governance", "propose", governance.Propose{Type: governance.TypeRatifyFreeze,
		Payload: []byte(fmt.Sprintf(`{"freeze":%d}`, id))}), governance.ErrFreezeState)
	c.MustDo("nrb-admin", "governance", "cosign_freeze", governance.CosignFreeze{Freeze: id})
	// Every account of the department is refused, admins included.
	for _, who := range []string{"hub-admin", "hub-reviewer"} {
		wantCode(t, c.Do(who, "governance", "vote", governance.VoteRequest{Proposal: 1, Choice: governance.Yes}), governance.ErrFrozen)
	}
	pid := propose(t, c, "aud-admin", governance.TypeRatifyFreeze, map[string]uint64{"freeze": id})
	// Half the weight (4 of 7 with hub unable to vote) and a majority.
	for _, who := range []string{"nrb-admin", "gsd-admin", "fin-admin"} {
		vote(c, who, pid, governance.Yes)
	}
	if p := proposal(t, c, pid); p.State != governance.StatePassed {
		t.Fatalf("ratify: %s %+v", p.State, p.Tally)
	}
	if f := freezeState(t, c, id); f.State != governance.FreezeRatified || f.Proposal != pid {
		t.Fatalf("ratified: %+v", f)
	}
	c.Advance(2 * time.Hour)
	c.Block()
	wantCode(t, c.Do("hub-admin", "governance", "vote", governance.VoteRequest{Proposal: 1, Choice: governance.Yes}), governance.ErrFrozen)
	lid := propose(t, c, "gsd-admin", governance.TypeLiftFreeze, map[string]uint64{"freeze": id})
	for _, who := range []string{"nrb-admin", "aud-admin", "fin-admin"} {
		vote(c, who, lid, governance.Yes)
	}
	if f := freezeState(t, c, id); f.State != governance.FreezeLifted {
		t.Fatalf("lift: %+v (proposal %+v)", f, proposal(t, c, lid))
	}
	if r := c.Do("hub-admin", "governance", "vote", governance.VoteRequest{Proposal: lid, Choice: governance.Yes}); r.Codespace == "governance" && r.Code == governance.ErrFrozen.Code {
		t.Fatalf("still frozen after the lift: %s", r.Log)
	}
}

// TestRatifyAfterExpiryFails: a ratification that passes after the freeze
// lapsed is recorded as failed and changes nothing.
func TestRatifyAfterExpiryFails(t *testing.T) {
	c := newChain(t, map[string]any{"gov.freeze_duration": 120})
	id := requestFreeze(t, c, "gsd-admin", governance.FreezeAccount, c.Addrs["fin-officer"])
	c.MustDo("fin-admin", "governance", "cosign_freeze", governance.CosignFreeze{Freeze: id})
	pid := propose(t, c, "gsd-admin", governance.TypeRatifyFreeze, map[string]uint64{"freeze": id})
	vote(c, "fin-admin", pid, governance.Yes)
	c.Advance(3 * time.Minute)
	c.Block()
	if f := freezeState(t, c, id); f.State != governance.FreezeExpired {
		t.Fatalf("freeze %s", f.State)
	}
	vote(c, "nrb-admin", pid, governance.Yes)
	vote(c, "aud-admin", pid, governance.Yes)
	p := proposal(t, c, pid)
	if p.State != governance.StateFailed || !contains(p.Result, "expired") {
		t.Fatalf("late ratification: %s %q", p.State, p.Result)
	}
	if f := freezeState(t, c, id); f.State != governance.FreezeExpired || f.Proposal != 0 {
		t.Fatalf("a failed execution changed the freeze: %+v", f)
	}
}

// TestProcessFreeze: a frozen process takes no new cases; cases already
// open go on.
func TestProcessFreeze(t *testing.T) {
	g, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	c := apptest.New(t, apptest.Options{Modules: map[string]any{"workflow": g}})
	for _, id := range []string{"PS-2026-001", "PS-2026-002"} {
		c.MustDo("nrb-clerk", "land", "register_parcel", land.RegisterParcel{ID: id, District: "坑梓街道", Location: "x", AreaM2: 100, Zoning: "industrial"})
	}
	apply := func(parcel string) []byte {
		h := sha256.Sum256([]byte(parcel))
		p, _, err := land.NewApplication(c.Suite, c.State(), parcel, "", workflow.PersonalData{Name: "张三", IDNumber: "440307199001011232", Phone: "13800138000"},
			[]workflow.Attachment{{Kind: "application_form", Hash: h[:]}, {Kind: "site_plan", Hash: h[:]}})
		if err != nil {
			t.Fatal(err)
		}
		return c.Sign("gsd-gateway", "land", "apply", p)
	}
	r := c.Block(apply("PS-2026-001"))[0]
	if r.Code != 0 {
		t.Fatal(r.Log)
	}
	caseNo := apptest.Event(r, "land.applied", "case")
	id := requestFreeze(t, c, "nrb-admin", governance.FreezeProcess, land.ProcessID)
	c.MustDo("aud-admin", "governance", "cosign_freeze", governance.CosignFreeze{Freeze: id})
	wantCode(t, c.Block(apply("PS-2026-002"))[0], governance.ErrFrozen)
	c.MustDo("nrb-clerk", "workflow", "act", workflow.ActRequest{Case: caseNo, Step: "accept", Action: "accept", Opinion: "ok"})
}
