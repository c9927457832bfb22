package module

import (
	"encoding/binary"
	"fmt"

	"github.com/pingshan/govchain/internal/store"
)

// GetRecord loads the state record at key into a fresh T. A missing record
// is notFound wrapped with what (the id a person would recognise); a record
// that does not decode is storage corruption, named by its key.
func GetRecord[T any](r store.Reader, key []byte, notFound error, what string) (*T, error) {
	b, err := r.Get(key)
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %s", notFound, what)
	}
	var v T
	if err := UnmarshalState(b, &v); err != nil {
		return nil, fmt.Errorf("corrupt record %q: %w", key, err)
	}
	return &v, nil
}

// PutRecord writes v at key in the state encoding.
func PutRecord(kv store.KV, key []byte, v any) error {
	b, err := MarshalState(v)
	if err != nil {
		return err
	}
	return kv.Set(key, b)
}

// ListRecords decodes every record under prefix, in key order.
func ListRecords[T any](r store.Reader, prefix string) ([]*T, error) {
	var out []*T
	var derr error
	err := r.Iterate([]byte(prefix), func(k, v []byte) bool {
		var x T
		if derr = UnmarshalState(v, &x); derr != nil {
			derr = fmt.Errorf("corrupt record %q: %w", k, derr)
			return false
		}
		out = append(out, &x)
		return true
	})
	if err == nil {
		err = derr
	}
	return out, err
}

// NextSeq allocates the next number of the counter at key: 1, 2, 3, …
// (8 bytes big-endian in state).
func NextSeq(kv store.KV, key []byte) (uint64, error) {
	b, err := kv.Get(key)
	if err != nil {
		return 0, err
	}
	var n uint64
	switch len(b) {
	case 0:
	case 8:
		n = binary.BigEndian.Uint64(b)
	default:
		return 0, fmt.Errorf("corrupt counter %q: %d bytes, want 8", key, len(b))
	}
	n++
	return n, kv.Set(key, binary.BigEndian.AppendUint64(nil, n))
}
