package workflow_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestObjectionOutcomeValidate: an answer must say upheld or dismissed,
// spelled exactly; anything else is ErrObjectionOutcome with a message
// naming the field.
func TestObjectionOutcomeValidate(t *testing.T) {
	for _, tc := range []struct {
		name, outcome string
		ok            bool
	}{
		{"upheld", workflow.ObjectionUpheld, true},
		{"dismissed", workflow.ObjectionDismissed, true},
		{"missing", "", false},
		{"unknown", "partly", false},
		{"wrong case", "Upheld", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := workflow.AnswerObjectionRequest{Case: "LAND-2026-000001", Objection: 1, Outcome: tc.outcome, Answer: "答复"}
			err := p.Validate()
			if tc.ok {
				if err != nil {
					t.Fatalf("got %v, want accepted", err)
				}
				return
			}
			if !errors.Is(err, workflow.ErrObjectionOutcome) || !strings.Contains(err.Error(), "outcome") {
				t.Fatalf("got %v, want ErrObjectionOutcome naming the outcome field", err)
			}
		})
	}
}
