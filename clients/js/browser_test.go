package jsclient

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserPage runs in Chromium: the package, bundled for browsers by
// esbuild, reproduces the wire-format vectors (intl byte for byte, gm
// signs and verifies) and checks the proof fixture with its genesis, and
// refuses the tampered one. The verdict goes into document.title.
const browserPage = `<!doctype html><meta charset="utf-8"><title>running</title>
<script type="module">
import * as g from '/client.js';
const get = async (p) => (await fetch(p)).text();
try {
  for (const name of ['gm', 'intl']) {
    const v = JSON.parse(await get('/vectors/' + name + '.json'));
    const t = g.buildTx({ suite: name, privateKey: v.private_key, chainId: v.chain_id, sequence: v.sequence,
      module: v.module, action: v.action, payload: v.payload_json });
    if (g.toHex(g.unsignedBytes(t.tx)) !== v.unsigned_envelope_hex) throw new Error(name + ': unsigned envelope');
    if (!g.verifyTx(name, t.raw, g.fromHex(v.public_key))) throw new Error(name + ': own signature');
    if (!g.verifyTx(name, g.fromHex(v.signed_envelope_hex), g.fromHex(v.public_key))) throw new Error(name + ': vector signature');
    if (g.txHashes(name, g.fromHex(v.signed_envelope_hex)).hash !== v.tx_hash) throw new Error(name + ': hash');
    if (name === 'intl' && g.toHex(t.raw) !== v.signed_envelope_hex) throw new Error('intl: signed envelope');
  }
  const genesis = await get('/proof/genesis.json');
  const r = g.checkBundle(await get('/proof/bundle.json'), { genesis });
  if (r.trusted !== 'genesis') throw new Error('bundle not checked against genesis');
  let refused = false;
  try { g.checkBundle(await get('/proof/bundle-tampered.json'), { genesis }); } catch { refused = true; }
  if (!refused) throw new Error('tampered bundle accepted');
  const chained = JSON.parse(await get('/proof/bundle-transitions.json'));
  if (g.checkBundle(chained, { genesis }).signatures.validatorChanges !== 2) throw new Error('validator transitions not walked');
  chained.validator_transitions.pop();
  refused = false;
  try { g.checkBundle(chained, { genesis }); } catch { refused = true; }
  if (!refused) throw new Error('bundle missing a validator transition accepted');
  document.title = 'ok';
} catch (e) {
  document.title = 'fail: ' + e.message;
}
</script>`

// TestJSClientInBrowser: the package runs in Chromium too (bundled with
// esbuild, pinned in package-lock.json).
func TestJSClientInBrowser(t *testing.T) {
	const chromium = "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("need %s: %v", chromium, err)
		}
		t.Skipf("no %s: browser test skipped", chromium)
	}
	if _, err := exec.LookPath("node"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("node not found: scripts/test.sh installs Node")
		}
		t.Skip("Node.js is not installed (scripts/test.sh installs it)")
	}
	installDeps(t)
	dir := t.TempDir()
	bundle := filepath.Join(dir, "client.js")
	if out, err := exec.Command(filepath.Join("node_modules", ".bin", "esbuild"), "src/index.js", "--bundle", "--format=esm",
		"--platform=browser", "--outfile="+bundle).CombinedOutput(); err != nil {
		t.Fatalf("esbuild: %v\n%s", err, out)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(browserPage))
	})
	mux.HandleFunc("GET /client.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, bundle)
	})
	mux.Handle("GET /vectors/", http.StripPrefix("/vectors/", http.FileServer(http.Dir("../../internal/tx/testdata/vectors"))))
	mux.Handle("GET /proof/", http.StripPrefix("/proof/", http.FileServer(http.Dir("../../internal/proof/testdata"))))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	tmp := t.TempDir()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(filepath.Join(tmp, "profile")),
		chromedp.Env("HOME="+tmp, "XDG_CONFIG_HOME="+filepath.Join(tmp, "config"), "XDG_CACHE_HOME="+filepath.Join(tmp, "cache")))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancelC := chromedp.NewContext(actx)
	defer cancelC()
	ctx, cancelT := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelT()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	title := "running"
	for title == "running" && ctx.Err() == nil {
		time.Sleep(200 * time.Millisecond)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title`))
		if err != nil {
			t.Fatal(err)
		}
		title = v
	}
	if !strings.HasPrefix(title, "ok") {
		t.Fatalf("in Chromium: %s", title)
	}
}
