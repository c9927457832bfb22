package web

import (
	"context"
	"database/sql"
	"time"

	"github.com/pingshan/govchain/internal/module/participation"
)

// civicCounts is evaluation.CivicSource over the participation module's
// index tables (activity sign-ups, return visits).
type civicCounts struct{ db *sql.DB }

func (c civicCounts) SignUps(from, to time.Time, department string) (int64, error) {
	return participation.CountSignups(context.Background(), c.db, department, from.Unix(), to.Unix())
}

func (c civicCounts) ReturnVisits(from, to time.Time, department string) (solved, total int64, err error) {
	solved, notSolved, err := participation.CountReturnVisits(context.Background(), c.db, department, from.Unix(), to.Unix())
	return solved, solved + notSolved, err
}

// ParticipantHashes: sign-ups carry no keyed participant hash (name and
// phone are sealed to the organiser, nothing else is kept), so they add no
// one to the distinct-participant count; docs/evaluation.md says so.
func (c civicCounts) ParticipantHashes(from, to time.Time, department string) ([]string, error) {
	return nil, nil
}
