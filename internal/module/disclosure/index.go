package disclosure

import (
	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler feeds the off-chain index: one row per version, so lists
// and the home page's latest notices need no scan of the Merkle store.
type IndexHandler struct{}

// Name implements index.Handler.
func (IndexHandler) Name() string { return "disclosures" }

// Tables implements index.Handler.
func (IndexHandler) Tables() []string { return []string{"disclosures"} }

// Prefixes implements index.Handler.
func (IndexHandler) Prefixes() []string { return []string{docPrefix} }

// Schema implements index.Handler.
func (IndexHandler) Schema() []string {
	return []string{`CREATE TABLE IF NOT EXISTS disclosures (
		number TEXT NOT NULL, version INTEGER NOT NULL, department TEXT NOT NULL, title TEXT NOT NULL,
		category TEXT NOT NULL, effective_date TEXT NOT NULL, ref TEXT NOT NULL, height INTEGER NOT NULL,
		time INTEGER NOT NULL, tx_hash TEXT NOT NULL, PRIMARY KEY (number, version))`,
		// Latest's order, time then number: on (time) alone SQLite sorted
		// every document sharing a block time, and a block holds many.
		// The department and category ones serve the list's filters in
		// the same order. New names rather than a schema version: an
		// existing index gains them on open without a rebuild.
		`DROP INDEX IF EXISTS disclosures_time`,
		`CREATE INDEX IF NOT EXISTS disclosures_time_number ON disclosures(time, number)`,
		`CREATE INDEX IF NOT EXISTS disclosures_dept_time ON disclosures(department, time, number)`,
		`CREATE INDEX IF NOT EXISTS disclosures_cat_time ON disclosures(category, time, number)`,
		`CREATE INDEX IF NOT EXISTS disclosures_tx ON disclosures(tx_hash)`}
}

// Apply implements index.Handler.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	number, version, ok := ParseVersionKey(string(key))
	if !ok {
		return nil
	}
	if deleted {
		_, err := tx.Exec(`DELETE FROM disclosures WHERE number = ? AND version = ?`, number, version)
		return err
	}
	var d Document
	if err := module.UnmarshalState(value, &d); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT OR REPLACE INTO disclosures(number, version, department, title, category, effective_date, ref, height, time, tx_hash)
		VALUES(?,?,?,?,?,?,?,?,?,?)`, d.Number, d.Version, d.Department, d.Title, d.Category, d.EffectiveDate, d.Ref, d.Height,
		module.IndexTime(d.Time), d.TxHash)
	return err
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
