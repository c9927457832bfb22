package network

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	cfg "github.com/cometbft/cometbft/config"
	cmtcrypto "github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/types"
	cmttime "github.com/cometbft/cometbft/types/time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/participant"
)

// Options describe a network to lay out.
type Options struct {
	ChainID string
	Suite   string
	// Validators is the number of nodes; node i is the validator of
	// department i.
	Validators int
	// OutDir receives node0, node1, …; with Single it is the home itself.
	OutDir string
	Single bool
	// BasePort: node i uses p2p BasePort+10i, CometBFT RPC +1, HTTP API +2.
	BasePort int
	// HTTPAddr overrides node 0's API address (dev).
	HTTPAddr string
	// Accounts to create; nil means DemoAccounts. Their keys go into the
	// keyring of their department's node; a department without a node gets
	// its own key bundle, OutDir/keys/<department> (see keyPlacement).
	Accounts []Account
	// ClientAccounts adds n "client-NNN" clerk accounts spread over the
	// validator departments, with demo keys in OutDir/clients (benchmarks,
	// tests); only with Demo.
	ClientAccounts int
	// TimeoutCommit is CometBFT's pause after a commit (default 1s).
	TimeoutCommit time.Duration
	// TxIndex is CometBFT's tx indexer: "null" (default) or "kv". Off, a
	// tx is still found by either name (govchain's or CometBFT's SHA-256)
	// in GET /api/v1/txs/{hash} through the SQLite index, and `govchain
	// light --api` proves it without it; "kv" serves CometBFT's own /tx
	// and /tx_search, for ~1.4 KB more per tx (docs/benchmarks.md, "Disk
	// per tx, fourth pass").
	TxIndex string
	// KeepABCIResponses keeps every block's FinalizeBlock response in
	// CometBFT's state store (storage.discard_abci_responses = false), for
	// RPC clients of /block_results such as `govchain bench`. By default
	// only the last block's is kept (CometBFT's crash recovery needs it):
	// every block's results are committed by the next header's
	// last_results_hash, which `govchain audit` checks by re-execution, and
	// the app's tx records carry each tx's code (docs/benchmarks.md: 341 B
	// per tx encoded, ~104 B on disk).
	KeepABCIResponses bool
	// BlockMaxBytes is the genesis consensus parameter block.max_bytes
	// (default DefaultBlockMaxBytes).
	BlockMaxBytes int64
	// Departments overrides the demo departments.
	Departments []Department
	// Passphrase encrypts every key Generate writes (staff and data keys).
	// Exactly one of Passphrase and Demo must be given.
	Passphrase string
	// Demo writes unencrypted demo keys and marks every home a demo home,
	// which `govchain start` warns about on every start (dev chains,
	// tests, benchmarks).
	Demo bool
	// GenesisTime is block 1's time (default now). The dev chain starts in
	// the past so its seeded cases have a history.
	GenesisTime time.Time
	// Modules is app_state.modules (e.g. the land process for workflow).
	Modules map[string]json.RawMessage
}

// DefaultBlockMaxBytes caps a block at 1 MiB (about 4,000 signed txs of
// 250 bytes). CometBFT's 4 MiB default lets a backlog go into one huge
// block that every node then executes while nothing else moves; smaller
// blocks keep ingestion and execution overlapping (docs/benchmarks.md).
const DefaultBlockMaxBytes = 1 << 20

// PeerGossipSleep is the consensus gossip idle sleep written to every node's
// config.toml (CometBFT's default is 100 ms).
const PeerGossipSleep = 10 * time.Millisecond

// NodeInfo describes one generated node; `testnet --json` prints these.
type NodeInfo struct {
	Home       string `json:"home"`
	API        string `json:"api"`
	RPC        string `json:"rpc"`
	P2P        string `json:"p2p"`
	Department string `json:"department"`
	NodeID     string `json:"node_id"`
}

