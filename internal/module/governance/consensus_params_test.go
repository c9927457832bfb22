package governance_test

import (
	"encoding/json"
	"testing"

	"github.com/pingshan/govchain/internal/module/governance"
)

// TestConsensusParamBounds: the block and evidence parameters at the edges
// of their ranges; every accepted combination is one CometBFT accepts
// (evidence at most 256 KiB, blocks at least 256 KiB).
func TestConsensusParamBounds(t *testing.T) {
	reg := governance.New(nil).Registry()
	for _, tc := range []struct {
		name, param, value string
		ok                 bool
	}{
		{"block at the floor", governance.ParamConsensusBlock, `{"max_bytes":262144,"max_gas":-1}`, true},
		{"block below the floor", governance.ParamConsensusBlock, `{"max_bytes":262143,"max_gas":-1}`, false},
		{"block at CometBFT's ceiling", governance.ParamConsensusBlock, `{"max_bytes":104857600,"max_gas":1}`, true},
		{"block above it", governance.ParamConsensusBlock, `{"max_bytes":104857601,"max_gas":1}`, false},
		{"block -1 (unlimited) refused", governance.ParamConsensusBlock, `{"max_bytes":-1,"max_gas":1}`, false},
		{"gas 0", governance.ParamConsensusBlock, `{"max_bytes":1048576,"max_gas":0}`, false},
		{"gas -2", governance.ParamConsensusBlock, `{"max_bytes":1048576,"max_gas":-2}`, false},
		{"field missing", governance.ParamConsensusBlock, `{"max_bytes":1048576}`, false},
		{"unknown field", governance.ParamConsensusBlock, `{"max_bytes":1048576,"max_gas":1,"x":1}`, false},
		{"fraction", governance.ParamConsensusBlock, `{"max_bytes":1048576.5,"max_gas":1}`, false},
		{"evidence at the edges", governance.ParamConsensusEvidence, `{"max_age_num_blocks":1,"max_age_duration_s":60,"max_bytes":262144}`, true},
		{"evidence bytes above a minimal block", governance.ParamConsensusEvidence, `{"max_age_num_blocks":1,"max_age_duration_s":60,"max_bytes":262145}`, false},
		{"evidence age 0 blocks", governance.ParamConsensusEvidence, `{"max_age_num_blocks":0,"max_age_duration_s":60,"max_bytes":0}`, false},
		{"evidence 59 s", governance.ParamConsensusEvidence, `{"max_age_num_blocks":1,"max_age_duration_s":59,"max_bytes":0}`, false},
		{"evidence negative bytes", governance.ParamConsensusEvidence, `{"max_age_num_blocks":1,"max_age_duration_s":60,"max_bytes":-1}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := reg.Lookup(tc.param)
			if err != nil {
				t.Fatal(err)
			}
			_, err = p.Check(json.RawMessage(tc.value))
			if (err == nil) != tc.ok {
				t.Fatalf("%s = %s: got %v, want ok=%v", tc.param, tc.value, err, tc.ok)
			}
		})
	}
}
