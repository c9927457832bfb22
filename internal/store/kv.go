package store

import (
	"github.com/cosmos/iavl"
)

// Reader is a read-only key-value view.
type Reader interface {
	Get(key []byte) ([]byte, error)
	// Iterate calls fn for every key with the prefix, in ascending order,
	// until fn returns false.
	Iterate(prefix []byte, fn func(key, value []byte) bool) error
}

// KV is a read-write view.
type KV interface {
	Reader
	Set(key, value []byte) error
	Delete(key []byte) error
}

type treeKV struct{ t *iavl.MutableTree }

func (k treeKV) Get(key []byte) ([]byte, error) { return k.t.Get(key) }
func (k treeKV) Set(key, value []byte) error    { _, err := k.t.Set(key, value); return err }
func (k treeKV) Delete(key []byte) error        { _, _, err := k.t.Remove(key); return err }
func (k treeKV) Iterate(prefix []byte, fn func(k, v []byte) bool) error {
	it, err := k.t.Iterator(prefix, PrefixEnd(prefix), true)
	if err != nil {
		return err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if !fn(it.Key(), it.Value()) {
			break
		}
	}
	return it.Error()
}

type immKV struct{ t *iavl.ImmutableTree }

func (k immKV) Get(key []byte) ([]byte, error) { return k.t.Get(key) }
func (k immKV) Iterate(prefix []byte, fn func(k, v []byte) bool) error {
	it, err := k.t.Iterator(prefix, PrefixEnd(prefix), true)
	if err != nil {
		return err
	}
	defer it.Close()
	for ; it.Valid(); it.Next() {
		if !fn(it.Key(), it.Value()) {
			break
		}
	}
	return it.Error()
}

type emptyReader struct{}

func (emptyReader) Get([]byte) ([]byte, error)                   { return nil, nil }
func (emptyReader) Iterate([]byte, func(k, v []byte) bool) error { return nil }

// PrefixEnd is the first key after every key with prefix (nil: no end).
func PrefixEnd(prefix []byte) []byte {
	if len(prefix) == 0 {
		return nil
	}
	end := append([]byte{}, prefix...)
	for i := len(end) - 1; i >= 0; i-- {
		end[i]++
		if end[i] != 0 {
			return end[:i+1]
		}
	}
	return nil
}
