package finance

import (
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
