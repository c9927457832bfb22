package participation

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// IndexHandler feeds the off-chain index: the portal's lists and the
// evaluation's counts read these tables. The tables are deliberately
// plain — department, block time as Unix seconds (INTEGER), state — so a
// figure is one SELECT (docs/participation.md lists them):
//
//	participation_stories(id, department, case_no, state, published, withdrawn, title_zh, title_en)
//	participation_activities(id, department, kind, state, start, created, capacity, active, cancelled, attended, title_zh, title_en, place)
//	participation_signups(receipt, activity, department, state, time, updated, participant)
//	participation_visits(task, case_no, department, answer, time)
type IndexHandler struct{}

// Name implements index.Handler.
func (IndexHandler) Name() string { return "participation" }

// Tables implements index.Handler.
func (IndexHandler) Tables() []string {
	return []string{"participation_stories", "participation_activities", "participation_signups", "participation_visits"}
}

// Prefixes implements index.Handler.
func (IndexHandler) Prefixes() []string {
	return []string{storyPrefix, activityPrefix, signupPrefix, visitPrefix}
}

// Schema implements index.Handler.
func (IndexHandler) Schema() []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS participation_stories (id INTEGER PRIMARY KEY, department TEXT NOT NULL, case_no TEXT NOT NULL,
			state TEXT NOT NULL, published INTEGER NOT NULL, withdrawn INTEGER, title_zh TEXT NOT NULL, title_en TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS participation_activities (id INTEGER PRIMARY KEY, department TEXT NOT NULL, kind TEXT NOT NULL,
			state TEXT NOT NULL, start INTEGER NOT NULL, created INTEGER NOT NULL, capacity INTEGER NOT NULL, active INTEGER NOT NULL,
			cancelled INTEGER NOT NULL, attended INTEGER NOT NULL, title_zh TEXT NOT NULL, title_en TEXT NOT NULL, place TEXT NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS participation_signups (receipt TEXT PRIMARY KEY, activity INTEGER NOT NULL, department TEXT NOT NULL,
			state TEXT NOT NULL, time INTEGER NOT NULL, updated INTEGER, participant TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS participation_signups_dept ON participation_signups(department, time)`,
		// The console lists each of a department's 30 latest activities' sign-ups.
		`CREATE INDEX IF NOT EXISTS participation_signups_activity ON participation_signups(activity, time)`,
		`CREATE TABLE IF NOT EXISTS participation_visits (task TEXT PRIMARY KEY, case_no TEXT NOT NULL, department TEXT NOT NULL,
			answer TEXT NOT NULL, time INTEGER NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS participation_visits_dept ON participation_visits(department, time)`,
	}
}

// Apply implements index.Handler.
func (IndexHandler) Apply(tx module.IndexExec, _ int64, key, value []byte, deleted bool) error {
	k := string(key)
	var table, col, id string
	switch {
	case strings.HasPrefix(k, storyPrefix):
		table, col, id = "participation_stories", "id", strings.TrimLeft(strings.TrimPrefix(k, storyPrefix), "0")
	case strings.HasPrefix(k, activityPrefix):
		table, col, id = "participation_activities", "id", strings.TrimLeft(strings.TrimPrefix(k, activityPrefix), "0")
	case strings.HasPrefix(k, signupPrefix):
		table, col, id = "participation_signups", "receipt", strings.TrimPrefix(k, signupPrefix)
	case strings.HasPrefix(k, visitPrefix):
		table, col, id = "participation_visits", "task", strings.TrimPrefix(k, visitPrefix)
	default:
		return nil
	}
	if deleted {
		_, err := tx.Exec(`DELETE FROM `+table+` WHERE `+col+` = ?`, id)
		return err
	}
	switch table {
	case "participation_stories":
		var s Story
		if err := module.UnmarshalState(value, &s); err != nil {
			return err
		}
		var withdrawn time.Time // NULL until withdrawn (module.IndexTime)
		if s.Withdrawal != nil {
			withdrawn = s.Withdrawal.Time
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO participation_stories(id, department, case_no, state, published, withdrawn, title_zh, title_en)
			VALUES(?,?,?,?,?,?,?,?)`, s.ID, s.Department, s.Case.Number, s.State, s.Published.Unix(), module.IndexTime(withdrawn), s.TitleZH, s.TitleEN)
		return err
	case "participation_activities":
		var a Activity
		if err := module.UnmarshalState(value, &a); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO participation_activities(id, department, kind, state, start, created, capacity, active, cancelled, attended, title_zh, title_en, place)
			VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)`, a.ID, a.Department, a.Kind, a.State, a.Start.Unix(), a.Created.Unix(), a.Capacity,
			a.Active, a.Cancelled, a.Attended, a.TitleZH, a.TitleEN, a.Place)
		return err
	case "participation_signups":
		var s Signup
		if err := module.UnmarshalState(value, &s); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO participation_signups(receipt, activity, department, state, time, updated, participant)
			VALUES(?,?,?,?,?,?,?)`, s.Receipt, s.Activity, s.Department, s.State, s.Time.Unix(), module.IndexTime(s.Updated), string(s.Participant))
		return err
	default:
		var v Visit
		if err := module.UnmarshalState(value, &v); err != nil {
			return err
		}
		_, err := tx.Exec(`INSERT OR REPLACE INTO participation_visits(task, case_no, department, answer, time) VALUES(?,?,?,?,?)`,
			v.Task, v.CaseNo, v.Department, v.Answer, v.Time.Unix())
		return err
	}
}

