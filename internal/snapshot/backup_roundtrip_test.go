package snapshot

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"testing"

	cfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"

	"github.com/pingshan/govchain/internal/proof"
	"github.com/pingshan/govchain/internal/store"
)

// TestBackupRoundTripAcrossValidatorChanges exports backups of the fixture
// chain with a real state store and reads them back whole (VerifyBackup:
// records, signatures, state re-hashed, digest). A backup taken while the
// chain still has its genesis validators holds no V record — the format
// old backups have — and one taken after changes holds one, in its place.
func TestBackupRoundTripAcrossValidatorChanges(t *testing.T) {
	st, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	roots := map[int64][]byte{}
	for v := int64(1); v <= fixtureTop; v++ {
		if err := st.Working().Set(fmt.Appendf(nil, "notary/%03d", v), []byte("doc")); err != nil {
			t.Fatal(err)
		}
		root, _, err := st.Commit()
		if err != nil {
			t.Fatal(err)
		}
		roots[v] = root
	}
	c := newFixtureChainWith(t, func(v int64) []byte {
		if r := roots[v]; r != nil {
			return r
		}
		return digest("app 0")
	})
	genRaw, err := cmtjson.MarshalIndent(c.gen, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		h      int64
		hasV   bool
		tamper func([]byte) []byte
		want   error
	}{
		{name: "genesis validators: no V record", h: 4},
		{name: "after an add", h: 8, hasV: true},
		{name: "after an add and a remove", h: 15, hasV: true},
		{name: "after changes, V record dropped", h: 15, hasV: true, tamper: dropRecord('V'), want: proof.ErrValidators},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			man, err := Export(&buf, ExportSource{Store: st, Chain: c, Genesis: c.gen, GenesisRaw: genRaw, Height: tc.h})
			if err != nil {
				t.Fatal(err)
			}
			if want := formatFor(map[bool]int{true: 1}[tc.hasV]); man.Format != want {
				t.Fatalf("format %d, want %d", man.Format, want)
			}
			if got := tagsOf(t, buf.Bytes()); bytes.Contains(got, []byte("V")) != tc.hasV ||
				(tc.hasV && !bytes.HasPrefix(got, []byte("MGSCLUV"))) || (!tc.hasV && !bytes.HasPrefix(got, []byte("MGSCLUN"))) {
				t.Fatalf("records %q; V record wanted: %v", got, tc.hasV)
			}
			b := buf.Bytes()
			if tc.tamper != nil {
				b = tc.tamper(b)
			}
			got, err := VerifyBackup(bytes.NewReader(b))
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("does not verify: %v", err)
			case tc.want == nil && (got.Height != tc.h || got.AppHash != man.AppHash):
				t.Fatalf("verified height %d app hash %s, exported %d %s", got.Height, got.AppHash, tc.h, man.AppHash)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("got %v, want %v", err, tc.want)
			case tc.want != nil:
				t.Logf("refused as it should be: %v", err)
			}
			// And Import, into an empty home, refuses or restores alike.
			home := t.TempDir()
			conf := cfg.DefaultConfig()
			conf.SetRoot(home)
			savedPath := filepath.Join(home, "data", SavedTransitionsName)
			imported, err := Import(bytes.NewReader(b), ImportTarget{Comet: conf, Genesis: c.gen, GenesisRaw: genRaw,
				StateDir: filepath.Join(home, "data", "state"), Transitions: savedPath})
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("import: %v", err)
			case tc.want == nil && imported.Height != tc.h:
				t.Fatalf("imported height %d, want %d", imported.Height, tc.h)
			case tc.want != nil && !errors.Is(err, tc.want):
				t.Fatalf("import: got %v, want %v", err, tc.want)
			}
			if tc.want == nil {
				chain, err := OpenChain(conf)
				if err != nil {
					t.Fatal(err)
				}
				defer chain.Close()
				cst, err := chain.State.Load()
				if err != nil || cst.LastBlockHeight != tc.h || !bytes.Equal(cst.Validators.Hash(), c.metas[tc.h+1].Header.ValidatorsHash) {
					t.Fatalf("restored CometBFT state at %d with validators %X (%v); want %d, %X", cst.LastBlockHeight,
						cst.Validators.Hash(), err, tc.h, c.metas[tc.h+1].Header.ValidatorsHash)
				}
			}
			// The restored home keeps the verified changes, and only then.
			saved, err := LoadTransitions(savedPath, c.gen)
			switch {
			case err != nil:
				t.Fatalf("saved validator changes: %v", err)
			case (saved != nil) != (tc.want == nil && tc.hasV):
				t.Fatalf("saved validator changes: %v, want them: %v", saved != nil, tc.want == nil && tc.hasV)
			case saved != nil && (saved.Through != tc.h+1 || len(saved.Transitions) != man.ValidatorChanges):
				t.Fatalf("saved %d changes through %d, want %d through %d", len(saved.Transitions), saved.Through, man.ValidatorChanges, tc.h+1)
			}
			if tc.want != nil {
				return
			}
			// The restored node's blocks start at h+1: it can be backed up
			// again, later, only with what it saved.
			defer func(base int64) { c.base = base }(c.base)
			c.base = tc.h + 1
			var again bytes.Buffer
			man2, err := Export(&again, ExportSource{Store: st, Chain: c, Genesis: c.gen, GenesisRaw: genRaw, Height: 18, Saved: saved})
			if err != nil {
				t.Fatalf("export from the restored node: %v", err)
			}
			if man2.ValidatorChanges != 2 {
				t.Fatalf("backup of the restored node carries %d validator changes, want 2", man2.ValidatorChanges)
			}
			if _, err := VerifyBackup(bytes.NewReader(again.Bytes())); err != nil {
				t.Fatalf("backup of the restored node: %v", err)
			}
		})
	}
}

