package cli_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/testbin"
	"github.com/pingshan/govchain/internal/testnet"
)

var bin string

func TestMain(m *testing.M) { testbin.Main(m, &bin) }

func run(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

// TestTxQueryProveVerify drives the CLI against a real node: a signed tx,
// a proof bundle of the record it wrote, offline verification, and
// rejection of a bundle with one byte changed in the value, the proof or a
// validator signature.
func TestTxQueryProveVerify(t *testing.T) {
	for _, suite := range []string{"gm", "intl"} {
		t.Run(suite, func(t *testing.T) {
			dir := t.TempDir()
			nw, err := testnet.Create(bin, dir, network.Options{Suite: suite, Validators: 1, TimeoutCommit: 100 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			if err := nw.StartAll(); err != nil {
				t.Fatal(err)
			}
			defer nw.Shutdown()
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			if err := nw.WaitReady(ctx, 0, 2); err != nil {
				t.Fatal(err)
			}
			home := nw.Nodes[0].Home
			sum := sha256.Sum256([]byte("land use plan " + suite))
			doc := hex.EncodeToString(sum[:])
			payload := filepath.Join(dir, "anchor.json")
			os.WriteFile(payload, []byte(`{"doc_hash":"`+doc+`","title":"坪山区土地利用规划","category":"plan"}`), 0o600)

			out, code := run(t, "tx", "notary", "anchor", "--from", "gov-admin", "--payload", payload, "--home", home)
			if code != 0 || !strings.Contains(out, `"code": 0`) {
				t.Fatalf("tx: exit %d\n%s", code, out)
			}
			var sent struct {
				Hash string `json:"hash"`
			}
			if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &sent); err != nil || sent.Hash == "" {
				t.Fatalf("tx output has no hash (%v):\n%s", err, out)
			}
			// A refused tx exits 2 and says why.
			out, code = run(t, "tx", "notary", "anchor", "--from", "gov-admin", "--payload", payload, "--home", home)
			if code != 2 || !strings.Contains(out, "already anchored") {
				t.Fatalf("duplicate: exit %d\n%s", code, out)
			}

			bundle := filepath.Join(dir, "bundle.json")
			out, code = run(t, "query", "key", "notary/doc/"+doc, "--prove", "--out", bundle, "--home", home)
			if code != 0 {
				t.Fatalf("query --prove: exit %d\n%s", code, out)
			}
			genesis := filepath.Join(home, "config", "genesis.json")
			out, code = run(t, "verify", bundle, "--genesis", genesis)
			if code != 0 || !strings.Contains(out, "authentic") {
				t.Fatalf("verify: exit %d\n%s", code, out)
			}

			// The tx's own record, found by hash, proves its inclusion.
			txBundle := filepath.Join(dir, "tx-bundle.json")
			out, code = run(t, "query", "tx", sent.Hash, "--prove", "--out", txBundle, "--home", home)
			if code != 0 {
				t.Fatalf("query tx --prove: exit %d\n%s", code, out)
			}
			out, code = run(t, "verify", txBundle, "--genesis", genesis)
			if code != 0 || !strings.Contains(out, "authentic") {
				t.Fatalf("verify tx bundle: exit %d\n%s", code, out)
			}
			var txb struct {
				Value []byte `json:"value"`
			}
			var rec app.TxRecord
			if b, _ := os.ReadFile(txBundle); json.Unmarshal(b, &txb) != nil || module.UnmarshalState(txb.Value, &rec) != nil || rec.Hash != sent.Hash {
				t.Fatalf("tx bundle proves %+v, want the record of %s", rec, sent.Hash)
			}

			raw, _ := os.ReadFile(bundle)
			tampers := map[string]func(m map[string]any){
				"value": func(m map[string]any) { m["value"] = flipB64(m["value"].(string)) },
				"proof": func(m map[string]any) { m["proof"] = flipB64(m["proof"].(string)) },
				"signature": func(m map[string]any) {
					sigs := m["signed_header"].(map[string]any)["commit"].(map[string]any)["signatures"].([]any)
					s := sigs[0].(map[string]any)
					s["signature"] = flipB64(s["signature"].(string))
				},
			}
			for name, tamper := range tampers {
				var m map[string]any
				if err := json.Unmarshal(raw, &m); err != nil {
					t.Fatal(err)
				}
				tamper(m)
				b, _ := json.Marshal(m)
				bad := filepath.Join(dir, "bad-"+name+".json")
				os.WriteFile(bad, b, 0o600)
				out, code := run(t, "verify", bad, "--genesis", genesis)
				if code != 3 || !strings.Contains(out, "NOT authentic") {
					t.Fatalf("tampered %s: exit %d\n%s", name, code, out)
				}
			}

			out, code = run(t, "query", "account", "gov-admin", "--home", home)
			if code != 0 || !strings.Contains(out, `"sequence": 2`) {
				t.Fatalf("query account: exit %d\n%s", code, out)
			}
			out, code = run(t, "status", "--home", home)
			if code != 0 || !strings.Contains(out, `"crypto_suite": "`+suite+`"`) {
				t.Fatalf("status: exit %d\n%s", code, out)
			}
		})
	}
}

// flipB64 changes one bit in the middle of a base64 field.
func flipB64(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return s + "A"
	}
	b[len(b)/2] ^= 0x01
	return base64.StdEncoding.EncodeToString(b)
}
