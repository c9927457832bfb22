package node

import (
	"context"
	"fmt"
	"os"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
)

// ExitUpgradeNeeded is the exit code of a node that stopped at a software
// upgrade its binary does not know: a supervisor can tell it from a crash
// (3: consensus failure) and swap the binary.
const ExitUpgradeNeeded = 4

// upgradeStop exits the process when the app refuses a block for an
// unknown upgrade. CometBFT would otherwise panic with a stack trace
// (block sync) or log a consensus failure: the operator needs one line
// that names the upgrade and says what to do.
type upgradeStop struct {
	abci.Application
	n *Node
}

func (n *Node) stopForUpgrade(a abci.Application) abci.Application {
	return upgradeStop{Application: a, n: n}
}

func (u upgradeStop) FinalizeBlock(ctx context.Context, req *abci.FinalizeBlockRequest) (*abci.FinalizeBlockResponse, error) {
	res, err := u.Application.FinalizeBlock(ctx, req)
	if up, ok := app.AsUpgradeNeeded(err); ok {
		fmt.Fprintf(os.Stderr, "STOPPED FOR UPGRADE %q at height %d: %v\n"+
			"Nothing of block %d was executed; the state on disk is block %d. Start the new binary on this home: it runs the upgrade's migration and continues.\n",
			up.Name, up.Height, up, req.Height, req.Height-1)
		u.n.log.Error("stopped for upgrade", "upgrade", up.Name, "height", up.Height, "proposal", up.Proposal)
		os.Exit(ExitUpgradeNeeded)
	}
	return res, err
}
