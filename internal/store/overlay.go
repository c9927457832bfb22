package store

import (
	"bytes"
	"sort"
)

// Overlay buffers one transaction's writes over a parent view so a failing
// handler leaves nothing behind: Write applies them, dropping the overlay
// discards them. Writes are applied in key order so the resulting tree does
// not depend on map iteration.
type Overlay struct {
	parent KV
	writes map[string][]byte // nil value = delete
}

// NewOverlay starts an empty overlay on parent.
func NewOverlay(parent KV) *Overlay {
	return &Overlay{parent: parent, writes: map[string][]byte{}}
}

func (o *Overlay) Get(key []byte) ([]byte, error) {
	if v, ok := o.writes[string(key)]; ok {
		return v, nil
	}
	return o.parent.Get(key)
}

func (o *Overlay) Set(key, value []byte) error {
	if value == nil {
		value = []byte{}
	}
	o.writes[string(key)] = append([]byte{}, value...)
	return nil
}

func (o *Overlay) Delete(key []byte) error {
	o.writes[string(key)] = nil
	return nil
}

// Wrote reports whether the overlay holds a write (or delete) of key.
func (o *Overlay) Wrote(key []byte) bool {
	_, ok := o.writes[string(key)]
	return ok
}

// Iterate merges the parent's keys with the buffered writes.
func (o *Overlay) Iterate(prefix []byte, fn func(k, v []byte) bool) error {
	merged := map[string][]byte{}
	if err := o.parent.Iterate(prefix, func(k, v []byte) bool {
		merged[string(k)] = v
		return true
	}); err != nil {
		return err
	}
	for k, v := range o.writes {
		if bytes.HasPrefix([]byte(k), prefix) {
			merged[k] = v
		}
	}
	keys := make([]string, 0, len(merged))
	for k, v := range merged {
		if v != nil {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !fn([]byte(k), merged[k]) {
			return nil
		}
	}
	return nil
}

// Write applies the buffered writes to the parent in key order.
func (o *Overlay) Write() error {
	keys := make([]string, 0, len(o.writes))
	for k := range o.writes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := o.writes[k]
		var err error
		if v == nil {
			err = o.parent.Delete([]byte(k))
		} else {
			err = o.parent.Set([]byte(k), v)
		}
		if err != nil {
			return err
		}
	}
	o.writes = map[string][]byte{}
	return nil
}

// Snapshot is a read-only copy of the buffered writes alone (not the
// parent): the genesis state before it is committed.
func (o *Overlay) Snapshot() Reader {
	m := NewOverlay(emptyKV{})
	for k, v := range o.writes {
		m.writes[k] = v
	}
	return m
}

type emptyKV struct{ emptyReader }

func (emptyKV) Set([]byte, []byte) error { return nil }
func (emptyKV) Delete([]byte) error      { return nil }
