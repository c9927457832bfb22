package evaluation

import (
	"encoding/json"
	"strings"

	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler feeds the off-chain index with baselines (every version)
// and audit report summaries, for the dashboard and its record lists.
type IndexHandler struct{}

// Name implements index.Handler.
func (IndexHandler) Name() string { return "evaluation" }

// Tables implements index.Handler.
func (IndexHandler) Tables() []string {
	return []string{"eval_baselines", "eval_audits", "eval_access"}
}

// Prefixes implements index.Handler. The latest/ copies are not indexed:
// the newest version is the highest version number in eval_baselines.
func (IndexHandler) Prefixes() []string { return []string{baselinePrefix, auditPrefix, accessPrefix} }

// Schema implements index.Handler. Times are Unix seconds of block time.
func (IndexHandler) Schema() []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS eval_baselines (
			process TEXT NOT NULL, figure TEXT NOT NULL, version INTEGER NOT NULL, department TEXT NOT NULL,
			value INTEGER NOT NULL, scale TEXT NOT NULL, period TEXT NOT NULL, source_hash TEXT NOT NULL,
			source_title TEXT NOT NULL, note TEXT NOT NULL, by_account TEXT NOT NULL, height INTEGER NOT NULL, time INTEGER NOT NULL,
			PRIMARY KEY (process, figure, version))`,
		`CREATE TABLE IF NOT EXISTS eval_audits (
			id INTEGER PRIMARY KEY, node_department TEXT NOT NULL, from_height INTEGER NOT NULL, to_height INTEGER NOT NULL,
			checks TEXT NOT NULL, findings INTEGER NOT NULL, findings_by TEXT NOT NULL, report_hash TEXT NOT NULL,
			note TEXT NOT NULL, auditor TEXT NOT NULL, department TEXT NOT NULL, height INTEGER NOT NULL, time INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS eval_access (
			department TEXT NOT NULL, month TEXT NOT NULL, from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL, count INTEGER NOT NULL,
			head TEXT NOT NULL, restart INTEGER NOT NULL, signer TEXT NOT NULL, height INTEGER NOT NULL, time INTEGER NOT NULL,
			PRIMARY KEY (department, month))`,
	}
}

// Apply implements index.Handler.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	if deleted {
		return nil // records are never deleted
	}
	if strings.HasPrefix(string(key), accessPrefix) {
		var a AccessMonth
		if err := module.UnmarshalState(value, &a); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO eval_access(department, month, from_seq, to_seq, count, head, restart, signer, height, time)
			VALUES(?,?,?,?,?,?,?,?,?,?)`, a.Department, a.Month, a.FromSeq, a.ToSeq, a.Count, string(a.Head), a.Restart, a.Signer, a.Height, a.Time.Unix())
		return err
	}
	if strings.HasPrefix(string(key), auditPrefix) {
		var a AuditReport
		if err := module.UnmarshalState(value, &a); err != nil {
			return err
		}
		checks, _ := json.Marshal(a.Checks)
		by, _ := json.Marshal(a.FindingsBy)
		_, err := tx.Exec(`INSERT OR REPLACE INTO eval_audits(id, node_department, from_height, to_height, checks, findings, findings_by,
			report_hash, note, auditor, department, height, time) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			a.ID, a.NodeDepartment, a.FromHeight, a.ToHeight, string(checks), a.Findings, string(by), string(a.ReportHash),
			a.Note, a.Auditor, a.Department, a.Height, a.Time.Unix())
		return err
	}
	var b Baseline
	if err := module.UnmarshalState(value, &b); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT OR REPLACE INTO eval_baselines(process, figure, version, department, value, scale, period, source_hash,
		source_title, note, by_account, height, time) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		b.Process, b.Figure, b.Version, b.Department, b.Value, b.Scale, b.Period, string(b.SourceHash),
		b.SourceTitle, b.Note, b.By, b.Height, b.Time.Unix())
	return err
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
