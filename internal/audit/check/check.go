// Package check is `govchain audit`: it re-verifies everything a stopped
// node stores — blocks and their links, every commit's signatures against
// the validator set of its height, the results hashes, a replay of every
// block into a fresh in-memory state compared with the app hashes in the
// headers and the node's own Merkle store, the SQLite index against a
// rebuild, and the access log against its on-chain anchors — and reports
// each difference with the height and what differs.
package check

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cometbft/cometbft/types"
	"github.com/cosmos/gogoproto/proto"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/upgrade"
)

// ErrNodeRunning: the audit needs the node stopped (its databases are locked).
var ErrNodeRunning = snapshot.ErrNodeRunning

// Options tune an audit.
type Options struct {
	// Deep re-hashes every state version from its nodes, not only the newest.
	Deep bool
	// Progress hears about each stage ("blocks", "state", "index").
	Progress func(stage string, done, total int64)
}

// Finding is one thing that does not verify.
type Finding struct {
	Check  string `json:"check"` // file, block, commit, results, comet, tx-index, replay, state, index, access-log, snapshot
	File   string `json:"file"`  // the file (or database directory) it is about, relative to the home
	Height int64  `json:"height,omitempty"`
	What   string `json:"what"`
}

// Range is an inclusive height range.
type Range struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

// AccessLogReport summarises the access log check.
type AccessLogReport struct {
	Entries    uint64 `json:"entries"`
	Head       string `json:"head,omitempty"`
	Anchors    int    `json:"anchors"`
	Unanchored uint64 `json:"unanchored_entries"`
	// Digests is how many monthly digests (evaluation/publish_accesses)
	// the department published and were checked against the log.
	Digests int `json:"monthly_digests"`
}

// Report is the audit's result (printed as JSON with --json).
type Report struct {
	Home          string           `json:"home"`
	ChainID       string           `json:"chain_id"`
	Suite         string           `json:"suite"`
	Department    string           `json:"department"`
	Blocks        Range            `json:"blocks"`
	StateVersions Range            `json:"state_versions"`
	Replayed      Range            `json:"replayed"`
	Checked       map[string]int64 `json:"checked"`
	AccessLog     *AccessLogReport `json:"access_log,omitempty"`
	Files         []FileReport     `json:"files"`
	Notes         []string         `json:"notes,omitempty"`
	Findings      []Finding        `json:"findings"`
	OK            bool             `json:"ok"`
	Took          string           `json:"took"`
}

type checker struct {
	h       node.Home
	o       Options
	r       *Report
	chainID string
	gen     *types.GenesisDoc
	state   *app.AppState
	suite   cryptosuite.Suite
	st      *store.Store
	chain   *snapshot.StoreChain
	// From the byte-level scan, compared with the chain afterwards.
	privValKeyFile string
	pebbleOpts     []byte
	walEnd         []int64 // heights the consensus WAL marks finished
	signedHeight   int64   // priv_validator_state.json
	snaps          []*snapshot.Manifest
	txIndex        *txIndexCheck
	lastResults    []byte // results hash of the newest block replayed
	lastResultsAt  int64
	// discardResults: the state store keeps the newest block's FinalizeBlock
	// response only (storage.discard_abci_responses).
	discardResults bool
}

func (c *checker) find(check string, h int64, format string, a ...any) {
	c.r.Findings = append(c.r.Findings, Finding{Check: check, File: checkFiles[check], Height: h, What: fmt.Sprintf(format, a...)})
}

func (c *checker) note(format string, a ...any) {
	c.r.Notes = append(c.r.Notes, fmt.Sprintf(format, a...))
}

func (c *checker) count(k string, n int64) { c.r.Checked[k] += n }

func (c *checker) progress(stage string, done, total int64) {
	if c.o.Progress != nil {
		c.o.Progress(stage, done, total)
	}
}

// safely runs f, turning a panic (CometBFT's stores panic on undecodable
// records) into a finding.
func (c *checker) safely(check string, h int64, f func()) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			c.find(check, h, "unreadable: %v", p)
			ok = false
		}
	}()
	f()
	return true
}

