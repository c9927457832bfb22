//go:build tools

package deps

import (
	_ "github.com/chromedp/chromedp"
	_ "github.com/cometbft/cometbft/abci/example/kvstore"
	_ "github.com/cometbft/cometbft/light"
	_ "github.com/cometbft/cometbft/node"
	_ "github.com/cosmos/iavl"
	_ "github.com/emmansun/gmsm/sm2"
	_ "github.com/fxamacker/cbor/v2"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/spf13/cobra"
	_ "golang.org/x/crypto/argon2"
	_ "modernc.org/sqlite"
)
