package index

import (
	"bytes"
	"testing"

	"github.com/cometbft/cometbft/types"
)

// countingLoader is a block store of fixed blocks that counts its loads.
type countingLoader struct {
	blocks map[int64]types.Txs
	loads  int
}

func (l *countingLoader) LoadBlock(h int64) (*types.Block, *types.BlockMeta) {
	l.loads++
	txs, ok := l.blocks[h]
	if !ok {
		return nil, nil
	}
	return &types.Block{Data: types.Data{Txs: txs}}, &types.BlockMeta{}
}

// TestBlockTxsLoadsEachBlockOnce: reading a block's txs one after another
// loads the block once; another height loads again; a missing block or
// index is an error, never a panic or another block's tx.
func TestBlockTxsLoadsEachBlockOnce(t *testing.T) {
	l := &countingLoader{blocks: map[int64]types.Txs{
		5: {[]byte("a0"), []byte("a1"), []byte("a2")},
		6: {[]byte("b0")},
	}}
	src := BlockTxs(l)
	for _, tc := range []struct {
		name      string
		height    int64
		index     uint32
		want      string // "" wants an error
		wantLoads int
	}{
		{"first tx of a block loads it", 5, 0, "a0", 1},
		{"same block again: no load", 5, 2, "a2", 1},
		{"index past the block's txs", 5, 3, "", 1},
		{"another block loads", 6, 0, "b0", 2},
		{"back to the first: loads again", 5, 1, "a1", 3},
		{"missing block", 7, 0, "", 4},
		{"after a missing block the last one is not reused", 7, 0, "", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := src(tc.height, tc.index)
			if tc.want == "" {
				if err == nil {
					t.Fatalf("got tx %q, want an error", got)
				}
			} else if err != nil || !bytes.Equal(got, []byte(tc.want)) {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
			if l.loads != tc.wantLoads {
				t.Fatalf("loads %d, want %d", l.loads, tc.wantLoads)
			}
		})
	}
	// A caller changing its copy changes nothing for the next.
	got, _ := src(5, 0)
	got[0] = 'X'
	if again, _ := src(5, 0); string(again) != "a0" {
		t.Fatalf("tx changed through a returned copy: %q", again)
	}
}
