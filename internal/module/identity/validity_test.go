package identity_test

import (
	"encoding/hex"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/identity"
)

func wantCode(t *testing.T, r *abci.ExecTxResult, want *errcode.Error) {
	t.Helper()
	if r.Codespace != want.Codespace || r.Code != want.Code {
		t.Fatalf("want %s/%d, got %s/%d %q", want.Codespace, want.Code, r.Codespace, r.Code, r.Log)
	}
}

func anchor(c *apptest.Chain, who, title string) *abci.ExecTxResult {
	return c.Do(who, "notary", "anchor", map[string]string{"doc_hash": hexHash(c, title), "title": title})
}

func hexHash(c *apptest.Chain, s string) string { return hex.EncodeToString(c.Suite.Hash([]byte(s))) }

// TestMemberValidity: an admin gives a member of their department a
// validity; the member signs until it runs out, then every tx is refused
// with identity/32 in CheckTx and in a block; clearing it lets them sign
// again. Setting one's own, another department's member's or a past
// validity is refused.
func TestMemberValidity(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	clerk := c.Addrs["nrb-clerk"]
	until := c.Now().Add(time.Hour).Unix()
	set := func(who, addr string, unix int64) *abci.ExecTxResult {
		return c.Do(who, "identity", "set_validity", identity.SetValidity{Address: addr, ValidUntilUnix: unix, Reason: "fixed-term contract"})
	}
	wantCode(t, set("nrb-admin", c.Addrs["nrb-admin"], until), identity.ErrSelf)
	wantCode(t, set("eeb-admin", clerk, until), identity.ErrOtherDepartment)
	wantCode(t, set("nrb-admin", clerk, c.Now().Add(-time.Hour).Unix()), identity.ErrInvalidField)
	if r := set("nrb-admin", clerk, until); r.Code != 0 {
		t.Fatal(r.Log)
	}
	a, _ := identity.GetAccount(c.State(), clerk)
	if a.ValidUntil == nil || a.ValidUntil.Unix() != until {
		t.Fatalf("valid_until: %v", a.ValidUntil)
	}
	if r := anchor(c, "nrb-clerk", "before"); r.Code != 0 {
		t.Fatalf("before expiry: %s", r.Log)
	}
	c.Advance(2 * time.Hour)
	c.Block() // the expiry is judged by the committed block time in CheckTx
	if res := c.CheckTx(c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": hexHash(c, "x"), "title": "x"})); res.Codespace != "identity" || res.Code != identity.ErrAccountExpired.Code {
		t.Fatalf("CheckTx after expiry: %s/%d %s", res.Codespace, res.Code, res.Log)
	}
	c.Seqs["nrb-clerk"]--
	wantCode(t, anchor(c, "nrb-clerk", "after"), identity.ErrAccountExpired)
	c.Seqs["nrb-clerk"]--
	if r := set("nrb-admin", clerk, 0); r.Code != 0 {
		t.Fatal(r.Log)
	}
	if r := anchor(c, "nrb-clerk", "renewed"); r.Code != 0 {
		t.Fatalf("after clearing: %s", r.Log)
	}
}
