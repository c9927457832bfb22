package cli_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/node"
)

// TestReindexKeepsHiddenTextHidden: feedback text lives in the txs, not in
// state; `govchain reindex` on the stopped node reads it back from the
// block store, and blanks the item a moderator hid.
func TestReindexKeepsHiddenTextHidden(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	addr := freeAddr(t)
	cmd := startDev(t, home, addr)
	waitFile(t, filepath.Join(home, "demo.json"))
	submit := func(subject, text string) string {
		t.Helper()
		b, _ := json.Marshal(map[string]any{"kind": "complaint", "department": "nrb", "subject": subject, "text": text, "anonymous": true})
		res, err := http.Post("http://"+addr+"/api/v1/feedback", "application/json", bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var c struct {
			Receipt string `json:"receipt"`
		}
		if err := json.NewDecoder(res.Body).Decode(&c); err != nil || res.StatusCode != http.StatusCreated {
			t.Fatalf("submit: %d %v", res.StatusCode, err)
		}
		return c.Receipt
	}
	hidden := submit("隐藏 SUBJ-HID", "BODY-HID 含有他人电话")
	kept := submit("保留 SUBJ-KEEP", "BODY-KEEP 路灯不亮")
	payload := filepath.Join(t.TempDir(), "hide.json")
	os.WriteFile(payload, []byte(`{"receipt":"`+hidden+`","reason":"含个人信息"}`), 0o600)
	if out, code := run(t, "tx", "feedback", "hide", "--from", "nrb-admin", "--payload", payload, "--home", home); code != 0 {
		t.Fatalf("hide: exit %d\n%s", code, out)
	}
	stopDev(t, cmd)

	if out, code := run(t, "reindex", "--home", home); code != 0 || strings.Contains(out, "warning") {
		t.Fatalf("reindex: exit %d\n%s", code, out)
	}
	ix, err := index.Open(node.Home(home).IndexPath(), node.IndexHandlers()...)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	row := func(receipt string) string {
		var s string
		if err := ix.DB().QueryRow(`SELECT subject || '|' || text || '|' || hidden FROM feedback_items WHERE receipt = ?`, receipt).Scan(&s); err != nil {
			t.Fatalf("%s: %v", receipt, err)
		}
		return s
	}
	if got := row(kept); got != "保留 SUBJ-KEEP|BODY-KEEP 路灯不亮|0" {
		t.Fatalf("kept item after reindex: %q (text not read back from the block store?)", got)
	}
	if got := row(hidden); got != "||1" {
		t.Fatalf("hidden item after reindex: %q", got)
	}
}
