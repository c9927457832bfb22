package web

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/governance"
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
	for k := range governanceMessages {
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
