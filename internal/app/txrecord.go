package app

import (
	"encoding/hex"
	"fmt"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// ErrTxNotFound is returned for hashes the chain has not executed.
var ErrTxNotFound = errcode.Register("app", 2, errcode.KindNotFound, "transaction not found")

// TxRecord is stored for every executed tx (successful or failed in its
// handler) under tx/<hash>, so inclusion and outcome are provable.
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

// TxKey is the state key of a tx record.
func TxKey(hash []byte) []byte { return []byte("tx/" + hex.EncodeToString(hash)) }

// GetTx loads a tx record.
func GetTx(r store.Reader, hash []byte) (*TxRecord, error) {
	b, err := r.Get(TxKey(hash))
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
	return &rec, nil
}

func putTx(kv store.KV, rec *TxRecord, hash []byte) error {
	b, err := module.MarshalState(rec)
	if err != nil {
		return err
	}
	return kv.Set(TxKey(hash), b)
}
