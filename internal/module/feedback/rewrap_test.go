package feedback_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// readOnly lets a test write through a store.Overlay over committed state
// without touching it.
type readOnly struct{ store.Reader }

func (readOnly) Set(_, _ []byte) error { return errors.New("read-only") }
func (readOnly) Delete(_ []byte) error { return errors.New("read-only") }

// TestSealedEntriesAndReplace: only named items addressed to the
// department are listed, under the contact's own domain (so the node's
// sealed.Rewrap opens them), and ReplaceWrappedKey refuses what is not
// such an entry, naming why, before writing anything.
func TestSealedEntriesAndReplace(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	submit := func(dept string, anonymous bool) string {
		sub := feedback.Submit{Kind: feedback.KindComplaint, Department: dept, Subject: "噪音", Text: "夜间施工", Salt: testSalt, Anonymous: anonymous}
		if !anonymous {
			d, _ := identity.GetDepartment(c.State(), dept)
			sl, err := feedback.SealContact(c.Suite, dept, d.EncryptionKey, feedback.Contact{Phone: "13800000000"})
			if err != nil {
				t.Fatal(err)
			}
			sub.ContactKey, sub.ContactData = hex.EncodeToString(sl.Key), hex.EncodeToString(sl.Data)
		}
		raw := c.Sign("gsd-gateway", "feedback", "submit", sub)
		if r := c.Block(raw)[0]; r.Code != 0 {
			t.Fatal(r.Log)
		}
		return feedback.ReceiptFor(feedback.KindComplaint, c.Suite.Hash(raw))
	}
	named, anon, other := submit("nrb", false), submit("nrb", true), submit("fin", false)

	es, err := feedback.Module{}.SealedEntries(c.State(), "nrb")
	if err != nil || len(es) != 1 || es[0].Ref != named || es[0].Domain != feedback.ContactDomain("nrb") {
		t.Fatalf("entries %+v %v", es, err)
	}
	// The entry is what the node needs: the old key opens it under its domain.
	next := apptest.Key(t, c.Suite, "nrb-data-v2")
	nw, err := sealed.Rewrap(c.Suite, es[0].Wrapped, es[0].Ciphertext, es[0].Domain, c.Keys["nrb-data"], next.Public())
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		name, ref, dept string
		wrapped         []byte
		want            error
	}{
		{"no such receipt", "JY-0000000000", "nrb", nw, feedback.ErrNotFound},
		{"anonymous item", anon, "nrb", nw, feedback.ErrInvalid},
		{"another department's item", other, "nrb", nw, feedback.ErrOtherDepartment},
		{"empty key", named, "nrb", nil, feedback.ErrInvalid},
		{"oversized key", named, "nrb", bytes.Repeat([]byte{1}, sealed.MaxWrappedKey+1), feedback.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kv := store.NewOverlay(readOnly{c.State()})
			err := feedback.Module{}.ReplaceWrappedKey(kv, tc.ref, tc.dept, tc.wrapped)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
	kv := store.NewOverlay(readOnly{c.State()})
	if err := (feedback.Module{}).ReplaceWrappedKey(kv, named, "nrb", nw); err != nil {
		t.Fatal(err)
	}
	it, err := feedback.GetItem(kv, named)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := feedback.OpenContact(c.Suite, "nrb", next, it.Contact); err != nil || got.Phone != "13800000000" {
		t.Fatalf("with the new key: %+v %v", got, err)
	}
}
