package finance_test

import (
	"encoding/json"
	"testing"

	"github.com/pingshan/govchain/internal/demo/financeyear"
	"github.com/pingshan/govchain/internal/module/finance"
)

// Every seed must lay out a valid year: pools large enough, dates inside
// the year, payloads that pass their own validation.
func TestDemoYearShape(t *testing.T) {
	ps := finance.NewTestSealer(t)
	for seed := range int64(50) {
		for _, txs := range [][]financeyear.DemoTx{financeyear.DemoYear(seed, 2025), financeyear.CleanYear(seed, 2025)} {
			for i, tx := range txs {
				var a finance.Module
				ok := false
				for _, act := range a.Actions() {
					if act.Name == tx.Action {
						ok = true
						b, err := ps.SealPayload("finance", tx.Action, tx.Payload)
						if err != nil {
							t.Fatalf("seed %d tx %d %s: %v", seed, i, tx.Action, err)
						}
						if _, err := act.Decode(b); err != nil {
							t.Fatalf("seed %d tx %d %s: %v", seed, i, tx.Action, err)
						}
					}
				}
				if !ok {
					t.Fatalf("seed %d tx %d: unknown action %s", seed, i, tx.Action)
				}
			}
		}
	}
	a, _ := json.Marshal(financeyear.DemoYear(7, 2025))
	b, _ := json.Marshal(financeyear.DemoYear(7, 2025))
	c, _ := json.Marshal(financeyear.DemoYear(8, 2025))
	if string(a) != string(b) || string(a) == string(c) {
		t.Fatal("DemoYear must depend on its seed and nothing else")
	}
}
