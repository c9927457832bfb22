package scale

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/network"
)

// TestLoadThenRead is the harness's short form: a few hundred txs loaded
// in two runs (the second resumes), then a second of each read path. It
// checks that the load really committed what it counts (the index agrees)
// and that every read answered correctly; timing is not checked.
func TestLoadThenRead(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a node")
	}
	home := filepath.Join(t.TempDir(), "scale")
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	first, err := Load(ctx, LoadConfig{Home: home, Cases: 40, Wave: 20, Accounts: 4})
	if err != nil {
		t.Fatalf("first load: %v", err)
	}
	if !first.Created || first.Total.Cases != 40 || first.Total.Failed != 0 {
		t.Fatalf("first load: created %v, cases %d, failed %d; want true, 40, 0", first.Created, first.Total.Cases, first.Total.Failed)
	}
	second, err := Load(ctx, LoadConfig{Home: home, Cases: 60, Wave: 20})
	if err != nil {
		t.Fatalf("resumed load: %v", err)
	}
	tot := second.Total
	if second.Created || second.Added.Cases != 20 || tot.Cases != 60 || tot.Waves != 3 {
		t.Fatalf("resumed load: created %v, added %d cases, total %d in %d waves; want false, 20, 60, 3", second.Created, second.Added.Cases, tot.Cases, tot.Waves)
	}
	if sum := tot.Parcels + tot.Cases + tot.CaseSteps + tot.Ratings + tot.Suggestions + tot.Disclosures + tot.Anchors + tot.Sharing; sum != tot.Txs {
		t.Errorf("kinds add up to %d, txs %d", sum, tot.Txs)
	}
	if second.Disk.Total == 0 || second.Disk.IAVL == 0 || second.Disk.Index == 0 {
		t.Errorf("disk usage not measured: %+v", second.Disk)
	}

	res, err := Read(ctx, ReadConfig{Home: home, Clients: 4, PerPath: time.Second})
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	// The dev seed adds 5 cases, 6 parcels, 3 disclosures, no ratings or
	// suggestions; the index must hold what the load says it committed.
	ix := res.Index
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"cases", ix["cases"], tot.Cases + 5},
		{"parcels", ix["parcels"], tot.Parcels + 6},
		{"ratings", ix["ratings"], tot.Ratings},
		{"suggestions", ix["suggestions"], tot.Suggestions},
	} {
		if c.got != c.want {
			t.Errorf("index %s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if ix["txs"] != second.ChainTxs || ix["txs"] < tot.Txs {
		t.Errorf("index txs %d, chain txs %d, loaded %d", ix["txs"], second.ChainTxs, tot.Txs)
	}
	if res.Cases != int(tot.Cases)+5 {
		t.Errorf("cases known %d, want %d", res.Cases, tot.Cases+5)
	}
	for _, p := range append([]PathResult{res.Healthz}, res.Paths...) {
		if p.Requests == 0 || p.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors (%s)", p.Path, p.Requests, p.Errors, p.FirstError)
		}
	}
	if len(res.Paths) != len(DefaultPaths()) {
		t.Errorf("%d paths driven, want %d", len(res.Paths), len(DefaultPaths()))
	}
}

// TestRefusesForeignHome: the harness rewrites a home's ports and signs
// with its demo keys, so it must never touch a home it did not make.
func TestRefusesForeignHome(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "node")
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: dir, Single: true, Demo: true}); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(dir, "config", "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Load(context.Background(), LoadConfig{Home: dir, Cases: 1}); err == nil || !strings.Contains(err.Error(), "not a bench home") {
		t.Fatalf("load into a foreign home: err %v, want a refusal", err)
	}
	after, _ := os.ReadFile(filepath.Join(dir, "config", "config.toml"))
	if !bytes.Equal(before, after) {
		t.Error("the foreign home's config.toml was rewritten")
	}
}