// Run audits a stopped node's home.
func Run(h node.Home, o Options) (*Report, error) {
	start := time.Now()
	if !h.Exists() {
		return nil, fmt.Errorf("%s is not a govchain home", h)
	}
	conf, err := node.LoadCometConfig(h)
	if err != nil {
		return nil, err
	}
	acfg, err := node.LoadAppConfig(h)
	if err != nil {
		return nil, err
	}
	gen, err := types.GenesisDocFromFile(h.GenesisFile())
	if err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	ast, err := app.ParseAppState(gen.AppState)
	if err != nil {
		return nil, err
	}
	suite, err := cryptosuite.ByName(ast.Suite)
	if err != nil {
		return nil, err
	}
	c := &checker{h: h, o: o, chainID: gen.ChainID, gen: gen, state: ast, suite: suite, privValKeyFile: conf.PrivValidatorKeyFile(),
		r: &Report{Home: string(h), ChainID: gen.ChainID, Suite: ast.Suite, Department: acfg.Department, Checked: map[string]int64{}, Findings: []Finding{}}}
	defer func() {
		c.r.OK = len(c.r.Findings) == 0
		c.r.Took = time.Since(start).Round(time.Millisecond).String()
	}()
	// Every byte first, before anything opens a database.
	unlock, err := lockHome(h.StateDir())
	if err != nil {
		return nil, err
	}
	unlock()
	c.scanFiles(conf)

	if c.st, err = store.OpenReadOnly(h.StateDir()); err != nil {
		if snapshot.IsLocked(err) {
			return nil, fmt.Errorf("%w (%v)", ErrNodeRunning, err)
		}
		c.find("state", 0, "the Merkle store does not open: %v", err)
		return c.r, nil
	}
	defer c.st.Close()
	if c.chain, err = snapshot.OpenChainReadOnly(conf); err != nil {
		if snapshot.IsLocked(err) {
			return nil, err
		}
		c.find("block", 0, "CometBFT's block or state store does not open: %v", err)
		return c.r, nil
	}
	defer c.chain.Close()
	c.r.Blocks = Range{c.chain.Blocks.Base(), c.chain.Blocks.Height()}
	c.r.StateVersions = Range{c.st.Base(), c.st.Version()}
	c.txIndex = c.openTxIndex(conf)
	if c.discardResults = conf.Storage.DiscardABCIResponses; c.discardResults {
		c.note("CometBFT keeps only the newest block's results (storage.discard_abci_responses): every replayed block's results are checked against the next header's results hash, the stored ones for the newest block only")
	}
	if c.txIndex != nil {
		defer c.txIndex.close()
	}

	c.blocksAndReplay()
	c.cometState()
	c.txIndexRest()
	c.scanAgainstChain()
	c.stateTrees()
	c.index()
	c.accessLog(acfg.Department)
	return c.r, nil
}

// replayer is the fresh state blocks are re-executed into.
type replayer struct {
	app *app.App
	mem *store.Store
}

func (c *checker) newReplayer(firstBlock int64) (*replayer, error) {
	mem, err := store.OpenMemory()
	if err != nil {
		return nil, err
	}
	// The replay runs every upgrade this binary knows, as the node does.
	a, err := app.New(app.Config{ChainID: c.chainID, State: c.state, Store: mem, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Upgrades: upgrade.Known()})
	if err != nil {
		return nil, err
	}
	initial := max(c.gen.InitialHeight, 1)
	if firstBlock == initial {
		res, err := a.InitChain(context.Background(), &abci.InitChainRequest{Time: c.gen.GenesisTime, ChainId: c.chainID,
			InitialHeight: initial, AppStateBytes: c.gen.AppState, Validators: genesisValidators(c.gen)})
		if err != nil {
			return nil, fmt.Errorf("InitChain: %w", err)
		}
		if b := c.chain.Blocks.LoadBlockMeta(initial); b != nil && !bytes.Equal(res.AppHash, b.Header.AppHash) {
			c.find("replay", initial, "genesis state hashes to %X; block %d records app hash %X", res.AppHash, initial, b.Header.AppHash)
		}
		return &replayer{app: a, mem: mem}, nil
	}
	// A node that started from a snapshot or a backup has no blocks
	// before it: start from its own first state version, re-hashed here
	// and checked against the header that signs it.
	v := firstBlock - 1
	root, err := c.st.RootAt(v)
	if err != nil {
		return nil, fmt.Errorf("the blocks start at %d but state %d is not stored: %w", firstBlock, v, err)
	}
	if b := c.chain.Blocks.LoadBlockMeta(firstBlock); b != nil && !bytes.Equal(root, b.Header.AppHash) {
		c.find("state", v, "stored root %X, block %d records app hash %X", root, firstBlock, b.Header.AppHash)
	}
	var nodes []*store.ExportNode
	if _, err := c.st.Export(v, func(n *store.ExportNode) error { nodes = append(nodes, n); return nil }); err != nil {
		return nil, fmt.Errorf("state %d (the node's first): %w", v, err)
	}
	i := 0
	if err := mem.Import(v, root, func() (*store.ExportNode, error) {
		if i == len(nodes) {
			return nil, io.EOF
		}
		i++
		return nodes[i-1], nil
	}); err != nil {
		return nil, err
	}
	c.note("the node started from state %d (state sync or backup): blocks and replay start at %d", v, firstBlock)
	return &replayer{app: a, mem: mem}, nil
}