// tagsOf lists a backup's record tags.
func tagsOf(t *testing.T, b []byte) []byte {
	t.Helper()
	var tags []byte
	forEachRecord(t, b, func(tag byte, _ []byte) { tags = append(tags, tag) })
	return tags
}

func forEachRecord(t *testing.T, b []byte, f func(tag byte, p []byte)) {
	t.Helper()
	rr, err := openBackup(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for {
		tag, p, err := rr.next()
		if err != nil {
			t.Fatal(err)
		}
		f(tag, p)
		if tag == 'E' {
			return
		}
	}
}

// dropRecord rewrites a backup without its record tag, with a manifest
// that does not count validator changes and a digest that matches: a
// backup made to look like one of a chain that never changed validators.
func dropRecord(drop byte) func([]byte) []byte {
	return func(b []byte) []byte {
		rr, err := openBackup(bytes.NewReader(b))
		if err != nil {
			panic(err)
		}
		var out bytes.Buffer
		out.WriteString(backupMagic)
		w := newTestWriter(&out)
		for {
			tag, p, err := rr.next()
			if err != nil {
				panic(err)
			}
			if tag == 'E' {
				w.finish()
				return out.Bytes()
			}
			if tag == 'M' {
				p = regexp.MustCompile(`,"validator_changes":\d+`).ReplaceAll(p, nil)
				p = bytes.Replace(p, []byte(`"format":2`), []byte(`"format":1`), 1)
			}
			if tag != drop {
				w.put(tag, p)
			}
		}
	}
}

type testWriter struct {
	rw    *recordWriter
	close func()
}

func newTestWriter(out *bytes.Buffer) *testWriter {
	zw := gzip.NewWriter(out)
	bw := bufio.NewWriter(zw)
	return &testWriter{rw: &recordWriter{w: bw, sum: sha256.New()}, close: func() { bw.Flush(); zw.Close() }}
}

func (w *testWriter) put(tag byte, p []byte) { w.rw.put(tag, p) }
func (w *testWriter) finish() {
	w.rw.put('E', w.rw.sum.Sum(nil))
	w.close()
}
