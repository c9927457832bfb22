package store

import (
	"bytes"

	"github.com/google/btree"
)

// pending buffers one block's writes above the IAVL working tree. A block
// rewrites the same few records (signer accounts, counters) once per tx;
// buffering them means the tree sees each key once per block, in key order,
// instead of paying a root-to-leaf path copy for every intermediate value.
// Applying the writes in key order also makes the tree's shape a function of
// the block's net changes alone.
type pending struct {
	t *btree.BTreeG[pendingItem]
}

type pendingItem struct {
	key   []byte
	value []byte // nil: deleted
}

func lessPending(a, b pendingItem) bool { return bytes.Compare(a.key, b.key) < 0 }

func newPending() *pending {
	return &pending{t: btree.NewG(32, lessPending)}
}

func (p *pending) get(key []byte) (value []byte, deleted, ok bool) {
	it, ok := p.t.Get(pendingItem{key: key})
	if !ok {
		return nil, false, false
	}
	return it.value, it.value == nil, true
}

func (p *pending) set(key, value []byte) {
	k := append([]byte{}, key...)
	v := append([]byte{}, value...) // non-nil even when empty
	p.t.ReplaceOrInsert(pendingItem{key: k, value: v})
}

func (p *pending) delete(key []byte) {
	p.t.ReplaceOrInsert(pendingItem{key: append([]byte{}, key...)})
}

func (p *pending) len() int { return p.t.Len() }

// ascend calls fn for the buffered entries with the prefix, in key order.
func (p *pending) ascend(prefix []byte, fn func(pendingItem) bool) {
	end := PrefixEnd(prefix)
	if end == nil {
		p.t.AscendGreaterOrEqual(pendingItem{key: prefix}, fn)
		return
	}
	p.t.AscendRange(pendingItem{key: prefix}, pendingItem{key: end}, fn)
}

func (p *pending) clear() { p.t.Clear(false) }

// bufferedKV is the block's read-write view: reads see the buffer first,
// writes go only to the buffer until the store flushes it.
type bufferedKV struct {
	s *Store
}

func (b bufferedKV) Get(key []byte) ([]byte, error) {
	if v, deleted, ok := b.s.pending.get(key); ok {
		if deleted {
			return nil, nil
		}
		return v, nil
	}
	return b.s.tree.Get(key)
}

func (b bufferedKV) Set(key, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	b.s.pending.set(key, value)
	return nil
}

func (b bufferedKV) Delete(key []byte) error {
	b.s.pending.delete(key)
	return nil
}

// Iterate merges the tree's keys with the buffered writes, in key order.
func (b bufferedKV) Iterate(prefix []byte, fn func(k, v []byte) bool) error {
	var buf []pendingItem
	b.s.pending.ascend(prefix, func(it pendingItem) bool {
		buf = append(buf, it)
		return true
	})
	if len(buf) == 0 {
		return treeKV{b.s.tree}.Iterate(prefix, fn)
	}
	stopped := false
	emit := func(k, v []byte) bool {
		if !fn(k, v) {
			stopped = true
		}
		return !stopped
	}
	// drain emits buffered entries below key (all of them for nil).
	drain := func(key []byte) bool {
		for len(buf) > 0 && (key == nil || bytes.Compare(buf[0].key, key) < 0) {
			it := buf[0]
			buf = buf[1:]
			if it.value != nil && !emit(it.key, it.value) {
				return false
			}
		}
		return true
	}
	err := treeKV{b.s.tree}.Iterate(prefix, func(k, v []byte) bool {
		if !drain(k) {
			return false
		}
		if len(buf) > 0 && bytes.Equal(buf[0].key, k) {
			it := buf[0]
			buf = buf[1:]
			if it.value == nil {
				return true // deleted in this block
			}
			return emit(it.key, it.value)
		}
		return emit(k, v)
	})
	if err != nil || stopped {
		return err
	}
	drain(nil)
	return nil
}
