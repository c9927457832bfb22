package feedback

import (
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler feeds the off-chain index with items and tasks, for the
// public lists, the staff queue and the home page's figures.
type IndexHandler struct{}

// Name implements index.Handler.
func (IndexHandler) Name() string { return "feedback" }

// Tables implements index.Handler.
func (IndexHandler) Tables() []string { return []string{"feedback_items", "feedback_tasks"} }

// Prefixes implements index.Handler.
func (IndexHandler) Prefixes() []string { return []string{itemPrefix, taskPrefix} }

// Schema implements index.Handler.
func (IndexHandler) Schema() []string {
	return []string{`CREATE TABLE IF NOT EXISTS feedback_items (
		receipt TEXT PRIMARY KEY, kind TEXT NOT NULL, department TEXT NOT NULL, subject TEXT NOT NULL,
		case_no TEXT NOT NULL, level TEXT NOT NULL, status TEXT NOT NULL, hidden INTEGER NOT NULL,
		replies INTEGER NOT NULL, task TEXT NOT NULL, height INTEGER NOT NULL, time INTEGER NOT NULL, first_reply INTEGER, last_reply INTEGER,
		text TEXT NOT NULL, salt TEXT NOT NULL, participant TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS feedback_items_dept ON feedback_items(department, status)`,
		`CREATE TABLE IF NOT EXISTS feedback_tasks (
		id TEXT PRIMARY KEY, receipt TEXT NOT NULL, case_no TEXT NOT NULL, department TEXT NOT NULL, level TEXT NOT NULL,
		status TEXT NOT NULL, opened INTEGER NOT NULL, deadline INTEGER NOT NULL, closed INTEGER, height INTEGER NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS feedback_tasks_dept ON feedback_tasks(department, status, deadline)`}
}

// Apply implements index.Handler.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	k := string(key)
	switch {
	case strings.HasPrefix(k, itemPrefix):
		receipt := strings.TrimPrefix(k, itemPrefix)
		if deleted {
			_, err := tx.Exec(`DELETE FROM feedback_items WHERE receipt = ?`, receipt)
			return err
		}
		var it Item
		if err := module.UnmarshalState(value, &it); err != nil {
			return err
		}
		// Times: module.IndexTime (Unix seconds, NULL if none). The first
		// reply is what reply time is measured to (a second answer must not
		// make the department look slower); the latest is what the staff
		// queue shows.
		var first, last time.Time
		if n := len(it.Replies); n > 0 {
			first, last = it.Replies[0].Time, it.Replies[n-1].Time
		}
		subject, text, salt := it.Subject, "", ""
		if w := indexedText(tx, &it); w != nil {
			subject, text, salt = w.Subject, w.Body, hex.EncodeToString(w.Salt)
			if it.Kind == KindRating {
				subject = it.Subject // the case's process name
			}
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO feedback_items(receipt, kind, department, subject, case_no, level, status, hidden, replies, task, height, time, first_reply, last_reply, text, salt, participant)
			VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`, it.Receipt, it.Kind, it.Department, subject, it.CaseNo, it.Level, it.Status,
			it.Hidden != nil, len(it.Replies), it.Task, it.Height, module.IndexTime(it.Time), module.IndexTime(first), module.IndexTime(last), text, salt, string(it.Participant))
		return err
	case strings.HasPrefix(k, taskPrefix):
		id := strings.TrimPrefix(k, taskPrefix)
		if deleted {
			_, err := tx.Exec(`DELETE FROM feedback_tasks WHERE id = ?`, id)
			return err
		}
		var t Task
		if err := module.UnmarshalState(value, &t); err != nil {
			return err
		}
		var closed time.Time
		if t.Closure != nil {
			closed = t.Closure.Time
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO feedback_tasks(id, receipt, case_no, department, level, status, opened, deadline, closed, height)
			VALUES(?,?,?,?,?,?,?,?,?,?)`, t.ID, t.Receipt, t.CaseNo, t.Department, t.Level, t.Status,
			module.IndexTime(t.Opened), module.IndexTime(t.Deadline), module.IndexTime(closed), t.Height)
		return err
	}
	return nil
}

// indexedText is the text the index keeps for an item: none once hidden
// (the row is rewritten blank, live and on every rebuild, because the
// hide is in the record), none for an item without text, and otherwise
// the words read back from the tx that created the item. A tx the block
// store no longer has (pruned, or a home restored from a state snapshot)
// leaves the text blank rather than stopping the index.
func indexedText(exec module.IndexExec, it *Item) *Text {
	if it.Hidden != nil || len(it.TextHash) == 0 {
		return nil
	}
	raw, err := exec.Tx(it.Height, it.TxIndex)
	if err != nil {
		return nil
	}
	w, err := TextFromTx(raw)
	if err != nil {
		return nil
	}
	return w
}

// IndexedText reads an item's text from the index: ok is false when the
// index holds none (hidden, no text, not indexed yet, or not available
// on this node). The caller checks it against the item's TextHash before
// showing it (Text.Commitment).
func IndexedText(db *sql.DB, receipt string) (t *Text, ok bool, err error) {
	var kind, subject, body, salt string
	var hidden bool
	err = db.QueryRow(`SELECT kind, subject, text, salt, hidden FROM feedback_items WHERE receipt = ?`, receipt).Scan(&kind, &subject, &body, &salt, &hidden)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	if hidden || salt == "" {
		return nil, false, nil
	}
	b, err := hex.DecodeString(salt)
	if err != nil {
		return nil, false, nil
	}
	if kind == KindRating {
		subject = "" // the row's subject is the case's process name, from state
	}
	return &Text{Subject: subject, Body: body, Salt: b}, true, nil
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
