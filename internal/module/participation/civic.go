package participation

import (
	"context"
	"database/sql"
	"time"
)

// Civic is what the evaluation reads from this module's index tables
// (evaluation.CivicSource): sign-ups, return visits and the participant
// hashes of sign-ups.
type Civic struct{ DB *sql.DB }

// SignUps counts sign-ups made in [from, to), not cancelled.
func (c Civic) SignUps(from, to time.Time, department string) (int64, error) {
	return CountSignups(context.Background(), c.DB, department, from.Unix(), to.Unix())
}

// ReturnVisits counts return visits answered in [from, to).
func (c Civic) ReturnVisits(from, to time.Time, department string) (solved, total int64, err error) {
	solved, notSolved, err := CountReturnVisits(context.Background(), c.DB, department, from.Unix(), to.Unix())
	return solved, solved + notSolved, err
}

// ParticipantHashes are the keyed hashes of the sign-ups SignUps counts,
// and how many of them have none.
func (c Civic) ParticipantHashes(from, to time.Time, department string) ([]string, int64, error) {
	return SignupParticipants(context.Background(), c.DB, department, from.Unix(), to.Unix())
}
