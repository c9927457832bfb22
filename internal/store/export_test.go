package store

import (
	"bytes"
	"fmt"
	"io"
	"math/rand"
	"strings"
	"testing"
)

type op struct {
	key, val string // val "" = delete
}

// history is random writes and deletes per version, with some versions
// that change nothing (their root node is an older one).
func history(versions int, seed int64) [][]op {
	r := rand.New(rand.NewSource(seed))
	out := make([][]op, versions+1)
	for v := 1; v <= versions; v++ {
		if v%5 == 0 {
			continue
		}
		for i := 0; i < 1+r.Intn(30); i++ {
			o := op{key: fmt.Sprintf("k/%03d", r.Intn(200))}
			if r.Intn(4) != 0 {
				o.val = fmt.Sprintf("v%d-%d", v, r.Int())
			}
			out[v] = append(out[v], o)
		}
	}
	return out
}

func apply(t *testing.T, s *Store, ops []op) []byte {
	t.Helper()
	w := s.Working()
	for _, o := range ops {
		var err error
		if o.val == "" {
			err = w.Delete([]byte(o.key))
		} else {
			err = w.Set([]byte(o.key), []byte(o.val))
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	h, _, err := s.Commit()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func buildHistory(t *testing.T, s *Store, versions int, seed int64) [][]op {
	t.Helper()
	h := history(versions, seed)
	for v := 1; v <= versions; v++ {
		apply(t, s, h[v])
	}
	return h
}

func collect(t *testing.T, s *Store, v int64) []*ExportNode {
	t.Helper()
	var nodes []*ExportNode
	root, err := s.Export(v, func(n *ExportNode) error { nodes = append(nodes, n); return nil })
	if err != nil {
		t.Fatal(err)
	}
	want, _ := s.RootAt(v)
	if !bytes.Equal(root, want) {
		t.Fatalf("export root %X, stored %X", root, want)
	}
	return nodes
}

func feed(nodes []*ExportNode) func() (*ExportNode, error) {
	i := 0
	return func() (*ExportNode, error) {
		if i == len(nodes) {
			return nil, io.EOF
		}
		i++
		return nodes[i-1], nil
	}
}

func dump(t *testing.T, r Reader) string {
	var b strings.Builder
	if err := r.Iterate(nil, func(k, v []byte) bool { fmt.Fprintf(&b, "%s=%s\n", k, v); return true }); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestExportImport: every version exports nodes that hash (streaming) to
// its root; importing version v into an empty disk store gives the same
// root and records, and the change stream then starts with the whole state
// at v, followed by ordinary per-version changes.
func TestExportImport(t *testing.T) {
	src, _ := OpenMemory()
	ops := buildHistory(t, src, 40, 1)
	for v := int64(1); v <= 40; v++ {
		collect(t, src, v)
	}
	const at = 35 // a version that changed nothing (35 % 5 == 0)
	nodes := collect(t, src, at)
	root, _ := src.RootAt(at)

	dir := t.TempDir()
	dst, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := dst.Import(at, root, feed(nodes)); err != nil {
		t.Fatal(err)
	}
	if dst.Version() != at || !bytes.Equal(dst.CommittedHash(), root) || dst.Base() != at {
		t.Fatalf("after import: version %d base %d hash %X", dst.Version(), dst.Base(), dst.CommittedHash())
	}
	want, _ := src.At(at)
	if dump(t, dst.Committed()) != dump(t, want) {
		t.Fatal("imported records differ")
	}
	// Continue the chain on both and compare changes and roots.
	for v := int64(at + 1); v <= 40; v++ {
		h := apply(t, dst, ops[v])
		if sr, _ := src.RootAt(v); !bytes.Equal(h, sr) {
			t.Fatalf("version %d: root %X, source %X", v, h, sr)
		}
	}
	dst.Close()
	// Reopen: the base survives.
	dst, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	if dst.Base() != at || dst.Version() != 40 {
		t.Fatalf("reopened: base %d version %d", dst.Base(), dst.Version())
	}
	sets := map[string]string{}
	n := 0
	err = dst.Changes(1, 40, func(v int64, k, val []byte, del bool) error {
		if v == at {
			n++
		}
		if del {
			delete(sets, string(k))
		} else {
			sets[string(k)] = string(val)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	latest, _ := src.At(40)
	got := 0
	latest.Iterate(nil, func(k, v []byte) bool {
		got++
		if sets[string(k)] != string(v) {
			fmt.Fprintf(&b, "%s ", k)
		}
		return true
	})
	if b.Len() > 0 || got != len(sets) || n == 0 {
		t.Fatalf("change stream after import does not rebuild the state: diff %s, %d vs %d keys, %d at base", b.String(), got, len(sets), n)
	}
}

// TestImportRejects: a wrong expected root, a truncated or altered stream
// leave the store empty and usable.
func TestImportRejects(t *testing.T) {
	src, _ := OpenMemory()
	buildHistory(t, src, 12, 2)
	nodes := collect(t, src, 12)
	root, _ := src.RootAt(12)
	dst, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	bad := append([]byte{}, root...)
	bad[0] ^= 1
	if err := dst.Import(12, bad, feed(nodes)); err == nil {
		t.Fatal("wrong root accepted")
	}
	if err := dst.Import(12, root, feed(nodes[:len(nodes)-3])); err == nil {
		t.Fatal("truncated stream accepted")
	}
	altered := make([]*ExportNode, len(nodes))
	copy(altered, nodes)
	for i, n := range altered {
		if n.Height == 0 {
			c := *n
			c.Value = append([]byte("x"), n.Value...)
			altered[i] = &c
			break
		}
	}
	if err := dst.Import(12, root, feed(altered)); err == nil {
		t.Fatal("altered value accepted")
	}
	if dst.Version() != 0 {
		t.Fatalf("store at version %d after failed imports", dst.Version())
	}
	if err := dst.Import(12, root, feed(nodes)); err != nil {
		t.Fatalf("clean import after failures: %v", err)
	}
}
