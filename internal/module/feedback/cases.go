package feedback

import (
	"errors"
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
)

// CaseInfo is what a rating needs to know about a case.
type CaseInfo struct {
	Number string
	// Department is the one that handled the case: a poor rating opens a
	// rectification task for it.
	Department string
	Title      string
	// Completed is true once the case has reached its final decision.
	Completed   bool
	CompletedAt time.Time
	// RatingTokenHash is what a rating's token must hash to
	// (workflow.CheckRatingToken); a case without one cannot be rated.
	RatingTokenHash []byte
}

// CaseLookup finds a case in state. It must read only r (deterministic, as
// it runs inside the state machine) and wrap ErrCaseNotFound for an
// unknown number.
//
// The access code itself never travels: a rating carries the rating token
// derived from it, and the chain checks the token against the case's
// RatingTokenHash, so a gateway account cannot rate a case whose citizen
// did not give it the code.
type CaseLookup func(r store.Reader, number string) (*CaseInfo, error)

// WorkflowCase is the default lookup: a workflow case (land applications
// and every other approval process run on the workflow engine). The
// department that owns the process definition answers for the case; a
// closed case, whatever its outcome, is completed.
func WorkflowCase(r store.Reader, number string) (*CaseInfo, error) {
	c, err := workflow.GetCase(r, number)
	if errors.Is(err, workflow.ErrCaseNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrCaseNotFound, number)
	}
	if err != nil {
		return nil, err
	}
	info := &CaseInfo{Number: c.Number, Department: c.Owner, Title: c.Definition, Completed: c.Status == workflow.StatusClosed,
		CompletedAt: c.ClosedAt, RatingTokenHash: c.RatingTokenHash}
	if d, err := workflow.GetDefinition(r, c.Definition, c.Version); err == nil && d.NameZH != "" {
		info.Title = d.NameZH
	}
	return info, nil
}
