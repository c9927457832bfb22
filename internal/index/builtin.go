package index

import (
	"bytes"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
)

// TxHandler indexes executed transactions (tx/<height>/<index>) for
// activity statistics — who did what, when, with which result — and is
// where a tx is looked up by either of its names (TxLocation).
type TxHandler struct{}

func (TxHandler) Name() string       { return "txs" }
func (TxHandler) Tables() []string   { return []string{"txs", "tx_names"} }
func (TxHandler) Prefixes() []string { return []string{app.TxKeyPrefix} }
func (TxHandler) Schema() []string {
	// Rows arrive in (height, idx) order, so txs appends. A tx's names
	// are in tx_names alone, as 32 raw bytes, each once: govchain's hash
	// (the suite hash of the tx's bytes, SM3 on a gm chain) and CometBFT's
	// (SHA-256 of the same bytes), so `GET /api/v1/txs/{hash}` finds a tx
	// by either without CometBFT's kv tx index. (Index schema 7 kept the
	// hash as hex text in txs and again in a unique index: 128 B per tx
	// for one name.) The name rows are the one random insert per tx.
	return []string{`CREATE TABLE IF NOT EXISTS txs (
		height INTEGER NOT NULL, idx INTEGER NOT NULL, code INTEGER NOT NULL,
		codespace TEXT NOT NULL, module TEXT NOT NULL, action TEXT NOT NULL, signer TEXT NOT NULL,
		PRIMARY KEY (height, idx)) WITHOUT ROWID`,
		`CREATE TABLE IF NOT EXISTS tx_names (
		name BLOB PRIMARY KEY, height INTEGER NOT NULL, idx INTEGER NOT NULL) WITHOUT ROWID`}
}
func (TxHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	if deleted { // records are never deleted; kept for completeness
		l, err := app.ParseTxKey(key)
		if err != nil {
			return err
		}
		if _, err = tx.Exec(`DELETE FROM tx_names WHERE height = ? AND idx = ?`, l.Height, l.Index); err != nil {
			return err
		}
		_, err = tx.Exec(`DELETE FROM txs WHERE height = ? AND idx = ?`, l.Height, l.Index)
		return err
	}
	var r app.TxRecord
	if err := module.UnmarshalState(value, &r); err != nil {
		return err
	}
	name, err := hex.DecodeString(r.Hash)
	if err != nil || len(name) == 0 {
		return fmt.Errorf("tx record %d/%d: hash %q is not hex", r.Height, r.Index, r.Hash)
	}
	if _, err := tx.Exec(`INSERT OR REPLACE INTO txs(height, idx, code, codespace, module, action, signer) VALUES(?,?,?,?,?,?,?)`,
		r.Height, r.Index, r.Code, r.Codespace, r.Module, r.Action, r.Signer); err != nil {
		return err
	}
	if err := putTxName(tx, name, r.Height, r.Index); err != nil {
		return err
	}
	// CometBFT's name, from the tx's bytes in the block store. A block
	// that is not there (a node that joined by state sync) leaves the tx
	// findable by govchain's name only, as CometBFT's own index would.
	raw, err := tx.Tx(r.Height, r.Index)
	if errors.Is(err, module.ErrNoTx) {
		return nil
	}
	if err != nil {
		return err
	}
	if cmt := sha256.Sum256(raw); !bytes.Equal(cmt[:], name) { // equal on a suite whose hash is SHA-256
		return putTxName(tx, cmt[:], r.Height, r.Index)
	}
	return nil
}

func putTxName(tx module.IndexExec, name []byte, height int64, index uint32) error {
	_, err := tx.Exec(`INSERT OR REPLACE INTO tx_names(name, height, idx) VALUES(?,?,?)`, name, height, index)
	return err
}

// AccountHandler indexes accounts for staff lists and lookups.
type AccountHandler struct{}

func (AccountHandler) Name() string       { return "accounts" }
func (AccountHandler) Tables() []string   { return []string{"accounts"} }
func (AccountHandler) Prefixes() []string { return []string{"identity/acct/"} }
func (AccountHandler) Schema() []string {
	return []string{`CREATE TABLE IF NOT EXISTS accounts (
		address TEXT PRIMARY KEY, name TEXT NOT NULL, department TEXT NOT NULL, roles TEXT NOT NULL, status TEXT NOT NULL)`}
}
func (AccountHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	addr := strings.TrimPrefix(string(key), "identity/acct/")
	if deleted {
		_, err := tx.Exec(`DELETE FROM accounts WHERE address = ?`, addr)
		return err
	}
	var a identity.Account
	if err := module.UnmarshalState(value, &a); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT OR REPLACE INTO accounts(address, name, department, roles, status) VALUES(?,?,?,?,?)`,
		a.Address, a.Name, a.Department, strings.Join(a.Roles, ","), a.Status)
	return err
}

// TxLocation finds where the tx named hash is recorded, by govchain's
// hash or CometBFT's (the caller tells which it was by comparing the
// record's hash, or the block's tx); ok is false for a hash the index has
// not seen (not executed, or not indexed yet).
func (ix *Index) TxLocation(hash []byte) (l app.TxLocation, ok bool, err error) {
	err = ix.db.QueryRow(`SELECT height, idx FROM tx_names WHERE name = ?`, hash).Scan(&l.Height, &l.Index)
	if errors.Is(err, sql.ErrNoRows) {
		return app.TxLocation{}, false, nil
	}
	if err != nil {
		return app.TxLocation{}, false, fmt.Errorf("index: look up tx %x: %w", hash, err)
	}
	return l, true, nil
}
