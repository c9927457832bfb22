package store

import (
	"fmt"

	iavldb "github.com/cosmos/iavl/db"
)

// IAVL's fast index (iavl v1 nodedb.go): 'f'<key> → the key's latest value
// and version, and the metadata record saying up to which version it is
// current. Trees here are opened without fast storage (see newTree); a
// home written before that keeps these records, unread.
var (
	fastNodePrefix    = []byte{'f'}
	fastNodeEnd       = []byte{'f' + 1}
	storageVersionKey = []byte("mstorage_version")
)

// fastDropChunk bounds one delete batch (and the keys held in memory).
const fastDropChunk = 10_000

// dropFastNodes removes a fast index left by an earlier version, once, at
// a writable open: stale from the first block after the switch, it would
// otherwise occupy a copy of every live record's key and value for good.
// The storage-version record goes too, so that a tree opened with fast
// storage again (an older binary) finds none and rebuilds it from the tree
// instead of trusting an empty one. It returns how many records it removed.
func dropFastNodes(db iavldb.DB) (int, error) {
	removed := 0
	start := fastNodePrefix
	for {
		keys, err := fastKeys(db, start, fastDropChunk)
		if err != nil {
			return removed, err
		}
		if len(keys) == 0 {
			break
		}
		b := db.NewBatchWithSize(len(keys))
		for _, k := range keys {
			if err := b.Delete(k); err != nil {
				b.Close()
				return removed, fmt.Errorf("drop fast index: %w", err)
			}
		}
		if err := b.WriteSync(); err != nil {
			b.Close()
			return removed, fmt.Errorf("drop fast index: %w", err)
		}
		b.Close()
		removed += len(keys)
		if len(keys) < fastDropChunk {
			break
		}
		start = append(append([]byte(nil), keys[len(keys)-1]...), 0)
	}
	if ok, err := db.Has(storageVersionKey); err != nil {
		return removed, fmt.Errorf("drop fast index: %w", err)
	} else if ok {
		b := db.NewBatch()
		defer b.Close()
		if err := b.Delete(storageVersionKey); err != nil {
			return removed, fmt.Errorf("drop fast index: %w", err)
		}
		if err := b.WriteSync(); err != nil {
			return removed, fmt.Errorf("drop fast index: %w", err)
		}
	}
	return removed, nil
}

// fastKeys copies up to n fast-index keys from start on.
func fastKeys(db iavldb.DB, start []byte, n int) ([][]byte, error) {
	it, err := db.Iterator(start, fastNodeEnd)
	if err != nil {
		return nil, fmt.Errorf("drop fast index: %w", err)
	}
	defer it.Close()
	var keys [][]byte
	for ; it.Valid() && len(keys) < n; it.Next() {
		keys = append(keys, append([]byte(nil), it.Key()...))
	}
	return keys, it.Error()
}
