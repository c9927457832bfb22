package testnet_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil/promlint"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
	"github.com/pingshan/govchain/internal/tx"
)

// TestOperatorEndpoints: a running node answers /readyz (ready, its index
// current), serves CometBFT's metrics beside govchain's on /metrics (lint
// clean but for CometBFT's own names), every metric the Grafana dashboard
// in docs queries among them; restarted with a free-space
// watermark above the disk's free space, it refuses transactions with
// ErrDiskLow (HTTP 503), says so on /readyz and /metrics and in its log.
func TestOperatorEndpoints(t *testing.T) {
	// Two validators, so that peer metrics exist.
	nw, keys := faultNet(t, 2, 1, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	get := func(path string) (int, string) {
		t.Helper()
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, nw.Nodes[0].API+path, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	var rd node.Readiness
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, body := get("/readyz")
		json.Unmarshal([]byte(body), &rd)
		if code == http.StatusOK && rd.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz: %d %s", code, body)
		}
		time.Sleep(100 * time.Millisecond)
	}
	if rd.Height < 1 || rd.IndexHeight < rd.Height-1 || rd.CatchingUp || rd.DiskLow {
		t.Fatalf("ready but %+v", rd)
	}

	// One tx committed and one refused, so that the tx counters have series.
	raw, err := buildAnchor(ctx, nw, keys[0])
	if err != nil {
		t.Fatal(err)
	}
	if res, err := nw.Client(0).Broadcast(ctx, raw, false); err != nil || res.Code != 0 {
		t.Fatalf("tx: %+v %v", res, err)
	}
	addr := cryptosuite.Address(nw.Suite, keys[0].Public())
	st, err := nw.Client(0).Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wrongSeq, err := tx.Build(keys[0], addr, st.ChainID, 99, "notary", "anchor", []byte(`{"doc_hash":"`+strings.Repeat("cd", 32)+`","title":"t"}`))
	if err != nil {
		t.Fatal(err)
	}
	if res, err := nw.Client(0).Broadcast(ctx, wrongSeq, false); err == nil && res.Code == 0 {
		t.Fatal("a tx at a wrong sequence was accepted")
	}

	code, text := get("/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics: %d", code)
	}
	// (Peer and block-sync series appear once the node has peers or syncs.)
	for _, want := range []string{"cometbft_consensus_height{", "cometbft_consensus_rounds{", "cometbft_mempool_size{",
		"cometbft_consensus_validators{", "cometbft_state_block_processing_time_bucket{", "govchain_block_height ", "govchain_disk_free_bytes ", "govchain_disk_low 0"} {
		if !strings.Contains(text, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	probs, err := promlint.New(strings.NewReader(text)).Lint()
	if err != nil {
		t.Fatal(err)
	}
	// The same checks as `promtool check metrics`, CometBFT's metrics
	// included (node.Metrics.Gatherer renames its non-conforming counters).
	for _, p := range probs {
		t.Errorf("lint: %s: %s", p.Metric, p.Text)
	}
	promtoolCheck(t, text)
	t.Logf("/metrics: %d lines, no lint remarks", strings.Count(text, "\n"))
	checkDashboard(t, text)

	// The watermark: more free space than any disk has.
	if err := nw.Stop(0); err != nil {
		t.Fatal(err)
	}
	waitExit(nw, 0, 30*time.Second)
	patchAppConfig(t, node.Home(nw.Nodes[0].Home), map[string]any{"disk": map[string]any{"min_free_bytes": int64(1) << 62}})
	if err := nw.Start(0); err != nil {
		t.Fatal(err)
	}
	if err := nw.WaitReady(ctx, 0, rd.Height+1); err != nil {
		t.Fatal(err)
	}
	// Once caught up again, the disk is what keeps it unready.
	code, body := 0, ""
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		code, body = get("/readyz")
		rd = node.Readiness{}
		json.Unmarshal([]byte(body), &rd)
		if !rd.CatchingUp {
			break
		}
	}
	if code != http.StatusServiceUnavailable || !rd.DiskLow || !strings.Contains(rd.Reason, "disk") {
		t.Fatalf("/readyz with the disk low: %d %s", code, body)
	}
	raw, err = buildAnchor(ctx, nw, keys[0])
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, nw.Nodes[0].API+"/api/v1/txs", strings.NewReader(string(raw)))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var refusal struct {
		Code      uint32 `json:"code"`
		Codespace string `json:"codespace"`
		Message   string `json:"message"`
	}
	json.NewDecoder(resp.Body).Decode(&refusal)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || refusal.Codespace != node.ErrDiskLow.Codespace || refusal.Code != node.ErrDiskLow.Code {
		t.Fatalf("tx with the disk low: HTTP %d %+v", resp.StatusCode, refusal)
	}
	if _, text := get("/metrics"); !strings.Contains(text, "govchain_disk_low 1") || !strings.Contains(text, "govchain_disk_refused_txs_total 1") {
		t.Errorf("/metrics does not show the low disk")
	}
	if log := nw.LogTail(0, 200); !strings.Contains(log, "DISK LOW") {
		t.Errorf("no DISK LOW line in the log:\n%s", log)
	}
	t.Logf("disk low: HTTP 503 %s/%d %q", refusal.Codespace, refusal.Code, refusal.Message)
}

// buildAnchor signs a notary anchor from key at its next sequence.
func buildAnchor(ctx context.Context, nw *testnet.Network, key cryptosuite.PrivateKey) ([]byte, error) {
	s, err := client.NewSigner(ctx, nw.Client(0), key, nw.Suite)
	if err != nil {
		return nil, err
	}
	return s.Build("notary", "anchor", randomDoc())
}

// checkDashboard: every metric the Grafana dashboard in docs queries is
// on a running node's /metrics.
func checkDashboard(t *testing.T, scrape string) {
	t.Helper()
	b, err := os.ReadFile("../../docs/grafana/govchain-node.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(b, &dash); err != nil {
		t.Fatal(err)
	}
	series := map[string]bool{}
	for _, line := range strings.Split(scrape, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		series[strings.FieldsFunc(line, func(r rune) bool { return r == '{' || r == ' ' })[0]] = true
	}
	name := regexp.MustCompile(`\b(govchain|cometbft|go|process)_[a-z0-9_]+`)
	n := 0
	for _, p := range dash.Panels {
		for _, tg := range p.Targets {
			for _, m := range name.FindAllString(tg.Expr, -1) {
				n++
				if !series[m] {
					t.Errorf("dashboard panel %q queries %s, which /metrics does not serve", p.Title, m)
				}
			}
		}
	}
	if n == 0 {
		t.Fatal("no metric found in the dashboard")
	}
	t.Logf("dashboard: %d panels, %d metric references", len(dash.Panels), n)
}

// promtoolCheck runs `promtool check metrics` on text when promtool is
// installed (Debian package prometheus; the suite does not install it, ~100
// MB): promlint above is the library promtool uses for the same check.
func promtoolCheck(t *testing.T, text string) {
	t.Helper()
	pt, err := exec.LookPath("promtool")
	if err != nil {
		t.Log("promtool not installed: checked with client_golang's promlint (what promtool check metrics runs)")
		return
	}
	cmd := exec.Command(pt, "check", "metrics")
	cmd.Stdin = strings.NewReader(text)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}
