package check

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	dbm "github.com/cometbft/cometbft-db"
	abci "github.com/cometbft/cometbft/abci/types"
	cfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/google/orderedcode"

	"github.com/pingshan/govchain/internal/snapshot"
)

// cometState checks CometBFT's state store against the (verified)
// blocks: the consensus parameters and the next validator set of every
// height against the hashes the headers sign, and the latest state (what
// the node resumes from) against the newest block and the Merkle store.
// Validator sets of each height are checked in checkBlock, the stored
// FinalizeBlock responses in replayBlock.
func (c *checker) cometState() {
	bs, ss := c.chain.Blocks, c.chain.State
	base, top := bs.Base(), bs.Height()
	for h := base; h <= top && top > 0; h++ {
		meta := bs.LoadBlockMeta(h)
		if meta == nil {
			continue
		}
		var params types.ConsensusParams
		var err error
		if !c.safely("comet", h, func() { params, err = ss.LoadConsensusParams(h) }) {
			continue
		}
		c.count("consensus_params", 1)
		if err != nil {
			c.find("comet", h, "consensus parameters of this height not stored: %v", err)
		} else if got := params.Hash(); !bytes.Equal(got, meta.Header.ConsensusHash) {
			c.find("comet", h, "stored consensus parameters hash to %X; the header signs %X", got, meta.Header.ConsensusHash)
		}
		var next *types.ValidatorSet
		if !c.safely("comet", h+1, func() { next, err = ss.LoadValidators(h + 1) }) {
			continue
		}
		if err != nil {
			c.find("comet", h+1, "validator set of this height not stored: %v", err)
		} else if got := next.Hash(); !bytes.Equal(got, meta.Header.NextValidatorsHash) {
			c.find("comet", h+1, "stored validator set hashes to %X; block %d names %X as the next", got, h, meta.Header.NextValidatorsHash)
		}
	}
	state, err := ss.Load()
	if err != nil {
		c.find("comet", 0, "the latest state does not load: %v", err)
		return
	}
	if state.IsEmpty() {
		if top > 0 {
			c.find("comet", top, "no latest state, but blocks up to %d", top)
		}
		return
	}
	c.count("comet_states", 1)
	if state.ChainID != c.chainID {
		c.find("comet", state.LastBlockHeight, "the latest state is of chain %q", state.ChainID)
	}
	switch h := state.LastBlockHeight; {
	case h == top-1:
		c.note("CometBFT's state is at %d, its blocks at %d: the node finishes block %d when it starts", h, top, top)
	case h != top:
		c.find("comet", h, "the latest state is at height %d; the newest block is %d", h, top)
		return
	}
	h := state.LastBlockHeight
	meta := bs.LoadBlockMeta(h)
	if meta == nil {
		return
	}
	if !state.LastBlockID.Equals(meta.BlockID) {
		c.find("comet", h, "the latest state's last block is %v; the block store's is %v", state.LastBlockID, meta.BlockID)
	}
	if got := state.LastValidators.Hash(); !bytes.Equal(got, meta.Header.ValidatorsHash) {
		c.find("comet", h, "the latest state's last validators hash to %X; the header signs %X", got, meta.Header.ValidatorsHash)
	}
	if got := state.Validators.Hash(); !bytes.Equal(got, meta.Header.NextValidatorsHash) {
		c.find("comet", h, "the latest state's validators hash to %X; the header names %X as the next", got, meta.Header.NextValidatorsHash)
	}
	if h >= c.st.Base() && h <= c.st.Version() {
		if root, err := c.st.RootAt(h); err == nil && !bytes.Equal(root, state.AppHash) {
			c.find("comet", h, "the latest state's app hash is %X; the Merkle store's root of %d is %X", state.AppHash, h, root)
		}
	}
	if c.lastResults != nil && c.lastResultsAt == h && !bytes.Equal(c.lastResults, state.LastResultsHash) {
		c.find("comet", h, "the latest state's results hash is %X; re-executing block %d gives %X", state.LastResultsHash, h, c.lastResults)
	}
	if p, err := ss.LoadConsensusParams(h + 1); err == nil && !bytes.Equal(p.Hash(), state.ConsensusParams.Hash()) {
		c.find("comet", h+1, "the latest state's consensus parameters differ from those stored for height %d", h+1)
	}
}

