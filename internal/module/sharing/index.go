package sharing

import (
	"database/sql"
	"strings"

	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler feeds the off-chain index (internal/index) with the case
// materials obtained through sharing (减材料), for evaluation queries over
// cases (which process, which month) that the statistics page does not
// run. It satisfies index.Handler without importing the index package.
// A row is a function of one record, so a rebuild agrees with live
// indexing; no data value is ever in a record.
type IndexHandler struct{}

// Name implements index.Handler.
func (IndexHandler) Name() string { return "sharing" }

// Tables implements index.Handler.
func (IndexHandler) Tables() []string { return []string{"sh_materials"} }

// Prefixes implements index.Handler.
func (IndexHandler) Prefixes() []string { return []string{materialPrefix} }

// Schema implements index.Handler. Times are Unix seconds of block time.
func (IndexHandler) Schema() []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS sh_materials (
			case_number TEXT NOT NULL, resource TEXT NOT NULL, owner TEXT NOT NULL, requester TEXT NOT NULL,
			grant_id INTEGER NOT NULL, access_id INTEGER NOT NULL, step TEXT NOT NULL, attached_at INTEGER NOT NULL,
			PRIMARY KEY (case_number, resource))`,
		`CREATE INDEX IF NOT EXISTS sh_materials_requester ON sh_materials(requester, attached_at)`,
	}
}

// Apply implements index.Handler.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	caseNo, resource, _ := strings.Cut(strings.TrimPrefix(string(key), materialPrefix), "/")
	if _, err := tx.Exec(`DELETE FROM sh_materials WHERE case_number = ? AND resource = ?`, caseNo, resource); err != nil {
		return err
	}
	if deleted {
		return nil
	}
	var m CaseMaterial
	if err := module.UnmarshalState(value, &m); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT INTO sh_materials(case_number, resource, owner, requester, grant_id, access_id, step, attached_at)
		VALUES(?,?,?,?,?,?,?,?)`, m.Case, m.Resource, m.Owner, m.Requester, m.Grant, m.Access, m.Step, m.Time.Unix())
	return err
}

// MaterialsSavedSince counts, from the index, the materials cases of a
// department's reviews were spared since a Unix time ("" for every
// department).
func MaterialsSavedSince(db *sql.DB, requester string, since int64) (int, error) {
	var n int
	err := db.QueryRow(`SELECT COUNT(*) FROM sh_materials WHERE (? = '' OR requester = ?) AND attached_at >= ?`,
		requester, requester, since).Scan(&n)
	return n, err
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
