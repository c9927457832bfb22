package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/web/governanceweb"
)

// TestGovernancePage: the public log shows a proposal with its type,
// state, tally and the proposer's vote reason, every parameter with its
// value, and the incident table, in Chinese first and in English; no
// catalogue key is left untranslated.
func TestGovernancePage(t *testing.T) {
	e := newEnv(t, Options{})
	key, err := loadKey(e.home, e.p.suite, "gov-admin", "")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]any{"name": "feedback.rectify_days", "value": 10})
	if _, err := e.p.Send(context.Background(), key, "governance", "propose", governance.Propose{Type: governance.TypeParam, Payload: body, Summary: "整改期限改为10天"}); err != nil {
		t.Fatal(err)
	}
	citizen := e.client()
	r := citizen.get("/governance")
	for _, want := range []string{"公共治理", "第 1 号提案", "修改参数", "投票中", "整改期限改为10天", "赞成 1", "feedback.rectify_days", "gov.voting_period", "安全事件", `aria-current="page"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	noGovKeys(t, r.Body)
	checkPage(t, "zh", "/governance", r.Body)
	r = citizen.get("/governance?lang=en")
	noGovKeys(t, r.Body)
	checkPage(t, "en", "/governance", r.Body)
	for _, want := range []string{"Governance", "Proposal 1", "Parameter change", "Voting", "Yes 1"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
}

// noGovKeys: the page's own catalogue keys (gov.… is also how governance
// parameters are named, so rawKey cannot tell) all came out translated.
func noGovKeys(t *testing.T, body string) {
	t.Helper()
	text := stripTags(body)
	for k := range governanceweb.Extension().Messages {
		if strings.Contains(text, k+" ") || strings.Contains(text, k+"\n") || strings.Contains(text, ">"+k+"<") {
			t.Errorf("untranslated %s", k)
		}
	}
	for _, p := range []string{"gov.type.", "gov.state.", "gov.choice."} {
		if strings.Contains(text, p) {
			t.Errorf("untranslated %s…", p)
		}
	}
}

// TestGovernanceConsole: the console's forms sign with the member's key:
// an admin proposes a parameter change and another department's admin
// votes on it; a freeze requested by one department is co-signed by
// another and is in force; an auditor opens an incident, records an
// action and closes it with a review. A clerk cannot reach the desk, and
// a refused action comes back on the page with the chain's message.
func TestGovernanceConsole(t *testing.T) {
	e := newEnv(t, Options{})
	const desk = "/staff/governance"
	nrb, gsd, aud := e.staff("nrb-admin"), e.staff("gsd-admin"), e.staff("aud-auditor")
	if r := e.staff("nrb-clerk").get(desk); r.Status != http.StatusForbidden {
		t.Fatalf("clerk at the desk: %d", r.Status)
	}
	for _, lang := range []string{"zh", "en"} {
		r := nrb.get(desk + "?lang=" + lang)
		if r.Status != http.StatusOK {
			t.Fatalf("%s desk: %d", lang, r.Status)
		}
		noGovKeys(t, r.Body)
		checkPage(t, lang, desk, r.Body)
	}
	r := nrb.submit(desk, desk+"/propose", url.Values{"name": {"feedback.rectify_days"}, "value": {"10"}, "summary": {"整改期限改为10天"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("propose: %d %s", r.Status, r.Body)
	}
	p, err := governance.GetProposal(e.n.Store.Committed(), 1)
	if err != nil || p.Department != "nrb" || p.Summary != "整改期限改为10天" {
		t.Fatalf("proposal: %+v %v", p, err)
	}
	if r := gsd.submit(desk, desk+"/vote", url.Values{"proposal": {"1"}, "choice": {"no"}, "reason": {"期限过短"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("vote: %d %s", r.Status, r.Body)
	}
	p, _ = governance.GetProposal(e.n.Store.Committed(), 1)
	if v := p.Votes[len(p.Votes)-1]; v.Department != "gsd" || v.Choice != governance.No || v.Reason != "期限过短" {
		t.Fatalf("vote: %+v", v)
	}
	// Voting twice is refused, and the page says so.
	if r := gsd.submit(desk, desk+"/vote", url.Values{"proposal": {"1"}, "choice": {"yes"}}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "已") && !strings.Contains(r.Body, "voted") {
		t.Fatalf("second vote: %d", r.Status)
	}
	// A bad value never reaches the chain.
	if r := nrb.submit(desk, desk+"/propose", url.Values{"name": {"gov.voting_period"}, "value": {"{"}}); r.Status != http.StatusBadRequest {
		t.Fatalf("bad value: %d", r.Status)
	}

	// A freeze of the clerk's account: nrb requests, gsd co-signs.
	clerk, err := identity.AddressByName(e.n.Store.Committed(), "nrb-clerk")
	if err != nil {
		t.Fatal(err)
	}
	if r := nrb.submit(desk, desk+"/freeze", url.Values{"kind": {"account"}, "target": {clerk}, "reason": {"密钥疑似泄露"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("freeze: %d %s", r.Status, r.Body)
	}
	if r := gsd.get(desk); !strings.Contains(r.Body, "签名联署") {
		t.Fatal("gsd sees no co-sign button")
	}
	if r := gsd.submit(desk, desk+"/cosign", url.Values{"freeze": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("cosign: %d %s", r.Status, r.Body)
	}
	if f, err := governance.GetFreeze(e.n.Store.Committed(), 1); err != nil || f.State != governance.FreezeActive {
		t.Fatalf("freeze: %+v %v", f, err)
	}

	// An incident, by an auditor.
	if r := aud.submit(desk, desk+"/incidents", url.Values{"type": {"key_leak"}, "severity": {"3"}, "departments": {"nrb", "aud"},
		"components": {"gateway, node/nrb"}, "description": {"职员密钥疑似泄露"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("incident: %d %s", r.Status, r.Body)
	}
	if r := aud.submit(desk, desk+"/incidents/update", url.Values{"incident": {"1"}, "kind": {"action"}, "text": {"已冻结账户"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.Status, r.Body)
	}
	if r := aud.submit(desk, desk+"/incidents/close", url.Values{"incident": {"1"}, "review": {"已吊销密钥，重新发放"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("close: %d %s", r.Status, r.Body)
	}
	in, err := governance.GetIncident(e.n.Store.Committed(), 1)
	if err != nil || in.State != governance.IncidentClosed || len(in.Timeline) != 1 || len(in.Departments) != 2 || len(in.Components) != 2 {
		t.Fatalf("incident: %+v %v", in, err)
	}
	// aud's admin publishes the review; the public log shows it.
	audAdmin := e.staff("aud-admin")
	if r := audAdmin.submit(desk, desk+"/incidents/publish", url.Values{"incident": {"1"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	if r := e.client().get("/governance"); !strings.Contains(r.Body, "已吊销密钥，重新发放") {
		t.Fatal("the published review is not on the public log")
	}
}
