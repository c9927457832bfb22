package store

import (
	"bytes"
	"fmt"
	"math/rand"
	"sort"
	"testing"
)

// TestBufferedKVMatchesModel drives the block buffer with random sets,
// deletes, flushes and commits, and checks every read and prefix iteration
// against a plain map of what the state should be.
func TestBufferedKVMatchesModel(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(7))
	model := map[string]string{}
	keys := func() []byte { return []byte(fmt.Sprintf("%c/%02d", "abc"[rng.Intn(3)], rng.Intn(40))) }
	kv := s.Working()
	for step := 0; step < 4000; step++ {
		switch op := rng.Intn(100); {
		case op < 50:
			k, v := keys(), fmt.Sprintf("v%d", step)
			if err := kv.Set(k, []byte(v)); err != nil {
				t.Fatal(err)
			}
			model[string(k)] = v
		case op < 70:
			k := keys()
			if err := kv.Delete(k); err != nil {
				t.Fatal(err)
			}
			delete(model, string(k))
		case op < 73:
			if _, err := s.WorkingHash(); err != nil {
				t.Fatal(err)
			}
		case op < 76:
			if _, _, err := s.Commit(); err != nil {
				t.Fatal(err)
			}
		case op < 88:
			k := keys()
			got, err := kv.Get(k)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := model[string(k)]
			if ok != (got != nil) || string(got) != want {
				t.Fatalf("step %d: Get(%s) = %q, want %q (present %v)", step, k, got, want, ok)
			}
		default:
			prefix := []byte{"abc"[rng.Intn(3)], '/'}
			if rng.Intn(4) == 0 {
				prefix = nil
			}
			limit := 1 + rng.Intn(30)
			var got []string
			if err := kv.Iterate(prefix, func(k, v []byte) bool {
				got = append(got, string(k)+"="+string(v))
				return len(got) < limit
			}); err != nil {
				t.Fatal(err)
			}
			var want []string
			for k, v := range model {
				if bytes.HasPrefix([]byte(k), prefix) {
					want = append(want, k+"="+v)
				}
			}
			sort.Strings(want)
			if len(want) > limit {
				want = want[:limit]
			}
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("step %d: Iterate(%q, limit %d)\n got %v\nwant %v", step, prefix, limit, got, want)
			}
		}
	}
}

// TestBufferedWritesOrderIndependent: the same net changes written in a
// different order give the same app hash, and equal the tree written
// directly in key order.
func TestBufferedWritesOrderIndependent(t *testing.T) {
	hashOf := func(order []int) []byte {
		s, err := OpenMemory()
		if err != nil {
			t.Fatal(err)
		}
		kv := s.Working()
		for _, i := range order {
			if err := kv.Set([]byte(fmt.Sprintf("k%03d", i)), []byte{byte(i)}); err != nil {
				t.Fatal(err)
			}
		}
		h, _, err := s.Commit()
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	asc := make([]int, 200)
	for i := range asc {
		asc[i] = i
	}
	shuffled := append([]int{}, asc...)
	rand.New(rand.NewSource(1)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	if a, b := hashOf(asc), hashOf(shuffled); !bytes.Equal(a, b) {
		t.Fatalf("hash depends on write order: %x vs %x", a, b)
	}
}

// TestRollbackDropsBufferedWrites: writes of an abandoned block vanish.
func TestRollbackDropsBufferedWrites(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	kv := s.Working()
	_ = kv.Set([]byte("a"), []byte("1"))
	if _, _, err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	_ = kv.Set([]byte("a"), []byte("2"))
	_ = kv.Set([]byte("b"), []byte("2"))
	s.Rollback()
	if v, _ := kv.Get([]byte("a")); string(v) != "1" {
		t.Fatalf("a = %q after rollback, want 1", v)
	}
	if v, _ := kv.Get([]byte("b")); v != nil {
		t.Fatalf("b = %q after rollback, want absent", v)
	}
}

// TestRecentChangesMatchTreeDiff: the change sets served from memory are
// exactly what diffing the saved IAVL versions reports.
func TestRecentChangesMatchTreeDiff(t *testing.T) {
	s, err := OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(3))
	kv := s.Working()
	for v := 0; v < 30; v++ {
		for i := 0; i < 1+rng.Intn(40); i++ {
			k := []byte(fmt.Sprintf("k/%02d", rng.Intn(50)))
			switch rng.Intn(4) {
			case 0:
				_ = kv.Delete(k)
			case 1: // set, then delete in the same block: no change
				_ = kv.Set(k, []byte("tmp"))
				_ = kv.Delete(k)
			default:
				_ = kv.Set(k, []byte(fmt.Sprintf("v%d-%d", v, i)))
			}
			if rng.Intn(10) == 0 {
				if _, err := s.WorkingHash(); err != nil { // a flush mid-block
					t.Fatal(err)
				}
			}
		}
		if _, _, err := s.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	collect := func() []string {
		var out []string
		if err := s.Changes(1, 30, func(v int64, k, val []byte, del bool) error {
			out = append(out, fmt.Sprintf("%d:%s=%s:%v", v, k, val, del))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if _, ok := s.recentChanges(1, 30); !ok {
		t.Fatal("recent versions not remembered")
	}
	fromMemory := collect()
	s.forgetRecent()
	fromTree := collect()
	if fmt.Sprint(fromMemory) != fmt.Sprint(fromTree) {
		t.Fatalf("memory and tree diff disagree:\nmemory %v\ntree   %v", fromMemory, fromTree)
	}
	if len(fromTree) == 0 {
		t.Fatal("no changes recorded")
	}
}
