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
// departments, roles, time limits and the area condition. Departments
// change it by publishing a new version (workflow.publish_definition); the
// chain starts with this one.
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
