package land

import (
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/pingshan/govchain/internal/module/workflow"
)

// ProcessID is the workflow definition id of land-use approval.
const ProcessID = "land-use"

// Step ids of the land process that the land module acts on itself.
const (
	StepIssue   = "issue"
	StepLandFee = "land_fee"
)

// processJSON is the land-use approval process as data: the steps, their
// departments, roles, time limits and the area condition. The chain starts
// with this one as version 1; it involves several departments, so a new
// version takes a passed governance proposal of type "process". The
// notice's length for land cases is land.objection_limit (params.go).
//
//go:embed process.json
var processJSON []byte

// Process returns the land-use definition shipped with this build.
func Process() (*workflow.Definition, error) {
	var d workflow.Definition
	if err := json.Unmarshal(processJSON, &d); err != nil {
		return nil, fmt.Errorf("land process.json: %w", err)
	}
	return &d, nil
}

// WorkflowGenesis is app_state.modules["workflow"] publishing the land
// process at genesis (dev and testnet chains).
func WorkflowGenesis() (json.RawMessage, error) {
	d, err := Process()
	if err != nil {
		return nil, err
	}
	return json.Marshal(workflow.Genesis{Definitions: []workflow.Definition{*d}})
}
