package scale

import (
	"bytes"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"

	"github.com/pingshan/govchain/internal/node"
)

// DiskStat is what each store of a stopped home holds, finer than
// DiskUsage: the app state's LevelDB by IAVL record kind and state key
// prefix, the SQLite index by table and index. It is what decides which
// bytes per tx are worth cutting (docs/benchmarks.md, "Disk per tx,
// fourth pass").
type DiskStat struct {
	Disk     DiskUsage  `json:"disk"`
	ChainTxs int64      `json:"chain_txs"`
	State    *StateStat `json:"state"`
	Index    []Part     `json:"index"` // SQLite pages by table/index, largest first
}

// Part is a group of records: how many and their key and value bytes
// (for SQLite parts, Value is the bytes of the pages).
type Part struct {
	Name    string `json:"name"`
	Records int64  `json:"records"`
	Key     int64  `json:"key_bytes"`
	Value   int64  `json:"value_bytes"`
}

// Total is the part's key and value bytes.
func (p Part) Total() int64 { return p.Key + p.Value }

// StateStat is the app state's LevelDB, uncompressed key and value bytes
// (LevelDB compresses blocks with Snappy: compare with Files for the
// ratio).
type StateStat struct {
	Files int64 `json:"file_bytes"` // the directory's files
	// Kinds: IAVL records by kind ("inner", "leaf", "root-ref", "fast",
	// "meta", "legacy", "other").
	Kinds []Part `json:"kinds"`
	// Leaves, Inner and Fast: leaf nodes (every version of every value),
	// inner nodes and fast-index entries, by state key prefix (the key's
	// first two '/'-separated segments).
	Leaves []Part `json:"leaves"`
	Inner  []Part `json:"inner"`
	Fast   []Part `json:"fast"`
}

// MeasureDisk reads a stopped home's stores (read-only) and breaks their
// bytes down.
func MeasureDisk(home string) (*DiskStat, error) {
	h := node.Home(home)
	st := &DiskStat{Disk: diskUsage(h)}
	var err error
	if st.State, err = measureState(h.StateDir()); err != nil {
		return nil, err
	}
	if st.Index, st.ChainTxs, err = measureIndex(h.IndexPath()); err != nil {
		return nil, err
	}
	return st, nil
}

// measureState walks every record of the IAVL LevelDB (dir/state.db).
// Record kinds follow iavl v1's nodedb.go: 's'<version><nonce> nodes (a
// root that did not change is stored as a reference to the older root's
// key), 'f'<key> fast-index entries (the latest value of each live key),
// 'm'<key> metadata, 'n'/'o'/'r' legacy (pre-v1) nodes, orphans, roots.
func measureState(dir string) (*StateStat, error) {
	path := filepath.Join(dir, "state.db")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("state db: %w", err)
	}
	db, err := leveldb.OpenFile(path, &opt.Options{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("open state db %s read-only (is the node stopped?): %w", path, err)
	}
	defer db.Close()
	st := &StateStat{Files: dirBytes(path)}
	kinds, leaves, inner, fast := parts{}, parts{}, parts{}, parts{}
	it := db.NewIterator(nil, nil)
	defer it.Release()
	for it.Next() {
		k, v := it.Key(), it.Value()
		kind := "other"
		switch {
		case len(k) == 13 && k[0] == 's':
			n, err := decodeNode(v)
			switch {
			case err != nil:
				kind = "root-ref" // a version whose root is an older node: its key
			case n.leaf:
				kind = "leaf"
				leaves.add(keyPrefix(n.key), int64(len(k)), int64(len(v)))
			default:
				kind = "inner"
				inner.add(keyPrefix(n.key), int64(len(k)), int64(len(v)))
			}
		case len(k) > 0 && k[0] == 'f':
			kind = "fast"
			fast.add(keyPrefix(k[1:]), int64(len(k)), int64(len(v)))
		case len(k) > 0 && k[0] == 'm':
			kind = "meta"
		case len(k) > 0 && (k[0] == 'n' || k[0] == 'o' || k[0] == 'r'):
			kind = "legacy"
		}
		kinds.add(kind, int64(len(k)), int64(len(v)))
	}
	if err := it.Error(); err != nil {
		return nil, fmt.Errorf("read state db: %w", err)
	}
	st.Kinds, st.Leaves, st.Inner, st.Fast = kinds.sorted(), leaves.sorted(), inner.sorted(), fast.sorted()
	return st, nil
}

type iavlNode struct {
	leaf bool
	key  []byte
}

// decodeNode reads the head of an IAVL v1 node: height (0 for a leaf),
// size, key. A root reference (12 bytes of node key) does not decode.
func decodeNode(b []byte) (iavlNode, error) {
	height, n := binary.Varint(b)
	if n <= 0 || height < 0 || height > 127 {
		return iavlNode{}, errors.New("not a node: height")
	}
	b = b[n:]
	if _, n = binary.Varint(b); n <= 0 {
		return iavlNode{}, errors.New("not a node: size")
	}
	b = b[n:]
	l, n := binary.Uvarint(b)
	if n <= 0 || l > uint64(len(b)-n) {
		return iavlNode{}, errors.New("not a node: key")
	}
	key := b[n : n+int(l)]
	rest := b[n+int(l):]
	if height == 0 {
		// A leaf's value follows; it must fill the record exactly.
		vl, m := binary.Uvarint(rest)
		if m <= 0 || vl != uint64(len(rest)-m) {
			return iavlNode{}, errors.New("not a node: value")
		}
	}
	return iavlNode{leaf: height == 0, key: key}, nil
}

// keyPrefix is a state key's first two '/'-separated segments with their
// slashes ("workflow/case/"), or the key's first segment ("tx/").
func keyPrefix(key []byte) string {
	if bytes.HasPrefix(key, []byte("tx/")) {
		return "tx/"
	}
	i := bytes.IndexByte(key, '/')
	if i < 0 {
		return string(key)
	}
	j := bytes.IndexByte(key[i+1:], '/')
	if j < 0 {
		return string(key[:i+1])
	}
	return string(key[:i+1+j+1])
}

// measureIndex sums the SQLite index's pages by table and index (dbstat)
// and counts its txs.
func measureIndex(path string) ([]Part, int64, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, 0, fmt.Errorf("index: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	var txs int64
	if err := db.QueryRow(`SELECT COUNT(*) FROM txs`).Scan(&txs); err != nil {
		return nil, 0, fmt.Errorf("index: count txs: %w", err)
	}
	rows, err := db.Query(`SELECT name, COUNT(*), SUM(pgsize) FROM dbstat GROUP BY name`)
	if err != nil {
		return nil, 0, fmt.Errorf("index: dbstat: %w", err)
	}
	defer rows.Close()
	var out []Part
	for rows.Next() {
		var p Part
		if err := rows.Scan(&p.Name, &p.Records, &p.Value); err != nil {
			return nil, 0, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value > out[j].Value })
	return out, txs, nil
}

// parts accumulates Parts by name.
type parts map[string]*Part

func (ps parts) add(name string, k, v int64) {
	p := ps[name]
	if p == nil {
		p = &Part{Name: name}
		ps[name] = p
	}
	p.Records++
	p.Key += k
	p.Value += v
}

// sorted is the parts, largest first.
func (ps parts) sorted() []Part {
	out := make([]Part, 0, len(ps))
	for _, p := range ps {
		out = append(out, *p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Total() != out[j].Total() {
			return out[i].Total() > out[j].Total()
		}
		return out[i].Name < out[j].Name
	})
	return out
}

func dirBytes(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
