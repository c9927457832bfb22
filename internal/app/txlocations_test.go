package app

import "testing"

// TestRecentTxLog: the log of a tx its handler refused is kept with the
// last blocks' tx locations (the portal shows it to the sender, with
// CometBFT's tx index and stored results off), a successful tx has none,
// and both are forgotten with their block.
func TestRecentTxLog(t *testing.T) {
	c := newTestChain(t, "gm")
	ok := c.sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": "t"})
	dup := c.sign("nrb-clerk", "notary", "anchor", map[string]string{"doc_hash": docHash(1), "title": "t"})
	res := c.block(ok, dup)
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
			l, found := c.app.RecentTxLog(c.app.suite.Hash(tc.raw))
			if found != tc.wantOK || l != tc.wantLog {
				t.Fatalf("RecentTxLog = %q, %v; want %q, %v", l, found, tc.wantLog, tc.wantOK)
			}
		})
	}
	for i := 0; i < recentTxBlocks; i++ {
		c.block()
	}
	if _, found := c.app.RecentTxLog(c.app.suite.Hash(dup)); found {
		t.Fatal("log kept after its block left the recent window")
	}
}