// blocksAndReplay walks every stored block once: hashes, links, commit
// signatures, stored results; and re-executes it.
func (c *checker) blocksAndReplay() {
	bs := c.chain.Blocks
	base, top := bs.Base(), bs.Height()
	if top == 0 {
		c.note("the block store is empty")
		return
	}
	rp, err := c.newReplayer(base)
	if err != nil {
		c.find("replay", base, "cannot start the replay: %v", err)
		rp = nil
	}
	ctx := context.Background()
	var prev *types.BlockMeta
	var cur *types.Block
	var curMeta *types.BlockMeta
	load := func(h int64) (*types.Block, *types.BlockMeta) {
		var b *types.Block
		var m *types.BlockMeta
		if !c.safely("block", h, func() { b, m = bs.LoadBlock(h) }) {
			return nil, nil
		}
		if b == nil {
			c.find("block", h, "missing from the block store (height range %d-%d)", base, top)
		}
		return b, m
	}
	cur, curMeta = load(base)
	replayedTo := int64(0)
	for h := base; h <= top; h++ {
		c.progress("blocks", h-base+1, top-base+1)
		var next *types.Block
		var nextMeta *types.BlockMeta
		if h < top {
			next, nextMeta = load(h + 1)
		}
		if cur != nil {
			c.count("blocks", 1)
			c.checkBlock(h, cur, curMeta, prev, next)
		}
		if rp != nil {
			if cur == nil {
				c.find("replay", h, "stopped: block %d cannot be read", h)
				rp = nil
			} else if !c.replayBlock(ctx, rp, h, cur, next) {
				rp = nil
			} else {
				replayedTo = h
			}
		}
		if curMeta != nil {
			prev = curMeta
		} else {
			prev = nil
		}
		cur, curMeta = next, nextMeta
	}
	if replayedTo > 0 {
		c.r.Replayed = Range{base, replayedTo}
	}
	if v := c.st.Version(); v > top {
		c.find("state", v, "the state is at version %d, past the newest block %d", v, top)
	} else if v < top-1 {
		c.note("the state is at version %d, the blocks at %d: the node replays the missing blocks when it starts", v, top)
	}
}

func (c *checker) checkBlock(h int64, b *types.Block, meta *types.BlockMeta, prev *types.BlockMeta, next *types.Block) {
	if b.Height != h || b.ChainID != c.chainID {
		c.find("block", h, "header says chain %q height %d", b.ChainID, b.Height)
	}
	if err := b.ValidateBasic(); err != nil {
		c.find("block", h, "contents do not match the header: %v", err)
	}
	if got := b.Hash(); !bytes.Equal(got, meta.BlockID.Hash) {
		c.find("block", h, "header hashes to %X, the block store records %X", got, meta.BlockID.Hash)
	}
	if ps, err := b.MakePartSet(types.BlockPartSizeBytes); err != nil {
		c.find("block", h, "cannot re-encode: %v", err)
	} else if !ps.Header().Equals(meta.BlockID.PartSetHeader) {
		c.find("block", h, "stored bytes differ from the block's encoding (part set %X, recorded %X)", ps.Header().Hash, meta.BlockID.PartSetHeader.Hash)
	}
	if prev != nil && !b.LastBlockID.Equals(prev.BlockID) {
		c.find("block", h, "does not link to block %d: LastBlockID %v, block %d is %v", h-1, b.LastBlockID, h-1, prev.BlockID)
	}
	if next != nil && !next.LastBlockID.Equals(meta.BlockID) {
		c.find("block", h+1, "does not link to block %d", h)
	}
	vals, err := c.chain.State.LoadValidators(h)
	if err != nil {
		c.find("commit", h, "validator set of this height not stored: %v", err)
		return
	}
	if !bytes.Equal(b.ValidatorsHash, vals.Hash()) {
		c.find("commit", h, "header names validator set %X, the state store has %X", b.ValidatorsHash, vals.Hash())
	}
	// The commit for h is in block h+1 (LastCommit), or the seen commit
	// for the newest block.
	var commit *types.Commit
	src := "block " + fmt.Sprint(h+1)
	if next != nil {
		commit = next.LastCommit
		if stored := c.loadCommit(h); stored != nil && !bytes.Equal(stored.Hash(), commit.Hash()) {
			c.find("commit", h, "the stored commit differs from the one in block %d", h+1)
		}
	} else {
		src = "seen commit"
		c.safely("commit", h, func() { commit = c.chain.Blocks.LoadSeenCommit(h) })
	}
	if commit == nil {
		c.find("commit", h, "no commit stored")
		return
	}
	c.count("commits", 1)
	c.count("signatures", int64(len(commit.Signatures)))
	if err := vals.VerifyCommit(c.chainID, meta.BlockID, h, commit); err != nil {
		c.find("commit", h, "%s does not verify against the %d validators: %v", src, vals.Size(), err)
	}
}

