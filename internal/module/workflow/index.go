package workflow

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler feeds the off-chain index (internal/index) from workflow
// state: definitions and cases. It satisfies index.Handler without
// importing the index package, which imports the app, which lists this
// module. Every row is a function of one record, so a rebuild agrees with
// live indexing; personal data (workflow/pd/) is never indexed.
type IndexHandler struct{}

// Name implements index.Handler.
func (IndexHandler) Name() string { return "workflow" }

// Tables implements index.Handler.
func (IndexHandler) Tables() []string {
	return []string{"wf_definitions", "wf_cases", "wf_steps", "wf_objections"}
}

// Prefixes implements index.Handler.
func (IndexHandler) Prefixes() []string { return []string{defPrefix, casePrefix} }

// Schema implements index.Handler. Times are Unix seconds of block time.
func (IndexHandler) Schema() []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS wf_definitions (
			id TEXT NOT NULL, version INTEGER NOT NULL, owner TEXT NOT NULL, prefix TEXT NOT NULL,
			name_zh TEXT NOT NULL, name_en TEXT NOT NULL, steps INTEGER NOT NULL, published_at INTEGER NOT NULL,
			PRIMARY KEY (id, version))`,
		`CREATE TABLE IF NOT EXISTS wf_cases (
			number TEXT PRIMARY KEY, definition TEXT NOT NULL, version INTEGER NOT NULL, owner TEXT NOT NULL,
			origin TEXT NOT NULL, ref TEXT NOT NULL, status TEXT NOT NULL, current_step TEXT NOT NULL,
			current_kind TEXT NOT NULL, awaiting_materials INTEGER NOT NULL, outcome TEXT NOT NULL,
			opened_at INTEGER NOT NULL, opened_department TEXT NOT NULL, closed_at INTEGER,
			deadline INTEGER, notice_ends INTEGER, open_objections INTEGER NOT NULL, fields TEXT NOT NULL,
			participant TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS wf_cases_status ON wf_cases(status, closed_at)`,
		`CREATE INDEX IF NOT EXISTS wf_cases_definition ON wf_cases(definition, status)`,
		// Partial indexes of the public lists read once per block (the latest
		// decisions, the notice board): their size follows what they list,
		// not the city's case count. Added without a schema version change:
		// an existing index gets them at its next open.
		`CREATE INDEX IF NOT EXISTS wf_cases_closed ON wf_cases(definition, closed_at DESC, number DESC) WHERE status = 'closed'`,
		`CREATE INDEX IF NOT EXISTS wf_cases_notice ON wf_cases(notice_ends, number) WHERE status = 'open' AND notice_ends IS NOT NULL`,
		`CREATE TABLE IF NOT EXISTS wf_steps (
			case_number TEXT NOT NULL, seq INTEGER NOT NULL, step TEXT NOT NULL, kind TEXT NOT NULL,
			department TEXT NOT NULL, entered_at INTEGER NOT NULL, deadline INTEGER NOT NULL,
			completed_at INTEGER, result TEXT NOT NULL, late INTEGER NOT NULL,
			PRIMARY KEY (case_number, seq))`,
		`CREATE INDEX IF NOT EXISTS wf_steps_open ON wf_steps(department, completed_at, deadline)`,
		`CREATE TABLE IF NOT EXISTS wf_objections (
			case_number TEXT NOT NULL, id INTEGER NOT NULL, step TEXT NOT NULL, text TEXT NOT NULL,
			filed_at INTEGER NOT NULL, answer TEXT NOT NULL, answered_at INTEGER,
			PRIMARY KEY (case_number, id))`,
	}
}

// Apply implements index.Handler.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	k := string(key)
	if strings.HasPrefix(k, defPrefix) {
		return applyDefinition(tx, value, deleted)
	}
	number := strings.TrimPrefix(k, casePrefix)
	for _, q := range []string{`DELETE FROM wf_steps WHERE case_number = ?`, `DELETE FROM wf_objections WHERE case_number = ?`, `DELETE FROM wf_cases WHERE number = ?`} {
		if _, err := tx.Exec(q, number); err != nil {
			return err
		}
	}
	if deleted {
		return nil
	}
	c, err := decodeCase(value)
	if err != nil {
		return err
	}
	fields, err := json.Marshal(c.Fields) // map keys sorted: stable text
	if err != nil {
		return err
	}
	var deadline *int64
	for _, v := range c.OpenVisits() {
		if deadline == nil || v.Deadline.Unix() < *deadline {
			deadline = unix(v.Deadline)
		}
	}
	kind := ""
	for _, v := range c.Visits {
		if v.Step == c.Current {
			kind = v.Kind
		}
	}
	switch {
	case c.Status == StatusClosed:
		kind = KindEnd
	case c.AwaitingMaterials:
		kind = KindTask // returns only lead to task steps, maybe not yet visited
	}
	if _, err := tx.Exec(`INSERT INTO wf_cases(number, definition, version, owner, origin, ref, status, current_step, current_kind,
		awaiting_materials, outcome, opened_at, opened_department, closed_at, deadline, notice_ends, open_objections, fields, participant)
		VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
		c.Number, c.Definition, c.Version, c.Owner, c.Origin, c.Ref, c.Status, c.Current, kind,
		c.AwaitingMaterials, c.Outcome, c.OpenedAt.Unix(), c.OpenedDept, unix(c.ClosedAt), deadline, unix(c.NoticeEnds),
		c.UnansweredObjections(), string(fields), string(c.Participant)); err != nil {
		return err
	}
	for i, v := range c.Visits {
		if _, err := tx.Exec(`INSERT INTO wf_steps(case_number, seq, step, kind, department, entered_at, deadline, completed_at, result, late)
			VALUES(?,?,?,?,?,?,?,?,?,?)`, c.Number, i, v.Step, v.Kind, v.Department, v.EnteredAt.Unix(), v.Deadline.Unix(),
			unix(v.CompletedAt), v.Result, v.Late); err != nil {
			return err
		}
	}
	for _, o := range c.Objections {
		if _, err := tx.Exec(`INSERT INTO wf_objections(case_number, id, step, text, filed_at, answer, answered_at) VALUES(?,?,?,?,?,?,?)`,
			c.Number, o.ID, o.Step, o.Text, o.FiledAt.Unix(), o.Answer, unix(o.AnsweredAt)); err != nil {
			return err
		}
	}
	return nil
}

func applyDefinition(tx module.IndexExec, value []byte, deleted bool) error {
	if deleted {
		return nil // definitions are never deleted; a version stays for its cases
	}
	var d Definition
	if err := module.UnmarshalState(value, &d); err != nil {
		return err
	}
	_, err := tx.Exec(`INSERT OR REPLACE INTO wf_definitions(id, version, owner, prefix, name_zh, name_en, steps, published_at)
		VALUES(?,?,?,?,?,?,?,?)`, d.ID, d.Version, d.Owner, d.Prefix, d.NameZH, d.NameEN, len(d.Steps), d.PublishedAt.Unix())
	return err
}

// unix is a nullable column value: NULL for the zero time.
func unix(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	u := t.Unix()
	return &u
}

// decodeFields reads the fields column back.
func decodeFields(s string, out *map[string]Value) error {
	if s == "" || s == "null" {
		*out = nil
		return nil
	}
	return json.Unmarshal([]byte(s), out)
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
