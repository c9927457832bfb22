package index_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	cmttypes "github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/index"
)

// TestTxLookupByHash: a tx is found by hash through the app's memory while
// recent and through the index once older, and its record is read back at
// the position either reports; an unknown hash is not found.
func TestTxLookupByHash(t *testing.T) {
	c := apptest.New(t, apptest.Options{Suite: "intl"})
	ix, err := index.Open(":memory:", index.TxHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	var hashes [][]byte
	for i := 0; i < 30; i++ {
		raw := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": fmt.Sprintf("%064x", i+1), "title": "t"})
		if r := c.Block(raw); r[0].Code != 0 {
			t.Fatalf("block %d: %s", i, r[0].Log)
		}
		hashes = append(hashes, c.App.Suite().Hash(raw))
	}
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	for i, h := range hashes {
		_, recent := c.App.RecentTx(h)
		if want := i >= len(hashes)-16; recent != want {
			t.Fatalf("tx %d: in the app's recent window = %v, want %v", i, recent, want)
		}
		l, ok, err := ix.TxLocation(h)
		if err != nil || !ok {
			t.Fatalf("tx %d: index lookup: %v, found %v", i, err, ok)
		}
		rec, err := app.GetTx(c.State(), l, h)
		if err != nil {
			t.Fatalf("tx %d: %v", i, err)
		}
		if rec.Hash != hex.EncodeToString(h) || rec.Module != "notary" || rec.Code != 0 {
			t.Fatalf("tx %d: record %+v", i, rec)
		}
		// The record at another tx's position is refused, not returned.
		if _, err := app.GetTx(c.State(), l, hashes[(i+1)%len(hashes)]); !errors.Is(err, app.ErrTxNotFound) {
			t.Fatalf("tx %d: record at a wrong position: %v", i, err)
		}
	}
	if _, ok, err := ix.TxLocation(make([]byte, 32)); ok || err != nil {
		t.Fatalf("unknown hash: found %v, err %v", ok, err)
	}
}

// fakeBlocks is a block store of the txs the test sent, by height.
type fakeBlocks map[int64][][]byte

func (f fakeBlocks) LoadBlock(h int64) (*cmttypes.Block, *cmttypes.BlockMeta) {
	raw, ok := f[h]
	if !ok {
		return nil, nil
	}
	b := &cmttypes.Block{}
	b.Height = h
	for _, r := range raw {
		b.Data.Txs = append(b.Data.Txs, r)
	}
	return b, nil
}

// TestTxNamesGM: on a gm chain the index finds a tx's position by its SM3
// hash and by CometBFT's SHA-256 of the same bytes; a tx whose block is
// not in the block store (pruned, state-synced) is found by its SM3 name
// only; hashes are stored as 32 raw bytes.
func TestTxNamesGM(t *testing.T) {
	c := apptest.New(t, apptest.Options{Suite: "gm"})
	ix, err := index.Open(":memory:", index.TxHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	blocks := fakeBlocks{}
	ix.UseTxs(index.BlockTxs(blocks))
	type sent struct {
		sm3, sha []byte
		height   int64
	}
	var txs []sent
	for i := 0; i < 4; i++ {
		a := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": fmt.Sprintf("%064x", 2*i+1), "title": "t"})
		b := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": fmt.Sprintf("%064x", 2*i+2), "title": "t"})
		if r := c.Block(a, b); r[0].Code != 0 || r[1].Code != 0 {
			t.Fatalf("block %d: %s %s", i, r[0].Log, r[1].Log)
		}
		if i != 2 { // block 3 of these is missing from the block store
			blocks[c.Height()] = [][]byte{a, b}
		}
		for _, raw := range [][]byte{a, b} {
			sum := sha256.Sum256(raw)
			txs = append(txs, sent{c.App.Suite().Hash(raw), sum[:], c.Height()})
		}
	}
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	for i, tx := range txs {
		l, ok, err := ix.TxLocation(tx.sm3)
		if err != nil || !ok || l.Height != tx.height || l.Index != uint32(i%2) {
			t.Fatalf("tx %d by SM3: %+v %v %v", i, l, ok, err)
		}
		_, inStore := blocks[tx.height]
		l, ok, err = ix.TxLocation(tx.sha)
		if err != nil || ok != inStore || (ok && (l.Height != tx.height || l.Index != uint32(i%2))) {
			t.Fatalf("tx %d by SHA-256 (block in store: %v): %+v %v %v", i, inStore, l, ok, err)
		}
	}
	var typ string
	var n int
	if err := ix.DB().QueryRow(`SELECT typeof(name), length(name) FROM tx_names LIMIT 1`).Scan(&typ, &n); err != nil || typ != "blob" || n != 32 {
		t.Fatalf("names stored as %s of %d bytes (%v), want 32-byte blobs", typ, n, err)
	}
}

// TestOldTxTableRebuilt: an index of schema 7 (hashes as hex in txs) is
// dropped at open and rebuilt in the new shape, where the hex hash does
// not find a tx but the raw one does.
func TestOldTxTableRebuilt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "index.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE index_meta (k TEXT PRIMARY KEY, v INTEGER NOT NULL)`,
		`INSERT INTO index_meta VALUES ('schema', 7), ('height', 3)`,
		`CREATE TABLE txs (height INTEGER NOT NULL, idx INTEGER NOT NULL, hash TEXT NOT NULL, code INTEGER NOT NULL,
			codespace TEXT NOT NULL, module TEXT NOT NULL, action TEXT NOT NULL, signer TEXT NOT NULL,
			PRIMARY KEY (height, idx)) WITHOUT ROWID`,
		`CREATE UNIQUE INDEX txs_hash ON txs(hash)`,
		`INSERT INTO txs VALUES (1, 0, 'ab', 0, '', 'notary', 'anchor', 'x')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	c := apptest.New(t, apptest.Options{Suite: "intl"})
	raw := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": fmt.Sprintf("%064x", 7), "title": "t"})
	if r := c.Block(raw); r[0].Code != 0 {
		t.Fatal(r[0].Log)
	}
	ix, err := index.Open(path, index.TxHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if h, err := ix.Height(); err != nil || h != 0 {
		t.Fatalf("height after the schema change: %d, %v; want 0 (rebuild)", h, err)
	}
	var cols int
	if err := ix.DB().QueryRow(`SELECT COUNT(*) FROM pragma_table_info('txs') WHERE name = 'hash'`).Scan(&cols); err != nil || cols != 0 {
		t.Fatalf("txs still has a hash column: %d, %v", cols, err)
	}
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	h := c.App.Suite().Hash(raw)
	if _, ok, err := ix.TxLocation(h); !ok || err != nil {
		t.Fatalf("rebuilt index: %v %v", ok, err)
	}
	if _, ok, _ := ix.TxLocation([]byte(hex.EncodeToString(h))); ok {
		t.Fatal("the hex text of a hash found a tx")
	}
}

type panickingBlocks struct{}

func (panickingBlocks) LoadBlock(int64) (*cmttypes.Block, *cmttypes.BlockMeta) {
	panic("Block msg from proto error: wrong Header.DataHash")
}

// TestBlockTxsDamagedBlock: a block the block store panics on (altered on
// disk) is an error for the index — the tx keeps only govchain's name —
// not a crash of the node or of `govchain audit`.
func TestBlockTxsDamagedBlock(t *testing.T) {
	if _, err := index.BlockTxs(panickingBlocks{})(3, 0); err == nil {
		t.Fatal("a block that does not load gave no error")
	}
	c := apptest.New(t, apptest.Options{Suite: "gm"})
	raw := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": fmt.Sprintf("%064x", 9), "title": "t"})
	if r := c.Block(raw); r[0].Code != 0 {
		t.Fatal(r[0].Log)
	}
	ix, err := index.Open(":memory:", index.TxHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ix.UseTxs(index.BlockTxs(panickingBlocks{}))
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ix.TxLocation(c.App.Suite().Hash(raw)); !ok || err != nil {
		t.Fatalf("govchain's name: %v %v", ok, err)
	}
}
