package index

import (
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
// where a tx hash is looked up (TxLocation).
type TxHandler struct{}

func (TxHandler) Name() string       { return "txs" }
func (TxHandler) Tables() []string   { return []string{"txs"} }
func (TxHandler) Prefixes() []string { return []string{app.TxKeyPrefix} }
func (TxHandler) Schema() []string {
	// Rows arrive in (height, idx) order, so that key appends; the hash
	// index is the one random insert per tx.
	return []string{`CREATE TABLE IF NOT EXISTS txs (
		height INTEGER NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL, code INTEGER NOT NULL,
		codespace TEXT NOT NULL, module TEXT NOT NULL, action TEXT NOT NULL, signer TEXT NOT NULL,
		PRIMARY KEY (height, idx)) WITHOUT ROWID`,
		`CREATE UNIQUE INDEX IF NOT EXISTS txs_hash ON txs(hash)`}
}
func (TxHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	if deleted { // records are never deleted; kept for completeness
		l, err := app.ParseTxKey(key)
		if err != nil {
			return err
		}
		_, err = tx.Exec(`DELETE FROM txs WHERE height = ? AND idx = ?`, l.Height, l.Index)
		return err
	}
	var r app.TxRecord
	if err := module.UnmarshalState(value, &r); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT OR REPLACE INTO txs(hash, height, idx, code, codespace, module, action, signer) VALUES(?,?,?,?,?,?,?,?)`,
		r.Hash, r.Height, r.Index, r.Code, r.Codespace, r.Module, r.Action, r.Signer)
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

// TxLocation finds where the tx with hash is recorded; ok is false for a
// hash the index has not seen (not executed, or not indexed yet).
func (ix *Index) TxLocation(hash []byte) (l app.TxLocation, ok bool, err error) {
	err = ix.db.QueryRow(`SELECT height, idx FROM txs WHERE hash = ?`, hex.EncodeToString(hash)).Scan(&l.Height, &l.Index)
	if errors.Is(err, sql.ErrNoRows) {
		return app.TxLocation{}, false, nil
	}
	if err != nil {
		return app.TxLocation{}, false, fmt.Errorf("index: look up tx %x: %w", hash, err)
	}
	return l, true, nil
}