func (c *checker) loadCommit(h int64) (cm *types.Commit) {
	c.safely("commit", h, func() { cm = c.chain.Blocks.LoadBlockCommit(h) })
	return cm
}

// replayBlock executes block h on the fresh state; false stops the replay.
func (c *checker) replayBlock(ctx context.Context, rp *replayer, h int64, b *types.Block, next *types.Block) (ok bool) {
	defer func() {
		if p := recover(); p != nil {
			c.find("replay", h, "executing the block panicked: %v", p)
			ok = false
		}
	}()
	res, err := rp.app.FinalizeBlock(ctx, &abci.FinalizeBlockRequest{Txs: b.Txs.ToSliceOfBytes(), Height: h, Time: b.Time,
		Hash: b.Hash(), ProposerAddress: b.ProposerAddress, NextValidatorsHash: b.NextValidatorsHash,
		DecidedLastCommit: decidedLastCommit(b)})
	if err != nil {
		c.find("replay", h, "FinalizeBlock failed: %v", err)
		return false
	}
	if _, err := rp.app.Commit(ctx, &abci.CommitRequest{}); err != nil {
		c.find("replay", h, "Commit failed: %v", err)
		return false
	}
	c.count("replayed_blocks", 1)
	c.count("replayed_txs", int64(len(b.Txs)))
	results := types.NewResults(res.TxResults).Hash()
	c.lastResults, c.lastResultsAt = results, h
	c.txIndexBlock(h, b, res)
	if next != nil {
		if !bytes.Equal(res.AppHash, next.AppHash) {
			c.find("replay", h, "state after block %d re-executes to %X; block %d records app hash %X", h, res.AppHash, h+1, next.AppHash)
		}
		if !bytes.Equal(results, next.LastResultsHash) {
			c.find("results", h, "re-executed tx results hash to %X; block %d records %X", results, h+1, next.LastResultsHash)
		}
	}
	if h >= c.st.Base() && h <= c.st.Version() {
		root, err := c.st.RootAt(h)
		c.count("state_versions", 1)
		switch {
		case err != nil:
			c.find("state", h, "state version not readable: %v", err)
		case !bytes.Equal(root, res.AppHash):
			c.find("state", h, "the node's stored state root is %X; re-execution gives %X", root, res.AppHash)
		}
	}
	var stored *abci.FinalizeBlockResponse
	c.safely("results", h, func() { stored, err = c.storedResults(h) })
	if err == nil && stored != nil {
		c.count("stored_results", 1)
		if got := types.NewResults(stored.TxResults).Hash(); !bytes.Equal(got, results) {
			c.find("results", h, "stored tx results hash to %X; re-execution gives %X", got, results)
		}
		if !bytes.Equal(stored.AppHash, res.AppHash) {
			c.find("results", h, "stored FinalizeBlock response has app hash %X; re-execution gives %X", stored.AppHash, res.AppHash)
		} else if !proto.Equal(stored, res) {
			c.find("results", h, "stored FinalizeBlock response (events, logs, updates) differs from re-execution")
		}
	}
	return true
}

