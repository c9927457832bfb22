package store

import (
	"fmt"
	"testing"

	"github.com/cosmos/iavl"
)

// countFast counts the fast-index records left in a state directory.
func countFast(t *testing.T, dir string) int {
	t.Helper()
	db, err := openLevelDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	keys, err := fastKeys(db, fastNodePrefix, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	return len(keys)
}

// writeWithFastStorage writes versions 1..3 the way govchain did before
// fast storage was turned off: IAVL keeps its fast index beside the tree.
func writeWithFastStorage(t *testing.T, dir string) {
	t.Helper()
	db, err := openLevelDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	tree := iavl.NewMutableTree(db, 1000, false, iavl.NewNopLogger())
	if _, err := tree.Load(); err != nil {
		t.Fatal(err)
	}
	for v := 1; v <= 3; v++ {
		for i := 0; i < 50; i++ {
			tree.Set([]byte(fmt.Sprintf("rec/%03d", i)), []byte(fmt.Sprintf("v%d-%d", v, i)))
		}
		tree.Remove([]byte(fmt.Sprintf("rec/%03d", v))) // a deleted key must stay deleted
		if _, _, err := tree.SaveVersion(); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
}

// TestFastStorageOffOnOldHome: a state written with IAVL's fast index
// opens without it; its fast records are removed; every version reads
// and proves as before, through the tree; a later block's writes read
// back; and an older binary (fast storage on) opening the home afterwards
// rebuilds the index instead of trusting a missing one.
func TestFastStorageOffOnOldHome(t *testing.T) {
	dir := t.TempDir()
	writeWithFastStorage(t, dir)
	if n := countFast(t, dir); n < 40 {
		t.Fatalf("setup: %d fast records, want the live keys'", n)
	}
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	check := func(s *Store, v int64, key, want string) {
		t.Helper()
		r, err := s.At(v)
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Get([]byte(key))
		if err != nil || string(got) != want {
			t.Fatalf("version %d %s = %q, %v; want %q", v, key, got, err, want)
		}
	}
	check(s, 3, "rec/010", "v3-10")
	check(s, 3, "rec/003", "")
	check(s, 2, "rec/010", "v2-10")
	check(s, 2, "rec/003", "v2-3")
	if _, _, _, err := s.Prove([]byte("rec/010"), 3); err != nil {
		t.Fatalf("prove: %v", err)
	}
	var n int
	if err := s.Committed().Iterate([]byte("rec/"), func(k, v []byte) bool { n++; return true }); err != nil || n != 49 {
		t.Fatalf("iterate latest: %d keys, %v; want 49", n, err)
	}
	s.Working().Set([]byte("rec/010"), []byte("v4"))
	if _, _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	check(s, 4, "rec/010", "v4")
	check(s, 3, "rec/010", "v3-10")
	s.Close()
	if n := countFast(t, dir); n != 0 {
		t.Fatalf("%d fast records left after open", n)
	}

	// An older binary: fast storage on. It must see version 4, not an
	// empty fast index taken for current.
	db, err := openLevelDB(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	old := iavl.NewMutableTree(db, 1000, false, iavl.NewNopLogger())
	if _, err := old.Load(); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{"rec/010": "v4", "rec/020": "v3-20", "rec/003": ""} {
		got, err := old.Get([]byte(key))
		if err != nil || string(got) != want {
			t.Fatalf("older binary: %s = %q, %v; want %q", key, got, err, want)
		}
	}
}

// TestNewStoreWritesNoFastIndex: a store made now writes no fast records.
func TestNewStoreWritesNoFastIndex(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for v := 0; v < 3; v++ {
		s.Working().Set([]byte(fmt.Sprintf("k/%d", v)), []byte("x"))
		if _, _, err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if n := countFast(t, dir); n != 0 {
		t.Fatalf("%d fast records written", n)
	}
}
