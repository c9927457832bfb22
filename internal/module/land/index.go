package land

import (
	"database/sql"
	"strings"

	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler indexes parcels and permits for the registry pages; cases
// by parcel come from the workflow index (wf_cases.origin = 'land').
type IndexHandler struct{}

func (IndexHandler) Name() string       { return "land" }
func (IndexHandler) Tables() []string   { return []string{"land_parcels", "land_permits"} }
func (IndexHandler) Prefixes() []string { return []string{"land/parcel/", "land/permit/"} }
func (IndexHandler) Schema() []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS land_parcels (id TEXT PRIMARY KEY, district TEXT NOT NULL, location TEXT NOT NULL,
			area_m2 INTEGER NOT NULL, zoning TEXT NOT NULL, status TEXT NOT NULL, last_case TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS land_permits (code TEXT PRIMARY KEY, case_number TEXT NOT NULL, parcel TEXT NOT NULL,
			doc_hash TEXT NOT NULL, issued_by TEXT NOT NULL, issued_at INTEGER NOT NULL, height INTEGER NOT NULL)`,
	}
}

// Apply implements index.Handler.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	k := string(key)
	switch {
	case strings.HasPrefix(k, "land/parcel/"):
		if deleted {
			_, err := tx.Exec(`DELETE FROM land_parcels WHERE id = ?`, strings.TrimPrefix(k, "land/parcel/"))
			return err
		}
		var p Parcel
		if err := module.UnmarshalState(value, &p); err != nil {
			return err
		}
		last := ""
		for _, h := range p.History {
			if h.Case != "" {
				last = h.Case
			}
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO land_parcels VALUES (?,?,?,?,?,?,?)`, p.ID, p.District, p.Location, p.AreaM2, p.Zoning, p.Status, last)
		return err
	case strings.HasPrefix(k, "land/permit/"):
		if deleted {
			_, err := tx.Exec(`DELETE FROM land_permits WHERE code = ?`, strings.TrimPrefix(k, "land/permit/"))
			return err
		}
		var p Permit
		if err := module.UnmarshalState(value, &p); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO land_permits VALUES (?,?,?,?,?,?,?)`, p.Code, p.Case, p.Parcel, p.DocHash, p.IssuedBy, p.IssuedAt.Unix(), p.Height)
		return err
	}
	return nil
}

// ParcelRow is a parcel as listed.
type ParcelRow struct {
	ID       string `json:"id"`
	District string `json:"district"`
	Location string `json:"location"`
	AreaM2   int64  `json:"area_m2"`
	Zoning   string `json:"zoning"`
	Status   string `json:"status"`
	LastCase string `json:"last_case,omitempty"`
}

// Parcels lists the registry.
func Parcels(db *sql.DB) ([]ParcelRow, error) {
	rows, err := db.Query(`SELECT id, district, location, area_m2, zoning, status, last_case FROM land_parcels ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ParcelRow{}
	for rows.Next() {
		var p ParcelRow
		if err := rows.Scan(&p.ID, &p.District, &p.Location, &p.AreaM2, &p.Zoning, &p.Status, &p.LastCase); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// CaseRow is a case of one parcel.
type CaseRow struct {
	Number  string `json:"number"`
	Status  string `json:"status"`
	Step    string `json:"current_step"`
	Outcome string `json:"outcome,omitempty"`
	Opened  int64  `json:"opened_at"`
}

// CasesByParcel lists a parcel's applications, newest first.
func CasesByParcel(db *sql.DB, parcel string) ([]CaseRow, error) {
	rows, err := db.Query(`SELECT number, status, current_step, outcome, opened_at FROM wf_cases
		WHERE origin = 'land' AND ref = ? ORDER BY opened_at DESC, number DESC`, parcel)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CaseRow{}
	for rows.Next() {
		var c CaseRow
		if err := rows.Scan(&c.Number, &c.Status, &c.Step, &c.Outcome, &c.Opened); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
