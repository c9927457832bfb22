package node

import (
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/proof"
)

// TestProofHeadersFollowHeight: a checked header is kept per state
// version; a seen commit (not canonical) only while its block is the
// newest, so once the next block commits the canonical one is read, as a
// fresh read would give; a failure is not kept; the versions kept are
// bounded, the lowest going first.
func TestProofHeadersFollowHeight(t *testing.T) {
	var c proofHeaders
	loads := 0
	loader := func(canonical bool, err error) func() (*proof.Header, bool, error) {
		return func() (*proof.Header, bool, error) {
			loads++
			if err != nil {
				return nil, false, err
			}
			return &proof.Header{StateVersion: int64(loads)}, canonical, nil
		}
	}
	steps := []struct {
		name      string
		version   int64
		newest    int64
		canonical bool
		err       error
		wantLoad  bool
	}{
		{"first read of the newest block's seen commit", 10, 11, false, nil, true},
		{"same height: kept", 10, 11, false, nil, false},
		{"next block committed: read again", 10, 12, true, nil, true},
		{"canonical: kept as the chain grows", 10, 20, true, nil, false},
		{"another version", 11, 20, true, nil, true},
		{"a failure", 12, 13, false, errors.New("no commit"), true},
		{"a failure is not kept", 12, 13, false, nil, true},
		{"then kept", 12, 13, false, nil, false},
	}
	for _, s := range steps {
		before := loads
		h, err := c.get(s.version, s.newest, loader(s.canonical, s.err))
		if (err != nil) != (s.err != nil) || (err == nil && h == nil) {
			t.Fatalf("%s: %v, %v", s.name, h, err)
		}
		if loaded := loads > before; loaded != s.wantLoad {
			t.Fatalf("%s: loaded %v, want %v", s.name, loaded, s.wantLoad)
		}
	}
	for v := int64(100); v < 100+2*maxProofHeaders; v++ {
		if _, err := c.get(v, v+1, loader(true, nil)); err != nil {
			t.Fatal(err)
		}
	}
	if len(c.entries) > maxProofHeaders {
		t.Fatalf("%d versions kept, bound %d", len(c.entries), maxProofHeaders)
	}
	if c.entries[100+2*maxProofHeaders-1] == nil || c.entries[100] != nil {
		t.Fatal("the newest version should be kept and the lowest gone")
	}
}
