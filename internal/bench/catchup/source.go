package catchup

import (
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	cfg "github.com/cometbft/cometbft/config"
	cmtcrypto "github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/privval"
	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/bench/scale"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/snapshot"
)

// source is the loaded home's node, run in this process on free loopback
// ports chosen at start. Its config files are not rewritten.
type source struct {
	n      *node.Node
	p2p    string // host:port
	rpc    string // http://host:port
	nodeID string
	snaps  *snapshot.Manager
}

// freeAddr is a free loopback address (the machine is shared, so ports
// are chosen at every start).
func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// startSource opens and starts a `bench load` home's node. It refuses any
// other home: only a bench home is run by a benchmark. The node runs with
// a consensus key of its own (in tmp), not the home's validator key: it
// serves blocks, snapshots and RPC as a full node, and the one-validator
// chain does not move while it is measured (a running validator adds an
// empty block every timeout_commit, which the joiner would have to replay
// too, and which would change the home). The snapshots it serves are
// written into tmp by the bench (see Run), not into the home.
func startSource(home, tmp string, lg *slog.Logger) (*source, error) {
	h := node.Home(home)
	if !h.Exists() {
		return nil, fmt.Errorf("%s is not a loaded home: run `govchain bench load` first", h)
	}
	gen, err := types.GenesisDocFromFile(h.GenesisFile())
	if err != nil {
		return nil, err
	}
	if gen.ChainID != scale.ChainID {
		return nil, fmt.Errorf("%s is a home of chain %q, not a bench home (chain %q): refusing to run it", h, gen.ChainID, scale.ChainID)
	}
	p2p, err1 := freeAddr()
	rpc, err2 := freeAddr()
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("no free port: %v %v", err1, err2)
	}
	pvKey, pvState := filepath.Join(tmp, "source_pv_key.json"), filepath.Join(tmp, "source_pv_state.json")
	pv, err := privval.GenFilePV(pvKey, pvState, func() (cmtcrypto.PrivKey, error) { return ed25519.GenPrivKey(), nil })
	if err != nil {
		return nil, err
	}
	pv.Save()
	n, err := node.Open(h, node.Options{Logger: lg, Comet: func(c *cfg.Config) {
		c.PrivValidatorKey, c.PrivValidatorState = pvKey, pvState
		c.P2P.ListenAddress, c.RPC.ListenAddress = "tcp://"+p2p, "tcp://"+rpc
		c.P2P.AddrBookStrict, c.P2P.AllowDuplicateIP = false, true
		c.RPC.PprofListenAddress = ""
	}})
	if err != nil {
		return nil, err
	}
	// The bench's own snapshot manager: it takes no snapshot by itself and
	// serves the one takeSnapshot writes, leaving HOME/data/snapshots alone.
	m, err := snapshot.NewManager(n.Store, snapshot.Config{Dir: filepath.Join(tmp, "source-snapshots"), Logger: lg})
	if err != nil {
		n.Stop()
		return nil, err
	}
	n.App.SetSnapshots(m)
	if err := n.Start(); err != nil {
		n.Stop()
		return nil, err
	}
	return &source{n: n, p2p: p2p, rpc: "http://" + rpc, nodeID: string(n.CometNode().NodeInfo().ID()), snaps: m}, nil
}

func (s *source) stop() error {
	err := s.n.Stop()
	s.snaps.Close()
	return err
}

// height is the source's last block height.
func (s *source) height() int64 { return s.n.CometNode().BlockStore().Height() }

// txs counts the txs of blocks from+1 … to in the source's block store.
func (s *source) txs(from, to int64) (int64, error) {
	bs := s.n.CometNode().BlockStore()
	var sum int64
	for h := max(from+1, bs.Base()); h <= to; h++ {
		m := bs.LoadBlockMeta(h)
		if m == nil {
			return 0, fmt.Errorf("source block %d missing", h)
		}
		sum += int64(m.NumTxs)
	}
	return sum, nil
}

// blockHash is the hash of block h (the joiner's light-client trust root).
func (s *source) blockHash(h int64) (string, error) {
	m := s.n.CometNode().BlockStore().LoadBlockMeta(h)
	if m == nil {
		return "", fmt.Errorf("source block %d missing", h)
	}
	return m.BlockID.Hash.String(), nil
}

// snapshotHeight is where a joiner's state sync starts: want if > 0, else
// the newest snapshot the home itself holds (what it would serve), else
// the height by which half the chain's txs were committed, so both phases
// of a state-synced join carry txs.
func (s *source) snapshotHeight(home string, tip, want int64) (int64, error) {
	// State sync's light client reads the headers of the two blocks after
	// the snapshot (its app hash, the next validators).
	if want > 0 {
		return max(min(want, tip-2), 1), nil
	}
	if hs := homeSnapshots(node.Home(home).SnapshotDir()); len(hs) > 0 && hs[len(hs)-1] <= tip-2 {
		return hs[len(hs)-1], nil
	}
	total, err := s.txs(0, tip)
	if err != nil {
		return 0, err
	}
	bs := s.n.CometNode().BlockStore()
	var sum int64
	for h := int64(1); h < tip-2; h++ {
		if m := bs.LoadBlockMeta(h); m != nil {
			sum += int64(m.NumTxs)
		}
		if 2*sum >= total {
			return h, nil
		}
	}
	return max(tip/2, 1), nil
}

// homeSnapshots lists the heights of the complete snapshots in dir, read
// only (snapshot.NewManager would clean the directory up).
func homeSnapshots(dir string) []int64 {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []int64
	for _, e := range ents {
		h, err := strconv.ParseInt(e.Name(), 10, 64)
		if err != nil || h <= 0 {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, e.Name(), "manifest.json")); err == nil {
			out = append(out, h)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