// CountSignups counts the sign-ups made in [fromUnix, toUnix) (block
// time) for activities of dept ("" for every department), not counting
// those the citizen cancelled: attended and still-open sign-ups count.
func CountSignups(ctx context.Context, db *sql.DB, dept string, fromUnix, toUnix int64) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM participation_signups
		WHERE (? = '' OR department = ?) AND time >= ? AND time < ? AND state != ?`,
		dept, dept, fromUnix, toUnix, SignupCancelled).Scan(&n)
	return n, err
}

// SignupParticipants lists the participant hashes of the sign-ups
// CountSignups counts (made in [fromUnix, toUnix), not cancelled), one per
// sign-up, and how many of those sign-ups carry no hash (made before the
// gateway had a key). The evaluation counts the distinct values.
func SignupParticipants(ctx context.Context, db *sql.DB, dept string, fromUnix, toUnix int64) (hashes []string, unhashed int64, err error) {
	rows, err := db.QueryContext(ctx, `SELECT participant FROM participation_signups
		WHERE (? = '' OR department = ?) AND time >= ? AND time < ? AND state != ? ORDER BY receipt`,
		dept, dept, fromUnix, toUnix, SignupCancelled)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	hashes = []string{}
	for rows.Next() {
		var h string
		if err := rows.Scan(&h); err != nil {
			return nil, 0, err
		}
		if h == "" {
			unhashed++
			continue
		}
		hashes = append(hashes, h)
	}
	return hashes, unhashed, rows.Err()
}

// CountAttended counts the sign-ups made in [fromUnix, toUnix) that the
// department recorded as attended.
func CountAttended(ctx context.Context, db *sql.DB, dept string, fromUnix, toUnix int64) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM participation_signups
		WHERE (? = '' OR department = ?) AND time >= ? AND time < ? AND state = ?`,
		dept, dept, fromUnix, toUnix, SignupAttended).Scan(&n)
	return n, err
}

// CountReturnVisits counts the return visits answered in [fromUnix,
// toUnix) about dept's rectifications ("" for every department): how many
// citizens said the problem was solved, and how many said it was not.
func CountReturnVisits(ctx context.Context, db *sql.DB, dept string, fromUnix, toUnix int64) (solved, notSolved int64, err error) {
	err = db.QueryRowContext(ctx, `SELECT COALESCE(SUM(answer = ?), 0), COALESCE(SUM(answer = ?), 0) FROM participation_visits
		WHERE (? = '' OR department = ?) AND time >= ? AND time < ?`,
		Solved, NotSolved, dept, dept, fromUnix, toUnix).Scan(&solved, &notSolved)
	return solved, notSolved, err
}

// CountStories counts the stories published in [fromUnix, toUnix),
// withdrawn ones included (they were published).
func CountStories(ctx context.Context, db *sql.DB, dept string, fromUnix, toUnix int64) (int64, error) {
	var n int64
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM participation_stories
		WHERE (? = '' OR department = ?) AND published >= ? AND published < ?`, dept, dept, fromUnix, toUnix).Scan(&n)
	return n, err
}

// StoryRow is a story as the portal lists it.
type StoryRow struct {
	ID         uint64
	Department string
	CaseNo     string
	TitleZH    string
	TitleEN    string
	Published  int64
}

// PublishedStories lists published stories, newest first.
func PublishedStories(ctx context.Context, db *sql.DB, limit int) ([]StoryRow, error) {
	rows, err := db.QueryContext(ctx, `SELECT id, department, case_no, title_zh, title_en, published FROM participation_stories
		WHERE state = ? ORDER BY published DESC, id DESC LIMIT ?`, StoryPublished, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StoryRow
	for rows.Next() {
		var r StoryRow
		if err := rows.Scan(&r.ID, &r.Department, &r.CaseNo, &r.TitleZH, &r.TitleEN, &r.Published); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// ActivityIDs lists activity ids, the latest start first; upcoming only
// when fromUnix > 0 (start at or after it).
func ActivityIDs(ctx context.Context, db *sql.DB, fromUnix int64, limit int) ([]uint64, error) {
	rows, err := db.QueryContext(ctx, `SELECT id FROM participation_activities WHERE start >= ? ORDER BY start DESC, id DESC LIMIT ?`, fromUnix, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []uint64
	for rows.Next() {
		var id uint64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// VisitCounts is the public count of return visits by department.
type VisitCounts struct {
	Department        string
	Solved, NotSolved int64
}

// VisitsByDepartment counts every return visit by department, in
// department order.
func VisitsByDepartment(ctx context.Context, db *sql.DB) ([]VisitCounts, error) {
	rows, err := db.QueryContext(ctx, `SELECT department, SUM(answer = ?), SUM(answer = ?) FROM participation_visits GROUP BY department ORDER BY department`, Solved, NotSolved)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []VisitCounts
	for rows.Next() {
		var v VisitCounts
		if err := rows.Scan(&v.Department, &v.Solved, &v.NotSolved); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SignupRow is a sign-up as the organiser's console lists it (no
// personal data: that stays sealed in state).
type SignupRow struct {
	Receipt string
	State   string
	Time    int64
}

// SignupsOf lists an activity's sign-ups, oldest first.
func SignupsOf(ctx context.Context, db *sql.DB, activity uint64) ([]SignupRow, error) {
	rows, err := db.QueryContext(ctx, `SELECT receipt, state, time FROM participation_signups WHERE activity = ? ORDER BY time, receipt`, activity)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SignupRow
	for rows.Next() {
		var s SignupRow
		if err := rows.Scan(&s.Receipt, &s.State, &s.Time); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// IndexHandler implements module.Indexer.
func (Module) IndexHandler() module.IndexHandler { return IndexHandler{} }
