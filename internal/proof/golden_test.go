package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/types"
)

var update = flag.Bool("update", false, "rewrite internal/proof/testdata from the test fixture")

// goldenFiles is testdata/ as the fixture produces it: a bundle and the
// genesis that verifies it (for `govchain verify` tests), a tampered
// bundle that must fail, a bundle of the same chain after two validator
// changes (bundle-transitions.json, also read by clients/js's tests), and
// the FuzzParse seed corpus.
func goldenFiles(t *testing.T) map[string][]byte {
	f := newFixture(t)
	b := f.bundle()
	bundle, err := json.MarshalIndent(b, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	gen, err := cmtjson.MarshalIndent(f.gen, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	bad := clone(t, b)
	bad.Value = []byte(`{"title":"budget 2026","department":"finance"}`)
	tampered, err := json.MarshalIndent(bad, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	compact, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	chain := newChainFixture(t).bundle()
	withTransitions, err := json.MarshalIndent(chain, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	chainCompact, err := json.Marshal(chain)
	if err != nil {
		t.Fatal(err)
	}
	swapped := clone(t, chain)
	swapped.Transitions[0], swapped.Transitions[1] = swapped.Transitions[1], swapped.Transitions[0]
	swappedCompact, err := json.Marshal(swapped)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"bundle-transitions.json": append(withTransitions, '\n'),
		"bundle.json":             append(bundle, '\n'),
		"bundle-tampered.json":    append(tampered, '\n'),
		"genesis.json":            append(gen, '\n'),
	}
	seeds := map[string][]byte{
		"valid":               compact,
		"tampered":            tampered,
		"duplicate":           bytes.Replace(compact, []byte(`{"format"`), []byte(`{"format":"x","format"`), 1),
		"unknown-nested":      bytes.Replace(compact, []byte(`"commit":{`), []byte(`"commit":{"extra":1,`), 1),
		"truncated":           compact[:len(compact)/2],
		"empty-object":        []byte(`{}`),
		"null":                []byte(`null`),
		"transitions":         chainCompact,
		"transitions-swapped": swappedCompact,
		"transitions-null":    bytes.Replace(compact, []byte(`{"format"`), []byte(`{"validator_transitions":null,"format"`), 1),
		"transitions-unknown": bytes.Replace(chainCompact, []byte(`"validator_transitions":[{`), []byte(`"validator_transitions":[{"x":1,`), 1),
	}
	for name, data := range seeds {
		files[filepath.Join("fuzz", "FuzzParse", name)] = fmt.Appendf(nil, "go test fuzz v1\n[]byte(%q)\n", data)
	}
	return files
}

func TestGoldenFiles(t *testing.T) {
	for name, want := range goldenFiles(t) {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/proof -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale; run go test ./internal/proof -update", path)
		}
	}
}

// TestGoldenVerify checks the files the way `govchain verify` will read
// them.
func TestGoldenVerify(t *testing.T) {
	gen, err := types.GenesisDocFromFile("testdata/genesis.json")
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]error{"bundle.json": nil, "bundle-tampered.json": ErrProof,
		"bundle-transitions.json": nil} {
		data, err := os.ReadFile(filepath.Join("testdata", file))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Parse(data)
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if _, err := Verify(b, gen); !errors.Is(err, want) && (want != nil || err != nil) {
			t.Errorf("%s: got %v, want %v", file, err, want)
		}
	}
}
