package disclosure

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Queries over the off-chain index (the disclosures table IndexHandler
// fills): lists for the portal and the API. Documents themselves are read
// from committed state (Get).

// DocRow is a disclosure version in a list.
type DocRow struct {
	Number        string    `json:"number"`
	Version       int       `json:"version"`
	Department    string    `json:"department"`
	Title         string    `json:"title"`
	Category      string    `json:"category"`
	EffectiveDate string    `json:"effective_date"`
	Ref           string    `json:"ref,omitempty"`
	Height        int64     `json:"height"`
	Time          time.Time `json:"time"`
}

// Latest lists the latest version of each document, newest first, of one
// department and category ("" for all), whose title, number or reference
// contains q ("" for any).
func Latest(ctx context.Context, db *sql.DB, dept, category, q string, limit int) ([]DocRow, error) {
	var where []string
	var args []any
	where = append(where, `d.version = (SELECT MAX(version) FROM disclosures x WHERE x.number = d.number)`)
	if dept != "" {
		where, args = append(where, `d.department = ?`), append(args, dept)
	}
	if category != "" {
		where, args = append(where, `d.category = ?`), append(args, category)
	}
	if q != "" {
		where, args = append(where, `(d.title LIKE ? ESCAPE '\' OR d.number LIKE ? ESCAPE '\' OR d.ref LIKE ? ESCAPE '\')`), append(args, like(q), like(q), like(q))
	}
	args = append(args, limit)
	rows, err := db.QueryContext(ctx, `SELECT d.number, d.version, d.department, d.title, d.category, d.effective_date, d.ref, d.height, d.time
		FROM disclosures d WHERE `+strings.Join(where, " AND ")+` ORDER BY d.time DESC, d.number DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []DocRow{}
	for rows.Next() {
		var d DocRow
		var ts sql.NullInt64 // module.IndexTime
		if err := rows.Scan(&d.Number, &d.Version, &d.Department, &d.Title, &d.Category, &d.EffectiveDate, &d.Ref, &d.Height, &ts); err != nil {
			return nil, err
		}
		d.Time = module.TimeFromIndex(ts)
		out = append(out, d)
	}
	return out, rows.Err()
}

// like is q as a LIKE pattern matching it anywhere, its wildcards escaped.
func like(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(q) + "%"
}

// ByTx finds the document version a tx wrote.
func ByTx(ctx context.Context, db *sql.DB, txHash string) (string, int, error) {
	var n string
	var v int
	err := db.QueryRowContext(ctx, `SELECT number, version FROM disclosures WHERE tx_hash = ?`, txHash).Scan(&n, &v)
	return n, v, err
}

// CountDocuments is how many documents have been published (each counted
// once, whatever its number of versions).
func CountDocuments(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(DISTINCT number) FROM disclosures`).Scan(&n)
	return n, err
}
