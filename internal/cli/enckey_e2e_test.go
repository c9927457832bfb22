package cli_test

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/sealed"
)

// TestRotateEncKeyCLI: on the dev chain nrb's node rotates nrb's
// encryption key with `keys rotate-enc --no-rewrap`, `rewrap --status`
// shows what is wrapped to the old key, `rewrap` re-wraps it in small
// batches and retires the old key; every entry then opens with the new
// "nrb-data" and no longer with the archived "nrb-data-v1".
func TestRotateEncKeyCLI(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	addr := freeAddr(t)
	cmd := startDev(t, home, addr)
	defer stopDev(t, cmd)
	waitFile(t, filepath.Join(home, "demo.json"))
	g := func(args ...string) string {
		t.Helper()
		out, code := run(t, append(args, "--home", home, "--node", "http://"+addr)...)
		if code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, out)
		}
		return out
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
	suite, _ := cryptosuite.ByName(cryptosuite.GM)
	kr, err := keyring.Open(filepath.Join(home, "keyring"), suite)
	if err != nil {
		t.Fatal(err)
	}
	newKey, err1 := kr.Load("nrb-data", "")
	oldKey, err2 := kr.Load("nrb-data-v1", "")
	if err1 != nil || err2 != nil {
		t.Fatalf("keyring: %v %v", err1, err2)
	}
	for _, e := range before.Entries {
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
}
