package app_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/app"
)

// TestRecentTxLog: the log of a tx its handler refused is kept with the
// last blocks' tx locations (the portal shows it to the sender, with
// CometBFT's tx index and stored results off), a successful tx has none,
// and both are forgotten with their block.
func TestRecentTxLog(t *testing.T) {
	c := newTestChain(t, "gm")
	ok := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": "t"})
	dup := c.Sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": "t"})
	res := c.Block(ok, dup)
	if res[0].Code != 0 || res[1].Code == 0 {
		t.Fatalf("codes %d, %d: want success then refusal", res[0].Code, res[1].Code)
	}
	tests := []struct {
		name    string
		raw     []byte
		wantLog string
		wantOK  bool
	}{
		{"refused tx keeps its log", dup, res[1].Log, true},
		{"successful tx has none", ok, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, found := c.App.RecentTxLog(c.Suite.Hash(tc.raw))
			if found != tc.wantOK || l != tc.wantLog {
				t.Fatalf("RecentTxLog = %q, %v; want %q, %v", l, found, tc.wantLog, tc.wantOK)
			}
		})
	}
	for i := 0; i < app.RecentTxBlocks; i++ {
		c.Block()
	}
	if _, found := c.App.RecentTxLog(c.Suite.Hash(dup)); found {
		t.Fatal("log kept after its block left the recent window")
	}
}
