package app_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/tx"
)

// TestRejections: each bad tx is refused by CheckTx and by FinalizeBlock
// with its stable code, and leaves the state exactly as it was.
func TestRejections(t *testing.T) {
	forEachSuite(t, func(t *testing.T, suite string) {
		anchor := func(i int) map[string]string { return map[string]string{"doc_hash": docHash(i), "title": "test"} }
		cases := []struct {
			name  string
			setup func(c *apptest.Chain) // state changes before the bad tx
			build func(c *apptest.Chain) []byte
			want  *errcode.Error
		}{
			{"undecodable", nil, func(c *apptest.Chain) []byte { return []byte{0xff, 0x00, 0x01} }, tx.ErrDecode},
			{"empty", nil, func(c *apptest.Chain) []byte { return []byte{} }, tx.ErrDecode},
			{"oversized", nil, func(c *apptest.Chain) []byte {
				return c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": strings.Repeat("x", tx.MaxBytes)})
			}, tx.ErrTooLarge},
			{"wrong chain id", nil, func(c *apptest.Chain) []byte {
				raw, _ := tx.Build(c.Keys["nrb-clerk"], c.Addrs["nrb-clerk"], "other-chain", 0, "notary", "anchor", []byte(`{"doc_hash":"`+docHash(2)+`","title":"t"}`))
				return raw
			}, tx.ErrWrongChainID},
			{"bad signature", nil, func(c *apptest.Chain) []byte {
				t2, _ := tx.Decode(c.Sign("nrb-clerk", "notary", "anchor", anchor(3)))
				t2.Signature[len(t2.Signature)/2] ^= 0x01
				raw, _ := tx.Encode(t2)
				return raw
			}, tx.ErrBadSignature},
			{"signed by another key", nil, func(c *apptest.Chain) []byte {
				raw, _ := tx.Build(c.Keys["fin-officer"], c.Addrs["nrb-clerk"], apptest.ChainID, 0, "notary", "anchor", []byte(`{"doc_hash":"`+docHash(4)+`","title":"t"}`))
				return raw
			}, tx.ErrBadSignature},
			{"wrong sequence", nil, func(c *apptest.Chain) []byte {
				c.Seqs["nrb-clerk"] = 7
				return c.Sign("nrb-clerk", "notary", "anchor", anchor(5))
			}, tx.ErrWrongSequence},
			{"unknown signer", nil, func(c *apptest.Chain) []byte {
				k, _ := c.Suite.GenerateKey()
				raw, _ := tx.Build(k, strings.Repeat("ab", 20), apptest.ChainID, 0, "notary", "anchor", []byte(`{"doc_hash":"`+docHash(6)+`","title":"t"}`))
				return raw
			}, tx.ErrUnknownSigner},
			{"suspended signer", func(c *apptest.Chain) {
				res := c.Block(c.Sign("nrb-admin", "identity", "suspend_member", map[string]string{"address": c.Addrs["nrb-clerk"], "reason": "left the bureau"}))
				if res[0].Code != 0 {
					t.Fatalf("suspend: %s", res[0].Log)
				}
			}, func(c *apptest.Chain) []byte { return c.Sign("nrb-clerk", "notary", "anchor", anchor(7)) }, tx.ErrSuspendedSigner},
			{"role not allowed", nil, func(c *apptest.Chain) []byte {
				return c.Sign("nrb-observer", "notary", "anchor", anchor(8))
			}, tx.ErrRoleNotAllowed},
			{"invalid payload", nil, func(c *apptest.Chain) []byte {
				return c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": "not-hex", "title": "t"})
			}, tx.ErrInvalidPayload},
			{"unknown field in payload", nil, func(c *apptest.Chain) []byte {
				return c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(9), "title": "t", "extra": "x"})
			}, tx.ErrInvalidPayload},
			{"unknown action", nil, func(c *apptest.Chain) []byte { return c.Sign("nrb-clerk", "notary", "erase", anchor(10)) }, tx.ErrUnknownAction},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				c := newTestChain(t, suite)
				if tc.setup != nil {
					tc.setup(c)
				}
				raw := tc.build(c)
				before := c.AppHash()
				res := c.CheckTx(raw)
				if res.Code != tc.want.Code || res.Codespace != tc.want.Codespace {
					t.Fatalf("CheckTx: got %s/%d (%s), want %s/%d (%s)", res.Codespace, res.Code, res.Log, tc.want.Codespace, tc.want.Code, tc.want.Desc)
				}
				if res.Log == "" {
					t.Error("CheckTx gave no message")
				}
				// A proposer could include it anyway: FinalizeBlock must refuse it too, writing nothing.
				results := c.Block(raw)
				if results[0].Code != tc.want.Code || results[0].Codespace != tc.want.Codespace {
					t.Fatalf("FinalizeBlock: got %s/%d (%s), want %s/%d", results[0].Codespace, results[0].Code, results[0].Log, tc.want.Codespace, tc.want.Code)
				}
				// Empty block for comparison: same hash as a block with the refused tx.
				if after := c.AppHash(); after != before {
					t.Fatalf("state changed by a refused tx: %s -> %s", before, after)
				}
			})
		}
	})
}

// TestAdminOwnDepartmentOnly: department admins manage their own members only.
func TestAdminOwnDepartmentOnly(t *testing.T) {
	forEachSuite(t, func(t *testing.T, suite string) {
		c := newTestChain(t, suite)
		newKey, _ := c.Suite.GenerateKey()
		pubHex := hexOf(newKey.Public().Bytes())
		cases := []struct {
			name   string
			signer string
			action string
			body   map[string]any
			want   *errcode.Error
		}{
			{"add to own department", "nrb-admin", "add_member", map[string]any{"name": "nrb-clerk2", "public_key": pubHex, "roles": []string{"clerk"}}, nil},
			{"add same key twice", "nrb-admin", "add_member", map[string]any{"name": "nrb-clerk3", "public_key": pubHex, "roles": []string{"clerk"}}, identity.ErrAccountExists},
			{"unknown role", "nrb-admin", "add_member", map[string]any{"name": "x1", "public_key": pubHex, "roles": []string{"king"}}, tx.ErrInvalidPayload},
			{"suspend other department's member", "nrb-admin", "suspend_member", map[string]any{"address": c.Addrs["fin-officer"], "reason": "r"}, identity.ErrOtherDepartment},
			{"non-admin cannot suspend", "nrb-clerk", "suspend_member", map[string]any{"address": c.Addrs["nrb-observer"], "reason": "r"}, tx.ErrRoleNotAllowed},
			{"suspend own member", "nrb-admin", "suspend_member", map[string]any{"address": c.Addrs["nrb-observer"], "reason": "on leave"}, nil},
			{"suspend twice", "nrb-admin", "suspend_member", map[string]any{"address": c.Addrs["nrb-observer"], "reason": "on leave"}, identity.ErrStatus},
			{"reinstate", "nrb-admin", "reinstate_member", map[string]any{"address": c.Addrs["nrb-observer"], "reason": "back"}, nil},
			{"suspend self", "nrb-admin", "suspend_member", map[string]any{"address": c.Addrs["nrb-admin"], "reason": "r"}, identity.ErrSelf},
			{"other admin reinstates across departments", "fin-admin", "reinstate_member", map[string]any{"address": c.Addrs["nrb-observer"], "reason": "r"}, identity.ErrOtherDepartment},
		}
		for _, tc := range cases {
			raw := c.Sign(tc.signer, "identity", tc.action, tc.body)
			res := c.Block(raw)[0]
			if tc.want == nil {
				if res.Code != 0 {
					t.Fatalf("%s: refused: %s", tc.name, res.Log)
				}
				continue
			}
			if res.Code != tc.want.Code || res.Codespace != tc.want.Codespace {
				t.Fatalf("%s: got %s/%d (%s), want %s/%d", tc.name, res.Codespace, res.Code, res.Log, tc.want.Codespace, tc.want.Code)
			}
			if tc.want.Codespace == "tx" {
				c.Seqs[tc.signer]-- // refused before execution: sequence not consumed
			}
		}
		acct, err := identity.AddressByName(c.App.Store().Committed(), "nrb-clerk2")
		if err != nil || len(acct) != 40 {
			t.Fatalf("new member not found: %v", err)
		}
		a, _ := identity.GetAccount(c.App.Store().Committed(), c.Addrs["nrb-observer"])
		if a.Status != identity.StatusActive {
			t.Fatalf("observer status %s, want active", a.Status)
		}
		addMember, err := c.App.Router().Lookup("identity", "add_member")
		if err != nil {
			t.Fatal(err)
		}
		if !errors.Is(app.Authorize("x", addMember, a.Signer()), tx.ErrRoleNotAllowed) {
			t.Fatal("observer authorised as admin")
		}
	})
}

func hexOf(b []byte) string {
	var buf bytes.Buffer
	for _, x := range b {
		buf.WriteString(string("0123456789abcdef"[x>>4]) + string("0123456789abcdef"[x&15]))
	}
	return buf.String()
}
