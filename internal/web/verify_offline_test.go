package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// buildVerifier compiles cmd/verifywasm for js/wasm, as go generate does
// for a release binary (slow on a cold cache: minutes).
func buildVerifier(t *testing.T) *Verifier {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go toolchain to build the WebAssembly verifier")
	}
	out := filepath.Join(t.TempDir(), "verify.wasm")
	cmd := exec.Command(goBin, "build", "-tags", "force64bit", "-trimpath", "-ldflags=-s", "-o", out, "../../cmd/verifywasm")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build the wasm verifier: %v\n%s", err, b)
	}
	root, err := exec.Command(goBin, "env", "GOROOT").Output()
	if err != nil {
		t.Fatal(err)
	}
	wasm, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	execJS, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(root)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		t.Fatal(err)
	}
	return &Verifier{WASM: wasm, ExecJS: execJS}
}

// TestBrowserVerifyOffline (issue #15, item 7): the verify page checks a
// bundle in Chromium with the Go verifier compiled to WebAssembly, under a
// CSP that allows only this node's scripts and wasm; after the page has
// loaded the node is stopped, and still an authentic bundle passes and a
// tampered one (one byte of the value) fails.
func TestBrowserVerifyOffline(t *testing.T) {
	ctx := newChrome(t)
	v := buildVerifier(t)
	e := newEnv(t, Options{Verifier: v})
	c := e.client()
	bundle := c.get("/api/v1/proofs?key=" + url.QueryEscape("identity/dept/nrb"))
	if bundle.Status != http.StatusOK {
		t.Fatalf("proof: %d %s", bundle.Status, bundle.Body)
	}
	var m map[string]any
	json.Unmarshal([]byte(bundle.Body), &m)
	val := m["value"].(string)
	m["value"] = "A" + val[1:]
	if val[0] == 'A' {
		m["value"] = "B" + val[1:]
	}
	tampered, _ := json.Marshal(m)

	resp, err := http.Get(e.srv.URL + "/verify/offline")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); csp != offlineCSP {
		t.Fatalf("CSP %q, want %q", csp, offlineCSP)
	}
	if r, err := http.Get(e.srv.URL + "/verify"); err != nil || r.Header.Get("Content-Security-Policy") == offlineCSP {
		t.Fatalf("the ordinary verify page allows scripts (%v)", err)
	} else {
		r.Body.Close()
	}

	b := &chrome{t: t, ctx: ctx, base: e.srv.URL}
	b.open("/verify/offline?lang=en")
	state := ""
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if state = b.eval(`document.getElementById('o-status').dataset.state || ''`); state != "" {
			break
		}
	}
	if state != "ready" {
		t.Fatalf("verifier state %q: %s", state, b.text("main"))
	}
	if got := b.text("#o-genesis"); len(got) != 64 {
		t.Fatalf("pinned genesis hash %q", got)
	}

	// Cut the network: the node's HTTP server is gone.
	e.srv.Close()
	if _, err := http.Get(e.srv.URL + "/api/v1/status"); err == nil {
		t.Fatal("the node still answers")
	}
	if got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch('/api/v1/status').then(() => 'up', () => 'down')`, chromedp.EvalAwaitPromise)); got != "down" {
		t.Fatalf("the page still reaches the node: %q", got)
	}

	check := func(text string) (class, verdict string) {
		b.set("#o-text", text)
		b.do(chromedp.Click(chromedp.CSS("#o-check")))
		b.do(chromedp.WaitVisible(chromedp.CSS("#o-result")))
		return b.eval(`document.getElementById('o-result').className`), b.text("#o-result")
	}
	if class, txt := check(bundle.Body); class != "result good" || !strings.Contains(txt, "Authentic") {
		t.Fatalf("authentic bundle: %q %s", class, txt)
	}
	b.shot("verify-offline-good", "")
	if class, txt := check(string(tampered)); class != "result bad" || !strings.Contains(txt, "✘") || !strings.Contains(txt, "does not match") {
		t.Fatalf("tampered bundle: %q %s", class, txt)
	}
	b.shot("verify-offline-bad", "")
	// A published genesis hash that differs: the check refuses.
	b.set("#o-pin", strings.Repeat("0", 64))
	if class, _ := check(bundle.Body); class != "result bad" {
		t.Fatalf("wrong published genesis hash accepted: %q", class)
	}
}

// TestVerifyOfflineNotBuilt: without the wasm (a clone run without go
// generate), the page says so and links to the server check; no script
// route exists.
func TestVerifyOfflineNotBuilt(t *testing.T) {
	if embeddedVerifier() != nil {
		t.Skip("this binary embeds the verifier")
	}
	e := newEnv(t, Options{})
	c := e.client()
	r := c.get("/verify/offline?lang=en")
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "does not include the in-browser verifier") || strings.Contains(r.Body, "<script") {
		t.Fatalf("%d %s", r.Status, r.Body)
	}
	if r := c.get("/verify/offline/verify.wasm"); r.Status != http.StatusNotFound {
		t.Fatalf("wasm route: %d", r.Status)
	}
}
