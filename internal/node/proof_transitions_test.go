package node

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"testing"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/proof"
)

// fakeBlocks is a block store holding blocks base..top, block h made by
// set setAt(h); it counts the headers read.
type fakeBlocks struct {
	base, top int64
	setAt     func(h int64) string
	reads     int
}

func setHash(name string) []byte { h := sha256.Sum256([]byte(name)); return h[:] }

func (b *fakeBlocks) Base() int64 { return b.base }
func (b *fakeBlocks) LoadBlockMeta(h int64) *types.BlockMeta {
	b.reads++
	if h < b.base || h > b.top {
		return nil
	}
	return &types.BlockMeta{Header: types.Header{Height: h, ValidatorsHash: setHash(b.setAt(h)), NextValidatorsHash: setHash(b.setAt(h + 1))}}
}

// blocks is a chain whose block i+1 is made by sets[i], from block base.
func blocks(base int64, sets ...string) *fakeBlocks {
	return &fakeBlocks{base: base, top: int64(len(sets)), setAt: func(h int64) string {
		if h > int64(len(sets)) {
			return sets[len(sets)-1]
		}
		return sets[h-1]
	}}
}

// fakeLight counts what the history asks for.
type fakeLight struct{ calls map[string]int }

func (f *fakeLight) SignedHeader(_ context.Context, h int64) (*types.SignedHeader, error) {
	f.calls[fmt.Sprint("header ", h)]++
	return &types.SignedHeader{Header: &types.Header{Height: h}}, nil
}

func (f *fakeLight) Validators(_ context.Context, h int64) (*types.ValidatorSet, error) {
	f.calls[fmt.Sprint("vals ", h)]++
	return &types.ValidatorSet{}, nil
}

// TestValidatorHistory: the node lists transitions that lead from the
// genesis set to the set of the proven block (A→B named by block 3, B→C
// by block 6 on the main chain), only before that block, assembles each
// once, finds them on a long chain with a few dozen header reads, and
// refuses when its history starts after a change it cannot see.
func TestValidatorHistory(t *testing.T) {
	chain := []string{"A", "A", "A", "B", "B", "B", "C", "C", "C"} // blocks 1-9
	long := &fakeBlocks{base: 1, top: 1_000_000, setAt: func(h int64) string {
		switch {
		case h <= 300_000:
			return "A"
		case h <= 700_000:
			return "B"
		}
		return "C"
	}}
	tests := []struct {
		name     string
		blocks   *fakeBlocks
		heights  []int64 // asked in this order on one history
		want     []int64 // the transition blocks of the last answer
		maxReads int
		wantErr  error
	}{
		{name: "never changed", blocks: blocks(1, "A", "A", "A"), heights: []int64{3}},
		{name: "two changes", blocks: blocks(1, chain...), heights: []int64{9}, want: []int64{3, 6}},
		{name: "before the second", blocks: blocks(1, chain...), heights: []int64{6}, want: []int64{3}},
		{name: "at the first: its block is made by A", blocks: blocks(1, chain...), heights: []int64{3}},
		{name: "cached, then further", blocks: blocks(1, chain...), heights: []int64{5, 4, 9}, want: []int64{3, 6}},
		{name: "change undone, then another", blocks: blocks(1, "A", "A", "B", "B", "A", "A", "C", "C"), heights: []int64{8}},
		{name: "history from block 2, still A", blocks: &fakeBlocks{base: 2, top: 9, setAt: blocks(1, chain...).setAt},
			heights: []int64{9}, want: []int64{3, 6}},
		{name: "a million blocks", blocks: long, heights: []int64{1_000_000}, want: []int64{300_000, 700_000}, maxReads: 60},
		{name: "history from block 5, after a change", blocks: &fakeBlocks{base: 5, top: 9, setAt: blocks(1, chain...).setAt},
			heights: []int64{9}, wantErr: proof.ErrValidators},
		{name: "block missing", blocks: &fakeBlocks{base: 1, top: 5, setAt: blocks(1, chain...).setAt}, heights: []int64{9},
			wantErr: errors.New("")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v validatorHistory
			src := &fakeLight{calls: map[string]int{}}
			var got []proof.Transition
			var err error
			var height int64
			for _, height = range tc.heights {
				got, err = v.transitions(context.Background(), tc.blocks, setHash("A"), 1, height, src)
			}
			if tc.wantErr != nil {
				if err == nil || (errors.Is(tc.wantErr, proof.ErrValidators) && !errors.Is(err, tc.wantErr)) {
					t.Fatalf("got %v, want %v", err, tc.wantErr)
				}
				t.Log(err)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			// Whatever the blocks, they must hand trust on: each made by
			// the set trusted so far, the next by another, the last
			// trusted set making the proven block.
			trusted := "A"
			var heights []int64
			for _, tr := range got {
				h := tr.Header.Height
				heights = append(heights, h)
				if tc.blocks.setAt(h) != trusted || tc.blocks.setAt(h+1) == trusted || h >= height {
					t.Fatalf("block %d (set %s, next %s) after trusting %s", h, tc.blocks.setAt(h), tc.blocks.setAt(h+1), trusted)
				}
				trusted = tc.blocks.setAt(h + 1)
			}
			if trusted != tc.blocks.setAt(height) {
				t.Fatalf("transitions %v end at set %s, block %d is made by %s", heights, trusted, height, tc.blocks.setAt(height))
			}
			if tc.want != nil && fmt.Sprint(heights) != fmt.Sprint(tc.want) {
				t.Fatalf("transitions at %v, want %v", heights, tc.want)
			}
			if tc.maxReads > 0 && tc.blocks.reads > tc.maxReads {
				t.Errorf("read %d headers, want at most %d", tc.blocks.reads, tc.maxReads)
			}
			t.Logf("transitions at %v; %d headers read", heights, tc.blocks.reads)
			for call, n := range src.calls {
				if n != 1 {
					t.Errorf("%s asked %d times", call, n)
				}
			}
			for _, h := range heights {
				if src.calls[fmt.Sprint("vals ", h+1)] != 1 {
					t.Errorf("the next set of change %d was not read from block %d: calls %v", h, h+1, src.calls)
				}
			}
		})
	}
}
