package snapshot

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/pingshan/govchain/internal/proof"
)

// savedFile is the file Import writes for a backup of the fixture's state 15.
func savedFile(t testing.TB, c *fixtureChain) []byte {
	t.Helper()
	ts, err := exportTransitions(c, c.gen, nil, 15)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), SavedTransitionsName)
	if err := SaveTransitions(path, c.gen.ChainID, 16, ts); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestSavedTransitionsFile: the file Import writes loads back verified;
// one whose transitions do not walk from the genesis, or that is not the
// file, is refused; saving no changes leaves no file.
func TestSavedTransitionsFile(t *testing.T) {
	c := newFixtureChain(t)
	good := savedFile(t, c)
	dir := t.TempDir()
	path := filepath.Join(dir, SavedTransitionsName)
	for _, tc := range []struct {
		name string
		file []byte
		ok   bool
	}{
		{"as saved", good, true},
		{"through before the last change", bytes.Replace(good, []byte(`"through_height": 16`), []byte(`"through_height": 10`), 1), false},
		{"first change dropped", dropFirstTransition(t, good), false},
		{"unknown field", bytes.Replace(good, []byte(`"format": 1`), []byte(`"format": 1, "trust": true`), 1), false},
		{"format 2", bytes.Replace(good, []byte(`"format": 1`), []byte(`"format": 2`), 1), false},
		{"two objects", append(append([]byte{}, good...), good...), false},
		{"empty", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := os.WriteFile(path, tc.file, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := LoadTransitions(path, c.gen)
			if tc.ok != (err == nil) || (err == nil) != (s != nil) {
				t.Fatalf("loaded %v, err %v; want ok %v", s != nil, err, tc.ok)
			}
			if tc.ok && (s.Through != 16 || len(s.Transitions) != 2) {
				t.Fatalf("%d changes through %d", len(s.Transitions), s.Through)
			}
		})
	}
	if err := SaveTransitions(path, c.gen.ChainID, 5, nil); err != nil {
		t.Fatal(err)
	}
	if s, err := LoadTransitions(path, c.gen); s != nil || err != nil {
		t.Fatalf("after saving no changes: %v, %v; want no file", s, err)
	}
}

// dropFirstTransition is the file with its first transition left out.
func dropFirstTransition(t testing.TB, b []byte) []byte {
	t.Helper()
	s, err := parseSavedTransitions(b, newFixtureChain(t).gen)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "f")
	if err := SaveTransitions(path, fixtureChainID, s.Through, s.Transitions[1:]); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// FuzzSavedTransitions: whatever is on disk, loading never panics and
// accepts only the transitions the chain made.
func FuzzSavedTransitions(f *testing.F) {
	c := newFixtureChain(f)
	good := savedFile(f, c)
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(dropFirstTransition(f, good))
	f.Add([]byte(`{"format":1,"chain_id":"govchain-backup-fixture","through_height":16,"validator_transitions":null}`))
	f.Add([]byte(`{"format":1,"chain_id":"govchain-backup-fixture","through_height":16,"validator_transitions":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseSavedTransitions(b, c.gen)
		if err != nil {
			return
		}
		for _, tr := range s.Transitions {
			if h := tr.Header.Height; h != 5 && h != 10 {
				t.Fatalf("accepted a transition at block %d", h)
			}
		}
		if _, err := proof.WalkTransitions(c.gen.ChainID, c.sets["A"], s.Transitions, s.Through); err != nil {
			t.Fatal(err)
		}
	})
}
