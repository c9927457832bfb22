package cli_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/sealed"
)

// TestRotateEncKeyCLI: on the dev chain nrb's node rotates nrb's
// encryption key with `keys rotate-enc --no-rewrap`, `rewrap --status`
// shows what is wrapped to the old key, `rewrap` re-wraps it in small
// batches and retires the old key; every entry then opens with the new
// "nrb-data" and no longer with the archived "nrb-data-v1".
func TestRotateEncKeyCLI(t *testing.T) {
	dev := startDevCLI(t)
	home, addr, g := dev.home, dev.addr, dev.ok
	// A citizen's named complaint to nrb, its contact sealed to nrb's
	// current key as the portal seals it.
	suite, _ := cryptosuite.ByName(cryptosuite.GM)
	var depts []identity.Department
	if err := client.New("http://"+addr).Get(context.Background(), "/api/v1/departments", &depts); err != nil {
		t.Fatal(err)
	}
	for _, d := range depts {
		if d.ID != "nrb" {
			continue
		}
		sl, err := feedback.SealContact(suite, "nrb", d.EncryptionKey, feedback.Contact{Name: "孙八", Phone: "13533334444"})
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(feedback.Submit{Kind: feedback.KindComplaint, Department: "nrb", Subject: "噪音", Text: "夜间施工",
			Salt: strings.Repeat("00", 16), ContactKey: hex.EncodeToString(sl.Key), ContactData: hex.EncodeToString(sl.Data)})
		f := filepath.Join(t.TempDir(), "complaint.json")
		if err := os.WriteFile(f, b, 0o600); err != nil {
			t.Fatal(err)
		}
		g("tx", "feedback", "submit", "--from", "gsd-gateway", "--payload", f)
	}
	var rot struct {
		Version    uint32 `json:"version"`
		ArchivedAs string `json:"archived_as"`
	}
	if err := json.Unmarshal([]byte(g("keys", "rotate-enc", "--dept", "nrb", "--from", "nrb-admin", "--reason", "drill", "--no-rewrap", "--json")), &rot); err != nil ||
		rot.Version != 2 || rot.ArchivedAs != "nrb-data-v1" {
		t.Fatalf("rotate-enc: %v %+v", err, rot)
	}
	c := client.New("http://" + addr)
	var before api.RewrapStatus
	if err := c.Get(context.Background(), "/api/v1/gov/enckeys/nrb?limit=500", &before); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entries wrapped to nrb's old key", before.Pending)
	var st api.RewrapStatus
	if err := json.Unmarshal([]byte(g("rewrap", "--status", "--dept", "nrb", "--json")), &st); err != nil || st.Pending != before.Pending || st.Key == nil {
		t.Fatalf("status: %v %+v", err, st)
	}
	var res struct {
		Rewrapped int  `json:"rewrapped"`
		Pending   int  `json:"pending"`
		Retired   bool `json:"retired"`
	}
	if err := json.Unmarshal([]byte(g("rewrap", "--dept", "nrb", "--from", "nrb-admin", "--batch", "2", "--json")), &res); err != nil ||
		res.Rewrapped != before.Pending || res.Pending != 0 || !res.Retired {
		t.Fatalf("rewrap: %v %+v", err, res)
	}
	kr, err := keyring.Open(filepath.Join(home, "keyring"), suite)
	if err != nil {
		t.Fatal(err)
	}
	newKey, err1 := kr.Load("nrb-data", "")
	oldKey, err2 := kr.Load("nrb-data-v1", "")
	if err1 != nil || err2 != nil {
		t.Fatalf("keyring: %v %v", err1, err2)
	}
	contacts := 0
	for _, e := range before.Entries {
		if e.Module == "feedback" {
			// feedback's own format (feedback.Sealed), re-wrapped by the
			// same command: it opens with the new key only.
			contacts++
			var rec api.StateResponse
			if err := c.Get(context.Background(), "/api/v1/state?key="+url.QueryEscape(string(feedback.ItemKey(e.Ref))), &rec); err != nil {
				t.Fatal(err)
			}
			raw, _ := hex.DecodeString(rec.ValueHex)
			var it feedback.Item
			if err := module.UnmarshalState(raw, &it); err != nil {
				t.Fatal(err)
			}
			if got, err := feedback.OpenContact(suite, "nrb", newKey, it.Contact); err != nil || got.Phone != "13533334444" {
				t.Fatalf("%s with the new key: %+v %v", e.Ref, got, err)
			}
			if _, err := feedback.OpenContact(suite, "nrb", oldKey, it.Contact); err == nil {
				t.Fatalf("%s still opens with the old key", e.Ref)
			}
			continue
		}
		if e.Module != "workflow" {
			continue
		}
		var rec api.StateResponse
		if err := c.Get(context.Background(), "/api/v1/state?key="+url.QueryEscape("workflow/pd/"+e.Ref), &rec); err != nil {
			t.Fatal(err)
		}
		raw, _ := hex.DecodeString(rec.ValueHex)
		var box sealed.Box
		if err := module.UnmarshalState(raw, &box); err != nil {
			t.Fatal(err)
		}
		if _, err := sealed.Open(suite, &box, e.Domain, "nrb", newKey); err != nil {
			t.Fatalf("%s with the new key: %v", e.Ref, err)
		}
		if _, err := sealed.Open(suite, &box, e.Domain, "nrb", oldKey); err == nil {
			t.Fatalf("%s still opens with the old key", e.Ref)
		}
	}
	if contacts != 1 {
		t.Fatalf("%d feedback contacts were pending, want 1", contacts)
	}
}
