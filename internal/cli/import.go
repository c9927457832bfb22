package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtcrypto "github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"

	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/store"
)

func newImportCmd() *cobra.Command {
	var verifyOnly bool
	var j joinOptions
	cmd := &cobra.Command{
		Use:   "import FILE --home DIR | import --statesync --genesis FILE --peers … --rpc-servers URL,URL --home DIR",
		Short: "Restore a backup made by 'govchain export', or set up a new node that joins by state sync",
		Long: `import checks the backup — blocks H and H+1 signed by more than 2/3 of the
genesis validators or, after governance changed them, of the validators the
backup's validator-set transitions hand trust on to from the genesis (the
checks of a proof bundle's), every field of CometBFT's state committed to by them, the
state re-hashed to the signed app hash, the digest over the whole file — then
writes the state, bootstraps CometBFT at height H (as offline state sync does),
restores the access log and rebuilds the query index.

DIR must hold the node's config (config.toml, genesis.json identical to the
backup's, node_key.json, priv_validator_key.json) and no blocks or state.
Start the node afterwards: it block-syncs from H+1 from its peers (a chain's
only validator simply continues). With --verify-only nothing is written.

With --statesync, import writes a new (non-validator) node home instead that
fetches its state from the network when it first starts: CometBFT state sync
from the ABCI snapshots the other nodes take (snapshots.interval in their
govchain.json), verified by a light client against a trusted height and hash,
then block sync. The trusted hash is read from the first RPC server and
must match the second; compare it with another department out of band.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if j.statesync {
				if len(args) > 0 {
					return fmt.Errorf("--statesync takes no backup file")
				}
				return runJoin(node.Home(homeFlag(cmd)), j)
			}
			if len(args) != 1 {
				return fmt.Errorf("import needs a backup FILE (or --statesync)")
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			start := time.Now()
			if verifyOnly {
				man, err := snapshot.VerifyBackup(f)
				if err != nil {
					return err
				}
				fmt.Printf("%s verifies: chain %s height %d app hash %s (%d state nodes, %d access log bytes)%s\n",
					args[0], man.ChainID, man.Height, man.AppHash, man.Nodes, man.AccessLogBytes, validatorChanges(man))
				return nil
			}
			h := node.Home(homeFlag(cmd))
			if !h.Exists() {
				return fmt.Errorf("%s has no config/genesis.json: copy the node's config directory (with the chain's genesis.json) there first", h)
			}
			conf, err := node.LoadCometConfig(h)
			if err != nil {
				return err
			}
			raw, err := os.ReadFile(h.GenesisFile())
			if err != nil {
				return err
			}
			gen, err := types.GenesisDocFromJSON(raw)
			if err != nil {
				return fmt.Errorf("genesis: %w", err)
			}
			if err := os.MkdirAll(conf.DBDir(), 0o700); err != nil {
				return err
			}
			man, err := snapshot.Import(f, snapshot.ImportTarget{Comet: conf, Genesis: gen, GenesisRaw: raw,
				StateDir: h.StateDir(), AccessLog: h.AccessLogPath(), Transitions: h.ValidatorTransitionsFile()})
			if err != nil {
				return err
			}
			// The query index follows the restored state, not whatever
			// the home held before.
			st, err := store.Open(h.StateDir())
			if err != nil {
				return err
			}
			defer st.Close()
			ix, err := node.OpenIndex(h)
			if err != nil {
				return err
			}
			defer ix.Close()
			if closeBlocks, err := node.UseBlockStore(h, ix); err != nil {
				fmt.Fprintf(os.Stderr, "warning: no block store (%v): feedback text is indexed blank\n", err)
			} else {
				defer closeBlocks()
			}
			if err := ix.Rebuild(context.Background(), st, progressBar("index")); err != nil {
				return fmt.Errorf("rebuild index: %w", err)
			}
			fmt.Printf("restored %s into %s: chain %s height %d app hash %s (%s)%s\nstart the node; it continues from block %d\n",
				args[0], h, man.ChainID, man.Height, man.AppHash, time.Since(start).Round(time.Millisecond), validatorChanges(man), man.Height+1)
			return nil
		},
	}
	cmd.Flags().BoolVar(&verifyOnly, "verify-only", false, "only check the backup file")
	cmd.Flags().BoolVar(&j.statesync, "statesync", false, "set up a new node home that joins by state sync")
	cmd.Flags().StringVar(&j.genesis, "genesis", "", "with --statesync: the chain's genesis.json")
	cmd.Flags().StringVar(&j.peers, "peers", "", "with --statesync: persistent peers, ID@HOST:PORT,…")
	cmd.Flags().StringVar(&j.rpcServers, "rpc-servers", "", "with --statesync: two or more CometBFT RPC URLs of existing nodes")
	cmd.Flags().Int64Var(&j.trustHeight, "trust-height", 0, "with --statesync: trusted height (default: the newest)")
	cmd.Flags().StringVar(&j.trustHash, "trust-hash", "", "with --statesync: block hash at the trusted height (default: read and cross-checked)")
	cmd.Flags().StringVar(&j.department, "department", "", "with --statesync: this node's department")
	cmd.Flags().StringVar(&j.host, "host", "127.0.0.1", "with --statesync: address to listen on for p2p")
	cmd.Flags().IntVar(&j.basePort, "base-port", 26656, "with --statesync: p2p port; CometBFT RPC +1 (on 127.0.0.1)")
	cmd.Flags().StringVar(&j.httpAddr, "http", "127.0.0.1:8080", "with --statesync: HTTP API address")
	return cmd
}

type joinOptions struct {
	statesync                                         bool
	genesis, peers, rpcServers, trustHash, department string
	host, httpAddr                                    string
	trustHeight                                       int64
	basePort                                          int
}

// runJoin writes a node home that starts by state sync.
func runJoin(h node.Home, j joinOptions) error {
	if h.Exists() {
		return fmt.Errorf("%s already holds a node home", h)
	}
	if j.genesis == "" || j.peers == "" || j.rpcServers == "" || j.department == "" {
		return fmt.Errorf("--statesync needs --genesis, --peers, --rpc-servers and --department")
	}
	raw, err := os.ReadFile(j.genesis)
	if err != nil {
		return err
	}
	gen, err := types.GenesisDocFromJSON(raw)
	if err != nil {
		return fmt.Errorf("genesis: %w", err)
	}
	servers := strings.Split(j.rpcServers, ",")
	if len(servers) < 2 {
		return fmt.Errorf("--rpc-servers needs two servers (they may be the same URL twice, at your risk)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if j.trustHash == "" {
		var hashes []string
		for i, srv := range servers[:2] {
			c, err := rpchttp.New(srv)
			if err != nil {
				return fmt.Errorf("rpc server %s: %w", srv, err)
			}
			if i == 0 && j.trustHeight == 0 {
				st, err := c.Status(ctx)
				if err != nil {
					return fmt.Errorf("rpc server %s: %w", srv, err)
				}
				if st.NodeInfo.Network != gen.ChainID {
					return fmt.Errorf("rpc server %s serves chain %q, the genesis is %q", srv, st.NodeInfo.Network, gen.ChainID)
				}
				j.trustHeight = st.SyncInfo.LatestBlockHeight
			}
			cm, err := c.Commit(ctx, &j.trustHeight)
			if err != nil {
				return fmt.Errorf("rpc server %s: block %d: %w", srv, j.trustHeight, err)
			}
			hashes = append(hashes, cm.SignedHeader.Commit.BlockID.Hash.String())
		}
		if hashes[0] != hashes[1] {
			return fmt.Errorf("the RPC servers disagree on block %d (%s vs %s): do not trust them", j.trustHeight, hashes[0], hashes[1])
		}
		j.trustHash = hashes[0]
	}
	if j.trustHeight <= 0 {
		return fmt.Errorf("--trust-height is required with --trust-hash")
	}
	dir := string(h)
	for _, sub := range []string{"config", "data", "keyring"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
			return err
		}
	}
	conf := cmtcfg.DefaultConfig()
	conf.SetRoot(dir)
	conf.Moniker = j.department + "-" + filepath.Base(dir)
	conf.P2P.ListenAddress = fmt.Sprintf("tcp://%s:%d", j.host, j.basePort)
	conf.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", j.basePort+1)
	conf.P2P.PersistentPeers = j.peers
	conf.P2P.AddrBookStrict = j.host != "127.0.0.1"
	conf.P2P.AllowDuplicateIP = j.host == "127.0.0.1"
	conf.Instrumentation.Prometheus = false
	// As network.Generate writes every home: no CometBFT tx index (the
	// SQLite index finds a tx by either hash; `govchain light --api`
	// proves it) and only the newest block's results (nothing of
	// govchain's reads the older ones).
	conf.TxIndex.Indexer = "null"
	conf.Storage.DiscardABCIResponses = true
	conf.StateSync.Enable = true
	conf.StateSync.RPCServers = servers
	conf.StateSync.TrustHeight = j.trustHeight
	conf.StateSync.TrustHash = j.trustHash
	conf.StateSync.DiscoveryTime = 5 * time.Second
	if err := conf.ValidateBasic(); err != nil {
		return err
	}
	nk, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile())
	if err != nil {
		return err
	}
	// Its own consensus key; it is not in the validator set.
	pv, err := privval.GenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile(), func() (cmtcrypto.PrivKey, error) { return ed25519.GenPrivKey(), nil })
	if err != nil {
		return err
	}
	pv.Save()
	cmtcfg.WriteConfigFile(h.ConfigFile(), conf)
	if err := os.WriteFile(h.GenesisFile(), raw, 0o600); err != nil {
		return err
	}
	if err := node.WriteAppConfig(h, &node.AppConfig{HTTPAddr: j.httpAddr, Department: j.department}); err != nil {
		return err
	}
	fmt.Printf("wrote %s (node id %s): starts by state sync from block %d (hash %s)\nstart it with: govchain start --home %s\n",
		h, nk.ID(), j.trustHeight, j.trustHash, h)
	return nil
}
