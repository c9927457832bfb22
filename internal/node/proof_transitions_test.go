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

// fakeBlocks is a block store whose block h is made by sets[h-base] and
// names sets[h-base+1] as the next set.
type fakeBlocks struct {
	base int64
	sets []string // one per block, plus the set after the last
}

func setHash(name string) []byte { h := sha256.Sum256([]byte(name)); return h[:] }

func (b *fakeBlocks) Base() int64 { return b.base }
func (b *fakeBlocks) LoadBlockMeta(h int64) *types.BlockMeta {
	i := h - b.base
	if i < 0 || i+1 >= int64(len(b.sets)) {
		return nil
	}
	return &types.BlockMeta{Header: types.Header{Height: h, ValidatorsHash: setHash(b.sets[i]), NextValidatorsHash: setHash(b.sets[i+1])}}
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

// TestValidatorHistory: the node lists a transition for exactly the blocks
// whose next set differs from their own (A→B named by block 3, B→C by
// block 6), only those before the proven block, assembles each once, and
// refuses when its history starts after a change it cannot see.
func TestValidatorHistory(t *testing.T) {
	chain := []string{"A", "A", "A", "B", "B", "B", "C", "C", "C", "C"} // blocks 1-9, then the next set
	tests := []struct {
		name    string
		blocks  *fakeBlocks
		heights []int64 // asked in this order on one history
		want    []int64 // the change blocks of the last answer
		wantErr error
	}{
		{name: "never changed", blocks: &fakeBlocks{base: 1, sets: []string{"A", "A", "A", "A"}}, heights: []int64{3}},
		{name: "two changes", blocks: &fakeBlocks{base: 1, sets: chain}, heights: []int64{9}, want: []int64{3, 6}},
		{name: "before the second", blocks: &fakeBlocks{base: 1, sets: chain}, heights: []int64{6}, want: []int64{3}},
		{name: "at the first: its block is made by A", blocks: &fakeBlocks{base: 1, sets: chain}, heights: []int64{3}},
		{name: "cached, then further", blocks: &fakeBlocks{base: 1, sets: chain}, heights: []int64{5, 4, 9}, want: []int64{3, 6}},
		{name: "history from block 2, still A", blocks: &fakeBlocks{base: 2, sets: chain[1:]}, heights: []int64{9}, want: []int64{3, 6}},
		{name: "history from block 5, after a change", blocks: &fakeBlocks{base: 5, sets: chain[4:]}, heights: []int64{9},
			wantErr: proof.ErrValidators},
		{name: "block missing", blocks: &fakeBlocks{base: 1, sets: chain[:5]}, heights: []int64{9}, wantErr: errors.New("")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var v validatorHistory
			src := &fakeLight{calls: map[string]int{}}
			var got []proof.Transition
			var err error
			for _, h := range tc.heights {
				got, err = v.transitions(context.Background(), tc.blocks, setHash("A"), 1, h, src)
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
			var heights []int64
			for _, tr := range got {
				heights = append(heights, tr.Header.Height)
			}
			if fmt.Sprint(heights) != fmt.Sprint(tc.want) {
				t.Fatalf("transitions at %v, want %v", heights, tc.want)
			}
			for call, n := range src.calls {
				if n != 1 {
					t.Errorf("%s asked %d times", call, n)
				}
			}
			for _, h := range tc.want {
				if src.calls[fmt.Sprint("vals ", h+1)] != 1 {
					t.Errorf("the next set of change %d was read from block %d? calls %v", h, h+1, src.calls)
				}
			}
		})
	}
}