// storedResults is block h's FinalizeBlock response as CometBFT's state
// store keeps it: every block's, or with discard_abci_responses the newest
// block's only (nil, nil for the others).
func (c *checker) storedResults(h int64) (*abci.FinalizeBlockResponse, error) {
	if !c.discardResults {
		return c.chain.State.LoadFinalizeBlockResponse(h)
	}
	if h != c.chain.Blocks.Height() {
		return nil, nil
	}
	return c.chain.State.LoadLastFinalizeBlockResponse(h)
}

// stateTrees re-hashes the node's state from its nodes (the newest
// version, or all with Deep) and checks the newest version's fast index
// (what reads are served from) against the tree.
func (c *checker) stateTrees() {
	lo, hi := c.st.Base(), c.st.Version()
	if hi == 0 {
		return
	}
	if !c.o.Deep {
		lo = hi
	}
	for v := lo; v <= hi; v++ {
		c.progress("state", v-lo+1, hi-lo+1)
		var leaves int64
		var latest store.Reader
		if v == hi {
			latest = c.st.Committed()
		}
		var mismatches int
		_, err := c.st.Export(v, func(n *store.ExportNode) error {
			if n.Height != 0 {
				return nil
			}
			leaves++
			if latest != nil {
				got, err := latest.Get(n.Key)
				if err != nil || !bytes.Equal(got, n.Value) {
					mismatches++
					if mismatches <= 5 {
						c.find("state", v, "key %q: the value reads are served from (fast index) differs from the tree's %s", n.Key, diffAt(got, n.Value))
					}
				}
			}
			return nil
		})
		c.count("state_trees_rehashed", 1)
		if err != nil {
			c.find("state", v, "%v", err)
			continue
		}
		if latest != nil {
			var n int64
			latest.Iterate(nil, func(_, _ []byte) bool { n++; return true })
			if n != leaves {
				c.find("state", v, "the fast index lists %d records, the tree %d", n, leaves)
			}
			c.count("state_records", leaves)
		}
	}
}

// diffAt describes where two values first differ.
func diffAt(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return fmt.Sprintf("at byte %d (%d vs %d bytes)", i, len(a), len(b))
}

// accessLog verifies the log's chain and its anchors on chain.
func (c *checker) accessLog(dept string) {
	res, err := audit.VerifyFile(c.h.AccessLogPath(), c.suite)
	if err != nil {
		c.find("access-log", 0, "cannot read %s: %v", c.h.AccessLogPath(), err)
		return
	}
	rep := &AccessLogReport{Entries: res.Entries, Head: res.Head.Hash}
	c.r.AccessLog = rep
	for _, p := range res.Problems {
		c.find("access-log", 0, "%s", p)
	}
	if res.TornBytes > 0 {
		c.note("the access log ends with %d bytes of an unfinished entry (a crash while appending); the node cuts them at start", res.TornBytes)
	}
	anchors, err := audit.FindAnchors(c.st.Committed(), dept)
	if err != nil {
		c.find("access-log", 0, "reading anchors from the state: %v", err)
		return
	}
	rep.Anchors = len(anchors)
	problems, un := audit.CheckAnchors(res, anchors)
	for _, p := range problems {
		c.find("access-log", p.Anchor.Height, "%s", p.What)
	}
	rep.Unanchored = un
	c.count("access_log_entries", int64(res.Entries))
	c.count("access_log_anchors", int64(len(anchors)))
	if un > 0 {
		c.note("%d access log entries are newer than the last anchor (anchored within the anchor interval while the node runs)", un)
	}
	c.accessDigests(dept, res, rep)
}

// accessDigests checks the monthly digests the department published (the
// evaluation's personal-data accesses) against the log: a month reported
// short, an entry changed or removed after publishing, is a finding.
func (c *checker) accessDigests(dept string, res *audit.VerifyResult, rep *AccessLogReport) {
	digests, err := evaluation.AccessMonths(c.st.Committed(), dept)
	if err != nil {
		c.find("access-log", 0, "reading the monthly access digests from the state: %v", err)
		return
	}
	rep.Digests = len(digests)
	problems, skipped := audit.CheckDigests(res, digests)
	for _, p := range problems {
		c.find("access-log", 0, "%s", p)
	}
	if skipped > 0 {
		c.note("%d monthly access digests describe an earlier access log (the node started a new one); they cannot be checked against this log", skipped)
	}
	c.count("access_log_digests", int64(len(digests)-skipped))
}

// IsRunning reports whether err means the node is running.
func IsRunning(err error) bool { return errors.Is(err, ErrNodeRunning) }
