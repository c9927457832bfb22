package app

import (
	"bytes"
	"encoding/hex"
	"fmt"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// ErrTxNotFound is returned for hashes the chain has not executed.
var ErrTxNotFound = errcode.Register("app", 2, errcode.KindNotFound, "transaction not found")

// TxRecord is stored for every executed tx (successful or failed in its
// handler) under its position, tx/<height>/<index>, so inclusion and outcome
// are provable. Keys in block order extend the Merkle tree at its right
// edge, where hash keys landed at random places and cost every tx a fresh
// root-to-leaf path (measured in docs/benchmarks.md); the record carries
// the hash, and the node finds a hash's position (RecentTx, the index).
type TxRecord struct {
	Hash      string `cbor:"1,keyasint" json:"hash"`
	Height    int64  `cbor:"2,keyasint" json:"height"`
	Index     uint32 `cbor:"3,keyasint" json:"index"`
	Code      uint32 `cbor:"4,keyasint" json:"code"`
	Codespace string `cbor:"5,keyasint,omitempty" json:"codespace,omitempty"`
	Module    string `cbor:"6,keyasint" json:"module"`
	Action    string `cbor:"7,keyasint" json:"action"`
	Signer    string `cbor:"8,keyasint" json:"signer"`
	Sequence  uint64 `cbor:"9,keyasint" json:"sequence"`
}

// TxKeyPrefix starts every tx record key.
const TxKeyPrefix = "tx/"

// TxKey is the state key of the record of the index-th tx of a block;
// zero-padded so that keys sort in block order.
func TxKey(height int64, index uint32) []byte {
	return []byte(fmt.Sprintf("%s%012d/%06d", TxKeyPrefix, height, index))
}

// ParseTxKey is TxKey's inverse.
func ParseTxKey(key []byte) (TxLocation, error) {
	var l TxLocation
	if _, err := fmt.Sscanf(string(key), TxKeyPrefix+"%012d/%06d", &l.Height, &l.Index); err != nil || !bytes.Equal(TxKey(l.Height, l.Index), key) {
		return TxLocation{}, fmt.Errorf("not a tx record key: %q", key)
	}
	return l, nil
}

// GetTx loads the record at l and checks that it is the tx with hash.
func GetTx(r store.Reader, l TxLocation, hash []byte) (*TxRecord, error) {
	b, err := r.Get(TxKey(l.Height, l.Index))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %x", ErrTxNotFound, hash)
	}
	var rec TxRecord
	if err := module.UnmarshalState(b, &rec); err != nil {
		return nil, err
	}
	if rec.Hash != hex.EncodeToString(hash) {
		return nil, fmt.Errorf("%w: %x (the record at %d/%d is another tx's)", ErrTxNotFound, hash, l.Height, l.Index)
	}
	return &rec, nil
}

func putTx(kv store.KV, rec *TxRecord) error {
	b, err := module.MarshalState(rec)
	if err != nil {
		return err
	}
	return kv.Set(TxKey(rec.Height, rec.Index), b)
}
