package finance

import (
	"encoding/json"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// testSealer seals for fresh fin and aud keys of the intl suite.
func testSealer(t testing.TB) *PayeeSealer {
	t.Helper()
	s, _ := cryptosuite.ByName(cryptosuite.Intl)
	keys := map[string][]byte{}
	for _, d := range DefaultParams().PayeeReaders {
		k, err := s.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		keys[d] = k.Public().Bytes()
	}
	ps, err := NewPayeeSealerFor(s, DefaultParams().PayeeReaders, keys)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// Every seed must lay out a valid year: pools large enough, dates inside
// the year, payloads that pass their own validation.
func TestDemoYearShape(t *testing.T) {
	ps := testSealer(t)
	for seed := range int64(50) {
		for _, txs := range [][]DemoTx{DemoYear(seed, 2025), CleanYear(seed, 2025)} {
			for i, tx := range txs {
				var a Module
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
	a, _ := json.Marshal(DemoYear(7, 2025))
	b, _ := json.Marshal(DemoYear(7, 2025))
	c, _ := json.Marshal(DemoYear(8, 2025))
	if string(a) != string(b) || string(a) == string(c) {
		t.Fatal("DemoYear must depend on its seed and nothing else")
	}
}
