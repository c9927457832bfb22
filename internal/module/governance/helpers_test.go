package governance_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/governance"
)

func newChain(t *testing.T, params map[string]any) *apptest.Chain {
	t.Helper()
	o := apptest.Options{}
	if params != nil {
		o.Modules = map[string]any{"governance": map[string]any{"params": params}}
	}
	return apptest.New(t, o)
}

// wantCode checks a result carries a registered error.
func wantCode(t *testing.T, r *abci.ExecTxResult, want *errcode.Error) {
	t.Helper()
	if r.Codespace != want.Codespace || r.Code != want.Code {
		t.Fatalf("want %s/%d (%s), got %s/%d %q", want.Codespace, want.Code, want.Error(), r.Codespace, r.Code, r.Log)
	}
}

func propose(t *testing.T, c *apptest.Chain, who, typ string, body any) uint64 {
	t.Helper()
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	r := c.MustDo(who, "governance", "propose", governance.Propose{Type: typ, Payload: b, Summary: "test"})
	id, err := strconv.ParseUint(apptest.Event(r, "governance.proposed", "proposal"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func vote(c *apptest.Chain, who string, id uint64, choice string) *abci.ExecTxResult {
	return c.Do(who, "governance", "vote", governance.VoteRequest{Proposal: id, Choice: choice, Reason: "reason of " + who})
}

func proposal(t *testing.T, c *apptest.Chain, id uint64) *governance.Proposal {
	t.Helper()
	p, err := governance.GetProposal(c.State(), id)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func paramBody(name string, v any) map[string]any { return map[string]any{"name": name, "value": v} }

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }
