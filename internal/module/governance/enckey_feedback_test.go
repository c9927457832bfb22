package governance_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// submitNamed files a suggestion to dept with the citizen's contact sealed
// to dept's current key, as the gateway does, and returns its receipt.
func submitNamed(t *testing.T, c *apptest.Chain, dept, phone string, anonymous bool) string {
	t.Helper()
	sub := feedback.Submit{Kind: feedback.KindSuggestion, Department: dept, Subject: "路灯", Text: "请修路灯 " + phone,
		Salt: "00112233445566778899aabbccddeeff", Anonymous: anonymous}
	if !anonymous {
		d, err := identity.GetDepartment(c.State(), dept)
		if err != nil {
			t.Fatal(err)
		}
		sl, err := feedback.SealContact(c.Suite, dept, d.EncryptionKey, feedback.Contact{Name: "李四", Phone: phone})
		if err != nil {
			t.Fatal(err)
		}
		sub.ContactKey, sub.ContactData = hex.EncodeToString(sl.Key), hex.EncodeToString(sl.Data)
	}
	raw := c.Sign("gsd-gateway", "feedback", "submit", sub)
	if r := c.Block(raw)[0]; r.Code != 0 {
		t.Fatal(r.Log)
	}
	return feedback.ReceiptFor(feedback.KindSuggestion, c.Suite.Hash(raw))
}

// TestEncKeyRotationRewrapsFeedbackContacts: a citizen's contact sealed to
// the rotating department is listed for re-wrap beside its cases' data,
// and after the node's re-wrap it opens with the new key only; another
// department's contact and an anonymous item are left alone. Without
// feedback as a SealedHolder the contact would stay wrapped to the old key
// and be lost when it is destroyed.
func TestEncKeyRotationRewrapsFeedbackContacts(t *testing.T) {
	c := sealedLandChain(t)
	caseNo := openLandCase(t, c)
	named := submitNamed(t, c, "nrb", "13800000001", false)
	answered := submitNamed(t, c, "nrb", "13800000002", false)
	c.MustDo("nrb-clerk", "feedback", "reply", feedback.ReplyTo{Receipt: answered, Text: "已处理"})
	submitNamed(t, c, "nrb", "", true)
	other := submitNamed(t, c, "fin", "13800000003", false)
	otherBefore, _ := feedback.GetItem(c.State(), other)

	st, err := govModule(t).RewrapState(c.State(), "nrb", 0)
	if err != nil || st.Pending != 0 {
		t.Fatalf("before rotation: %+v %v", st, err)
	}
	old := c.Keys["nrb-data"]
	next := apptest.Key(t, c.Suite, "nrb-data-v2")
	r := c.MustDo("nrb-admin", "governance", "rotate_enc_key", governance.RotateEncKey{Department: "nrb",
		NewKey: hex.EncodeToString(next.Public().Bytes()), Reason: "key leaked"})
	// One case (workflow) and two named items (feedback).
	if got := apptest.Event(r, "governance.enc_key_rotated", "pending"); got != "3" {
		t.Fatalf("pending = %q, want 3", got)
	}
	st, err = govModule(t).RewrapState(c.State(), "nrb", 10)
	if err != nil {
		t.Fatal(err)
	}
	fb := map[string]bool{}
	for _, e := range st.Entries {
		if e.Module == "feedback" {
			fb[e.Ref] = e.Domain == feedback.ContactDomain("nrb")
		}
	}
	if len(fb) != 2 || !fb[named] || !fb[answered] {
		t.Fatalf("feedback entries pending: %v (entries %+v)", fb, st.Entries)
	}
	// A feedback ref that is not pending (another department's item) is refused.
	bogus := governance.Rewrap{Department: "nrb", Entries: []governance.RewrapEntry{{Module: "feedback", Ref: other, WrappedKey: "00"}}}
	wantCode(t, c.Do("nrb-admin", "governance", "rewrap", bogus), governance.ErrNotRewrapEntry)

	rewrapAll(t, c, "nrb-admin", "nrb", old, next.Public(), 2)

	d, _ := identity.GetDepartment(c.State(), "nrb")
	if d.Rewrapping() || d.EncKey.RetiredAt == 0 {
		t.Fatalf("previous key not retired: %+v", d.EncKey)
	}
	for receipt, phone := range map[string]string{named: "13800000001", answered: "13800000002"} {
		it, err := feedback.GetItem(c.State(), receipt)
		if err != nil {
			t.Fatal(err)
		}
		got, err := feedback.OpenContact(c.Suite, "nrb", next, it.Contact)
		if err != nil || got.Phone != phone {
			t.Fatalf("%s with the new key: %+v %v", receipt, got, err)
		}
		if _, err := feedback.OpenContact(c.Suite, "nrb", old, it.Contact); err == nil {
			t.Fatalf("%s still opens with the old key", receipt)
		}
	}
	otherAfter, _ := feedback.GetItem(c.State(), other)
	if !bytes.Equal(otherAfter.Contact.Key, otherBefore.Contact.Key) {
		t.Fatal("fin's contact was re-wrapped")
	}
	if _, err := feedback.OpenContact(c.Suite, "fin", c.Keys["fin-data"], otherAfter.Contact); err != nil {
		t.Fatalf("fin's contact broken: %v", err)
	}
	box, _ := workflow.GetPersonalData(c.State(), caseNo)
	if _, err := workflow.OpenPersonalData(c.Suite, box, "nrb", next); err != nil {
		t.Fatalf("case %s with the new key: %v", caseNo, err)
	}
	if _, err := workflow.OpenPersonalData(c.Suite, box, "nrb", old); !errors.Is(err, cryptosuite.ErrDecrypt) {
		t.Fatalf("case %s still opens with the old key: %v", caseNo, err)
	}
}
