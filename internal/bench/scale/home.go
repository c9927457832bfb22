// Package scale bulk-loads a one-validator chain through real signed
// transactions (`govchain bench load`) and drives its public read paths
// with concurrent clients (`govchain bench read`). The home is kept, so a
// load can be resumed and read many times. See docs/benchmarks.md.
package scale

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
)

// ChainID is the chain id of a scale home.
const ChainID = "govchain-scale"

// createHome lays out a dev-like home (demo departments and staff, the land
// process, `accounts` extra clerk accounts) and builds the dev seed, which
// becomes the chain's first blocks: the loaded chain looks like a dev chain
// that has run for years.
func createHome(h node.Home, suite string, accounts int, timeoutCommit time.Duration, txIndex string) (*demo.Plan, error) {
	wf, err := land.WorkflowGenesis()
	if err != nil {
		return nil, err
	}
	// Ports are chosen free at start (see freePorts); these are placeholders.
	_, err = network.Generate(network.Options{ChainID: ChainID, Suite: suite, Validators: 1, OutDir: string(h), Demo: true,
		Single: true, HTTPAddr: "127.0.0.1:0", BasePort: 36656, TimeoutCommit: timeoutCommit, TxIndex: txIndex,
		ClientAccounts: accounts, GenesisTime: time.Now().Add(-demo.History),
		Modules: map[string]json.RawMessage{"workflow": wf}})
	if err != nil {
		return nil, fmt.Errorf("create scale home: %w", err)
	}
	if _, err := demo.WriteSharingSources(string(h)); err != nil {
		return nil, err
	}
	plan, err := demo.Build(h)
	if err != nil {
		return nil, fmt.Errorf("demo seed: %w", err)
	}
	return plan, nil
}

// clientKeyring is where Generate put the extra clerk accounts' keys.
func clientKeyring(h node.Home) string { return filepath.Join(string(h), "clients") }

// progressFile is HOME/bench-load.json: the counters of every wave that
// fully committed, so a load resumes where it stopped.
func progressFile(h node.Home) string { return filepath.Join(string(h), "bench-load.json") }

// casesFile is HOME/bench-cases.txt: one "number code" line per loaded
// case, for `bench read` to look cases up with their access codes.
func casesFile(h node.Home) string { return filepath.Join(string(h), "bench-cases.txt") }

func readProgress(h node.Home) (*Counts, error) {
	b, err := os.ReadFile(progressFile(h))
	if os.IsNotExist(err) {
		return &Counts{}, nil
	}
	if err != nil {
		return nil, err
	}
	var c Counts
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("%s: %w", progressFile(h), err)
	}
	return &c, nil
}

func writeProgress(h node.Home, c *Counts) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(progressFile(h), append(b, '\n'), 0o600)
}