// txIndexCheck compares CometBFT's kv tx index (HOME/data/tx_index.db)
// with the blocks and their re-executed results, as the replay walks
// them: every tx's record (height, position, bytes, full result), its
// height key and one key per indexed event attribute; every block's height
// key and event keys. At the end no other key may be left.
type txIndexCheck struct {
	db       dbm.DB
	file     string
	expected int64 // keys the blocks explain
}

// The indexer's own bookkeeping keys (pruning).
var txIndexBookkeeping = [][]byte{
	[]byte("LastTxIndexerRetainHeightKey"), []byte("TxIndexerRetainHeightKey"),
	[]byte("block_eventsLastBlockIndexerRetainHeightKey"), []byte("block_eventsBlockIndexerRetainHeightKey"),
}

func (c *checker) openTxIndex(conf *cfg.Config) *txIndexCheck {
	if conf.TxIndex.Indexer != "kv" {
		c.note("CometBFT's tx index is off (tx_index.indexer = %q): nothing to compare", conf.TxIndex.Indexer)
		return nil
	}
	file := filepath.Join(conf.DBDir(), "tx_index.db")
	if _, err := os.Stat(file); err != nil {
		c.note("no CometBFT tx index at %s (it is created when the node starts)", c.rel(file))
		return nil
	}
	db, err := snapshot.OpenCometDBReadOnly(conf, "tx_index")
	if err != nil {
		c.findFile("tx-index", file, 0, "does not open: %v", err)
		return nil
	}
	return &txIndexCheck{db: db, file: file}
}

func (t *txIndexCheck) close() { t.db.Close() }

// txIndexBlock checks block h's entries against the block and the
// results its re-execution gave.
func (c *checker) txIndexBlock(h int64, b *types.Block, res *abci.FinalizeBlockResponse) {
	t := c.txIndex
	if t == nil {
		return
	}
	bad := func(format string, a ...any) { c.findFile("tx-index", t.file, h, format, a...) }
	for i, tx := range b.Txs {
		hash := tx.Hash()
		raw, err := t.db.Get(hash)
		if err != nil || raw == nil {
			bad("tx %d (%X) is not indexed", i, hash)
			continue
		}
		t.expected++
		var tr abci.TxResult
		if err := proto.Unmarshal(raw, &tr); err != nil {
			bad("tx %d: the indexed record does not decode: %v", i, err)
			continue
		}
		if tr.Height != h || tr.Index != uint32(i) || !bytes.Equal(tr.Tx, tx) {
			bad("tx %d: indexed as tx %d of block %d (bytes equal: %v)", i, tr.Index, tr.Height, bytes.Equal(tr.Tx, tx))
			continue
		}
		if i < len(res.TxResults) && !proto.Equal(&tr.Result, res.TxResults[i]) {
			bad("tx %d: the indexed result differs from re-execution (code %d vs %d)", i, tr.Result.Code, res.TxResults[i].Code)
		}
		hk := fmt.Sprintf("%s/%d/%d/%d$es$0", types.TxHeightKey, h, h, i)
		if v, _ := t.db.Get([]byte(hk)); !bytes.Equal(v, hash) {
			bad("tx %d: height key %q holds %X", i, hk, v)
		}
		t.expected++
		want := map[string]int{}
		for _, e := range tr.Result.Events {
			if e.Type == "" {
				continue
			}
			for _, a := range e.Attributes {
				if a.Key != "" && a.Index {
					want[fmt.Sprintf("%s.%s/%s/%d/%d$es$", e.Type, a.Key, a.Value, h, i)]++
				}
			}
		}
		for _, prefix := range sortedKeys(want) {
			n := t.countPrefix([]byte(prefix), hash)
			if n != want[prefix] {
				bad("tx %d: %d index keys %q…, %d events say", i, n, prefix, want[prefix])
			}
			t.expected += int64(want[prefix])
		}
	}
	// Block events live in the same database under "block_events".
	pfx := []byte("block_events")
	hk, _ := orderedcode.Append(nil, types.BlockHeightKey, h)
	hb := make([]byte, binary.MaxVarintLen64)
	hb = hb[:binary.PutVarint(hb, h)]
	if v, _ := t.db.Get(append(slices.Clone(pfx), hk...)); !bytes.Equal(v, hb) {
		bad("block %d is not in the block event index", h)
	}
	t.expected++
	want := map[string]int{}
	for _, e := range res.Events {
		if e.Type == "" {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key != "" && a.Index {
				k, _ := orderedcode.Append(nil, e.Type+"."+a.Key, a.Value, h)
				want[string(append(slices.Clone(pfx), k...))]++
			}
		}
	}
	for _, prefix := range sortedKeys(want) {
		n := t.countPrefix([]byte(prefix), hb)
		if n != want[prefix] {
			bad("block %d: %d block event keys for an event the block emits %d times", h, n, want[prefix])
		}
		t.expected += int64(want[prefix])
	}
	c.count("tx_index_blocks", 1)
}

