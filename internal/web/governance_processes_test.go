package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/governanceweb"
)

// passProcessProposal has nrb-admin propose def as the next version of its
// process and four more departments vote yes: the fifth yes of seven
// passes it (docs/governance.md).
func passProcessProposal(t *testing.T, e *env, def *workflow.Definition) {
	t.Helper()
	send := func(who, action string, payload any) {
		t.Helper()
		key, err := loadKey(e.home, e.p.suite, who, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.p.Send(context.Background(), key, "governance", action, payload); err != nil {
			t.Fatalf("%s %s: %v", who, action, err)
		}
	}
	body, err := json.Marshal(def)
	if err != nil {
		t.Fatal(err)
	}
	send("nrb-admin", "propose", governance.Propose{Type: governance.TypeProcess, Payload: body, Summary: "新版本"})
	ps, err := governance.Proposals(e.p.n.Store.Committed())
	if err != nil || len(ps) == 0 {
		t.Fatalf("proposals: %v", err)
	}
	id := ps[len(ps)-1].ID
	for _, who := range []string{"gov-admin", "fin-admin", "eeb-admin", "hub-admin"} {
		send(who, "vote", governance.VoteRequest{Proposal: id, Choice: governance.Yes})
	}
	if p, err := governance.GetProposal(e.p.n.Store.Committed(), id); err != nil || p.State != governance.StatePassed {
		t.Fatalf("process proposal %d: %+v %v", id, p, err)
	}
}

// TestGovernanceProcessesPage: the read-only list of process versions
// shows the versions of the land process that proposals published, each
// linked to its proposal, in both languages; the governance log links it.
func TestGovernanceProcessesPage(t *testing.T) {
	e := newEnv(t, Options{})
	def, err := land.Process()
	if err != nil {
		t.Fatal(err)
	}
	// The test chain starts without the land process: proposals publish
	// versions 1 and 2.
	passProcessProposal(t, e, def)
	def.Steps[0].TimeLimitDays = 3
	passProcessProposal(t, e, def)
	citizen := e.client()
	r := citizen.get("/governance/processes")
	for _, want := range []string{"业务流程及其版本", "建设用地审批", "land-use", "v2", "v1", "第 1 号提案", "第 2 号提案", `href="/governance#proposal-2"`, "新版本须经治理提案"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if t.Failed() {
		t.Log(stripTags(r.Body))
	}
	checkPage(t, "zh", "/governance/processes", r.Body)
	r = citizen.get("/governance/processes?lang=en")
	for _, want := range []string{"Processes and their versions", "proposal 2", "New versions by governance proposal"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	checkPage(t, "en", "/governance/processes", r.Body)
	text := stripTags(r.Body)
	for k := range governanceweb.Extension().Messages {
		if (strings.HasPrefix(k, "gproc.") || k == "gov.type.process") && strings.Contains(text, k) {
			t.Errorf("untranslated %s", k)
		}
	}
	r = citizen.get("/governance")
	for _, want := range []string{`href="/governance/processes"`, "New process version"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the governance log lacks %q:\n%s", want, stripTags(r.Body))
		}
	}
}
