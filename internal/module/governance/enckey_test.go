package governance_test

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/sealed"
)

// landChain is a chain with the land process published at genesis, so
// cases with sealed applicant data can be opened.
func sealedLandChain(t *testing.T) *apptest.Chain {
	t.Helper()
	b, err := os.ReadFile("../workflow/testdata/land.json")
	if err != nil {
		t.Fatal(err)
	}
	return apptest.New(t, apptest.Options{Modules: map[string]any{"workflow": map[string]any{"definitions": []json.RawMessage{b}}}})
}

// openLandCase opens a case with applicant data sealed to the process's
// departments' current keys, as a window client does.
func openLandCase(t *testing.T, c *apptest.Chain) string {
	t.Helper()
	b, _ := os.ReadFile("../workflow/testdata/land.json")
	def, err := workflow.ParseDefinition(b)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]cryptosuite.PublicKey{}
	for _, id := range def.Departments() {
		d, err := identity.GetDepartment(c.State(), id)
		if err != nil {
			t.Fatal(err)
		}
		if keys[id], err = c.Suite.ParsePublicKey(d.EncryptionKey); err != nil {
			t.Fatal(err)
		}
	}
	box, err := workflow.SealPersonalData(c.Suite, keys, workflow.PersonalData{Name: "张三", IDNumber: "11010519491231002X", Phone: "13800000000"})
	if err != nil {
		t.Fatal(err)
	}
	code, _ := workflow.NewAccessCode()
	req := workflow.OpenCaseRequest{Definition: "land-use",
		Fields:         map[string]workflow.Value{"parcel_id": workflow.StringValue("PS-2026-0042"), "area_m2": workflow.NumberValue(500), "use": workflow.StringValue("industrial")},
		AccessCodeHash: workflow.AccessCodeHash(c.Suite, code), RatingTokenHash: workflow.RatingTokenHashFor(c.Suite, code), PersonalData: *box,
		Attachments: []workflow.Attachment{{Kind: "application_form", Hash: c.Suite.Hash([]byte("a"))}, {Kind: "site_plan", Hash: c.Suite.Hash([]byte("b"))}}}
	r := c.MustDo("nrb-clerk", "workflow", "open_case", req)
	return apptest.Event(r, "workflow.case_opened", "case")
}

func govModule(t *testing.T) governance.Module {
	for _, m := range app.Modules() {
		if g, ok := m.(governance.Module); ok {
			return g
		}
	}
	t.Fatal("no governance module")
	return governance.Module{}
}

// rewrapAll does the node's work: every pending entry re-wrapped from old
// to the department's current key, in batches of batch.
func rewrapAll(t *testing.T, c *apptest.Chain, who, dept string, old cryptosuite.PrivateKey, to cryptosuite.PublicKey, batch int) {
	t.Helper()
	for {
		st, err := govModule(t).RewrapState(c.State(), dept, batch)
		if err != nil {
			t.Fatal(err)
		}
		if st.Pending == 0 {
			return
		}
		var entries []governance.RewrapEntry
		for _, e := range st.Entries {
			w, _ := hex.DecodeString(e.WrappedKey)
			ct, _ := hex.DecodeString(e.Ciphertext)
			nw, err := sealed.Rewrap(c.Suite, w, ct, e.Domain, old, to)
			if err != nil {
				t.Fatalf("%s/%s: %v", e.Module, e.Ref, err)
			}
			entries = append(entries, governance.RewrapEntry{Module: e.Module, Ref: e.Ref, WrappedKey: hex.EncodeToString(nw)})
		}
		c.MustDo(who, "governance", "rewrap", governance.Rewrap{Department: dept, Entries: entries})
	}
}