// countPrefix counts the keys under prefix whose value is val.
func (t *txIndexCheck) countPrefix(prefix, val []byte) int {
	end := append(slices.Clone(prefix), 0xff)
	it, err := t.db.Iterator(prefix, end)
	if err != nil {
		return -1
	}
	defer it.Close()
	n := 0
	for ; it.Valid(); it.Next() {
		if bytes.HasPrefix(it.Key(), prefix) && bytes.Equal(it.Value(), val) {
			n++
		}
	}
	return n
}

// txIndexRest counts every key of the tx index: any the blocks do not
// explain is a finding (when the node keeps every block since genesis).
func (c *checker) txIndexRest() {
	t := c.txIndex
	if t == nil || c.r.Replayed.To != c.chain.Blocks.Height() {
		return
	}
	it, err := t.db.Iterator(nil, nil)
	if err != nil {
		c.findFile("tx-index", t.file, 0, "cannot iterate: %v", err)
		return
	}
	defer it.Close()
	var n int64
	for ; it.Valid(); it.Next() {
		if !slices.ContainsFunc(txIndexBookkeeping, func(k []byte) bool { return bytes.Equal(k, it.Key()) }) {
			n++
		}
	}
	c.count("tx_index_keys", n)
	switch {
	case n == t.expected:
	case c.chain.Blocks.Base() > max(c.gen.InitialHeight, 1):
		c.note("CometBFT's tx index holds %d keys, the blocks kept explain %d (older blocks were pruned)", n, t.expected)
	default:
		c.findFile("tx-index", t.file, 0, "holds %d keys; the blocks explain %d", n, t.expected)
	}
}

func sortedKeys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// scanAgainstChain compares what the byte-level scan read with the chain:
// the heights the consensus WAL finished and the validator last signed,
// and each snapshot's app hash.
func (c *checker) scanAgainstChain() {
	top := c.chain.Blocks.Height()
	wal := filepath.Join(string(c.h), "data", "cs.wal", "wal")
	for i, h := range c.walEnd {
		if h > top {
			c.findFile("file", wal, h, "the WAL marks height %d finished; the newest block is %d", h, top)
			break
		}
		if i > 0 && h <= c.walEnd[i-1] {
			c.findFile("file", wal, h, "the WAL marks height %d finished after height %d", h, c.walEnd[i-1])
			break
		}
	}
	if c.signedHeight > top+1 {
		c.findFile("file", filepath.Join(string(c.h), "data", "priv_validator_state.json"), c.signedHeight,
			"the validator last signed at height %d; the newest block is %d", c.signedHeight, top)
	}
	for _, m := range c.snaps {
		h := int64(m.Height)
		file := filepath.Join(string(c.h), "data", "snapshots", fmt.Sprint(h), "manifest.json")
		var want []byte
		src := ""
		if meta := c.chain.Blocks.LoadBlockMeta(h + 1); meta != nil {
			want, src = meta.Header.AppHash, fmt.Sprintf("block %d", h+1)
		} else if root, err := c.st.RootAt(h); err == nil {
			want, src = root, fmt.Sprintf("the Merkle store's version %d", h)
		} else {
			c.note("snapshot %d: neither block %d nor state %d is stored to compare its app hash with", h, h+1, h)
			continue
		}
		if fmt.Sprintf("%x", want) != m.AppHash {
			c.findFile("snapshot", file, h, "app hash %s; %s records %X", m.AppHash, src, want)
		}
	}
}