// Generate writes the homes and returns where each node listens.
func Generate(o Options) ([]NodeInfo, error) {
	if o.Validators < 1 {
		return nil, fmt.Errorf("need at least one validator, got %d", o.Validators)
	}
	if o.Single && o.Validators != 1 {
		return nil, fmt.Errorf("a single home holds one validator")
	}
	if o.Demo == (o.Passphrase != "") {
		return nil, fmt.Errorf("keys need a passphrase, or Demo for unencrypted demo keys (and not both)")
	}
	if o.ClientAccounts > 0 && !o.Demo {
		return nil, fmt.Errorf("client accounts are demo keys for tests and benchmarks: only with Demo")
	}
	suite, err := cryptosuite.ByName(o.Suite)
	if err != nil {
		return nil, err
	}
	if o.BasePort == 0 {
		o.BasePort = 26656
	}
	if o.TimeoutCommit == 0 {
		o.TimeoutCommit = time.Second
	}
	if o.TxIndex == "" {
		o.TxIndex = "null"
	}
	if o.BlockMaxBytes == 0 {
		o.BlockMaxBytes = DefaultBlockMaxBytes
	}
	if o.Accounts == nil {
		o.Accounts = DemoAccounts()
	}
	depts := o.Departments
	if len(depts) < o.Validators {
		depts = departmentsFor(o.Validators)
	}

	type nodeSetup struct {
		info NodeInfo
		home node.Home
		conf *cfg.Config
		pv   *privval.FilePV
	}
	nodes := make([]*nodeSetup, o.Validators)
	for i := range nodes {
		dir := filepath.Join(o.OutDir, fmt.Sprintf("node%d", i))
		if o.Single {
			dir = o.OutDir
		}
		h := node.Home(dir)
		if h.Exists() {
			return nil, fmt.Errorf("%s already holds a node; remove it or choose another directory", dir)
		}
		for _, sub := range []string{"config", "data", "keyring"} {
			if err := os.MkdirAll(filepath.Join(dir, sub), 0o700); err != nil {
				return nil, err
			}
		}
		p2pPort, rpcPort, apiPort := o.BasePort+10*i, o.BasePort+10*i+1, o.BasePort+10*i+2
		conf := cfg.DefaultConfig()
		conf.SetRoot(dir)
		conf.Moniker = depts[i].ID
		conf.P2P.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", p2pPort)
		conf.RPC.ListenAddress = fmt.Sprintf("tcp://127.0.0.1:%d", rpcPort)
		conf.P2P.AddrBookStrict = false // peers on one host or a private network
		conf.P2P.AllowDuplicateIP = true
		conf.Consensus.TimeoutCommit = o.TimeoutCommit
		// A gossip routine with nothing to send sleeps this long before
		// looking again; at CometBFT's 100 ms each vote step of a block
		// could wait that long. Department nodes sit on one city network.
		conf.Consensus.PeerGossipSleepDuration = PeerGossipSleep
		conf.Mempool.Size = 50_000
		conf.Mempool.CacheSize = 100_000
		conf.TxIndex.Indexer = o.TxIndex
		conf.Storage.DiscardABCIResponses = !o.KeepABCIResponses
		conf.Instrumentation.Prometheus = false
		nk, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile())
		if err != nil {
			return nil, err
		}
		pv, err := privval.GenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile(), func() (cmtcrypto.PrivKey, error) { return ed25519.GenPrivKey(), nil })
		if err != nil {
			return nil, err
		}
		pv.Save()
		api := fmt.Sprintf("127.0.0.1:%d", apiPort)
		if i == 0 && o.HTTPAddr != "" {
			api = o.HTTPAddr
		}
		nodes[i] = &nodeSetup{home: h, conf: conf, pv: pv, info: NodeInfo{
			Home: dir, API: "http://" + api, RPC: fmt.Sprintf("http://127.0.0.1:%d", rpcPort),
			P2P: fmt.Sprintf("127.0.0.1:%d", p2pPort), Department: depts[i].ID, NodeID: string(nk.ID())}}
	}

	homes := make([]node.Home, len(nodes))
	for i, n := range nodes {
		homes[i] = n.home
	}
	place := newKeyPlacement(o, suite, depts, homes)

	// Identity genesis: every department, with its node's validator key.
	var ig identity.Genesis
	var vals []types.GenesisValidator
	for i, d := range depts {
		dep := identity.Department{ID: d.ID, NameZH: d.NameZH, NameEN: d.NameEN}
		// The department's data key, for personal data wrapped to it.
		dinfo, err := place.create(d.ID, DataKeyName(d.ID))
		if err != nil {
			return nil, fmt.Errorf("data key of %s: %w", d.ID, err)
		}
		if dep.EncryptionKey, err = hex.DecodeString(dinfo.PublicKey); err != nil {
			return nil, err
		}
		if i < len(nodes) {
			pub, _ := nodes[i].pv.GetPubKey()
			dep.ValidatorPubKey = pub.Bytes()
			vals = append(vals, types.GenesisValidator{Address: pub.Address(), PubKey: pub, Power: 10, Name: d.ID})
		}
		ig.Departments = append(ig.Departments, dep)
	}
	// One participant-hash key for the whole city, beside every gateway
	// account's key (docs/evaluation.md): never on chain.
	pkey, err := participant.NewKey()
	if err != nil {
		return nil, err
	}
	for _, acc := range o.Accounts {
		info, err := place.create(acc.Department, acc.Name)
		if err != nil {
			return nil, fmt.Errorf("key for %s: %w", acc.Name, err)
		}
		if slices.Contains(acc.Roles, module.RoleGateway) {
			if err := place.participantKey(acc.Department, pkey); err != nil {
				return nil, err
			}
		}
		ig.Accounts = append(ig.Accounts, identity.GenesisAccount{Name: acc.Name, PublicKey: info.PublicKey, Department: acc.Department, Roles: acc.Roles})
	}
	if o.Single { // init and dev: the one home is where a gateway will run
		if err := place.participantKey(depts[0].ID, pkey); err != nil {
			return nil, err
		}
	}
	if o.ClientAccounts > 0 {
		kr, err := keyring.Open(filepath.Join(o.OutDir, "clients"), suite)
		if err != nil {
			return nil, err
		}
		for i := 0; i < o.ClientAccounts; i++ {
			name := fmt.Sprintf("client-%03d", i)
			info, _, err := kr.CreateDemo(name)
			if err != nil {
				return nil, err
			}
			ig.Accounts = append(ig.Accounts, identity.GenesisAccount{Name: name, PublicKey: info.PublicKey,
				Department: depts[i%len(nodes)].ID, Roles: []string{module.RoleClerk}})
		}
	}
	state, err := json.Marshal(app.AppState{Suite: o.Suite, Identity: ig, Modules: o.Modules})
	if err != nil {
		return nil, err
	}
	genTime := cmttime.Now()
	if !o.GenesisTime.IsZero() {
		genTime = o.GenesisTime.UTC()
	}
	params := types.DefaultConsensusParams()
	params.Block.MaxBytes = o.BlockMaxBytes
	if params.Evidence.MaxBytes > o.BlockMaxBytes/4 {
		params.Evidence.MaxBytes = o.BlockMaxBytes / 4 // must fit in a block
	}
	gen := &types.GenesisDoc{ChainID: o.ChainID, GenesisTime: genTime, ConsensusParams: params,
		Validators: vals, AppState: state}
	if err := gen.ValidateAndComplete(); err != nil {
		return nil, err
	}

	out := make([]NodeInfo, len(nodes))
	for i, n := range nodes {
		var peers []string
		for j, m := range nodes {
			if j != i {
				peers = append(peers, m.info.NodeID+"@"+m.info.P2P)
			}
		}
		n.conf.P2P.PersistentPeers = strings.Join(peers, ",")
		cfg.WriteConfigFile(n.home.ConfigFile(), n.conf)
		if err := gen.SaveAs(n.home.GenesisFile()); err != nil {
			return nil, err
		}
		if err := node.WriteAppConfig(n.home, &node.AppConfig{HTTPAddr: strings.TrimPrefix(n.info.API, "http://"), Department: n.info.Department, Demo: o.Demo}); err != nil {
			return nil, err
		}
		out[i] = n.info
	}
	if err := place.writeNotes(); err != nil {
		return nil, err
	}
	return out, nil
}

// DataKeyName is the keyring name of a department's data (encryption) key.
func DataKeyName(dept string) string { return dept + "-data" }

// PublicKeyHex is a helper for callers building genesis accounts by hand.
func PublicKeyHex(pub cryptosuite.PublicKey) string { return hex.EncodeToString(pub.Bytes()) }