func TestEncKeyRotationRewrap(t *testing.T) {
	c := sealedLandChain(t)
	var cases []string
	for range 3 {
		cases = append(cases, openLandCase(t, c))
	}
	gov0, err := workflow.GetPersonalData(c.State(), cases[0])
	if err != nil {
		t.Fatal(err)
	}
	govBefore := bytes.Clone(gov0.WrappedKeys["gov"])

	old := c.Keys["nrb-data"]
	next := apptest.Key(t, c.Suite, "nrb-data-v2")
	rotate := governance.RotateEncKey{Department: "nrb", NewKey: hex.EncodeToString(next.Public().Bytes()), Reason: "key leaked"}

	// Another department's admin cannot rotate nrb's key.
	wantCode(t, c.Do("eeb-admin", "governance", "rotate_enc_key", rotate), governance.ErrOtherDepartment)
	// Re-wrap before any rotation.
	one := governance.Rewrap{Department: "nrb", Entries: []governance.RewrapEntry{{Module: "workflow", Ref: cases[0], WrappedKey: "00"}}}
	wantCode(t, c.Do("nrb-admin", "governance", "rewrap", one), governance.ErrNoRotation)

	r := c.MustDo("nrb-admin", "governance", "rotate_enc_key", rotate)
	if got := apptest.Event(r, "governance.enc_key_rotated", "pending"); got != "3" {
		t.Fatalf("pending = %q, want 3", got)
	}
	d, _ := identity.GetDepartment(c.State(), "nrb")
	if !bytes.Equal(d.EncryptionKey, next.Public().Bytes()) || d.EncKeyVersion() != 2 || !bytes.Equal(d.EncKey.Previous, old.Public().Bytes()) || !d.Rewrapping() {
		t.Fatalf("department after rotation: %+v %+v", d, d.EncKey)
	}

	// A second rotation waits for the re-wrap.
	again := rotate
	again.NewKey = hex.EncodeToString(apptest.Key(t, c.Suite, "nrb-data-v3").Public().Bytes())
	wantCode(t, c.Do("nrb-admin", "governance", "rotate_enc_key", again), identity.ErrRotationPending)
	// eeb's admin cannot re-wrap nrb's entries.
	wantCode(t, c.Do("eeb-admin", "governance", "rewrap", one), governance.ErrOtherDepartment)
	// nor can nrb's admin re-wrap an entry that is not pending.
	bogus := governance.Rewrap{Department: "nrb", Entries: []governance.RewrapEntry{{Module: "workflow", Ref: "NO-SUCH-CASE", WrappedKey: "00"}}}
	wantCode(t, c.Do("nrb-admin", "governance", "rewrap", bogus), governance.ErrNotRewrapEntry)
	unknown := governance.Rewrap{Department: "nrb", Entries: []governance.RewrapEntry{{Module: "notary", Ref: cases[0], WrappedKey: "00"}}}
	wantCode(t, c.Do("nrb-admin", "governance", "rewrap", unknown), governance.ErrUnknownHolder)

	rewrapAll(t, c, "nrb-admin", "nrb", old, next.Public(), 2)

	d, _ = identity.GetDepartment(c.State(), "nrb")
	if d.Rewrapping() || d.EncKey.RetiredAt == 0 {
		t.Fatalf("previous key not retired: %+v", d.EncKey)
	}
	for _, n := range cases {
		box, err := workflow.GetPersonalData(c.State(), n)
		if err != nil {
			t.Fatal(err)
		}
		pd, err := workflow.OpenPersonalData(c.Suite, box, "nrb", next)
		if err != nil || pd.Name != "张三" {
			t.Fatalf("case %s with the new key: %v %+v", n, err, pd)
		}
		if _, err := workflow.OpenPersonalData(c.Suite, box, "nrb", old); !errors.Is(err, cryptosuite.ErrDecrypt) {
			t.Fatalf("case %s still opens with the old key: %v", n, err)
		}
		if _, err := workflow.OpenPersonalData(c.Suite, box, "gov", c.Keys["gov-data"]); err != nil {
			t.Fatalf("case %s: gov's entry broken: %v", n, err)
		}
	}
	gov1, _ := workflow.GetPersonalData(c.State(), cases[0])
	if !bytes.Equal(gov1.WrappedKeys["gov"], govBefore) {
		t.Fatal("gov's wrapped key changed")
	}
	// The next rotation is allowed again, and a department with nothing
	// sealed to it retires its previous key at once.
	r = c.MustDo("nrb-admin", "governance", "rotate_enc_key", again)
	if got := apptest.Event(r, "governance.enc_key_rotated", "pending"); got != "3" {
		t.Fatalf("second rotation pending = %q", got)
	}
	r = c.MustDo("aud-admin", "governance", "rotate_enc_key", governance.RotateEncKey{Department: "aud",
		NewKey: hex.EncodeToString(apptest.Key(t, c.Suite, "aud-data-v2").Public().Bytes()), Reason: "yearly"})
	if apptest.Event(r, "governance.enc_key_retired", "department") != "aud" {
		t.Fatalf("aud's previous key not retired at once: %v", r.Events)
	}
	// Rotating back to the previous key is refused.
	back := governance.RotateEncKey{Department: "aud", NewKey: hex.EncodeToString(c.Keys["aud-data"].Public().Bytes()), Reason: "undo"}
	wantCode(t, c.Do("aud-admin", "governance", "rotate_enc_key", back), identity.ErrSameKey)
}
