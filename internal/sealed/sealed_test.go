package sealed

import (
	"errors"
	"slices"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// TestSealOpenDomains: readers open, others cannot, and the domain is
// part of the seal: a blob sealed for one purpose never opens as another.
func TestSealOpenDomains(t *testing.T) {
	for _, name := range []string{cryptosuite.GM, cryptosuite.Intl} {
		s, _ := cryptosuite.ByName(name)
		keys := map[string]cryptosuite.PrivateKey{}
		enc := map[string][]byte{}
		for _, d := range []string{"fin", "aud", "eeb"} {
			k, err := s.GenerateKey()
			if err != nil {
				t.Fatal(err)
			}
			keys[d], enc[d] = k, k.Public().Bytes()
		}
		readers, err := Readers(s, []string{"fin", "aud"}, enc)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Seal(s, readers, DomainFinancePayee, []byte(`{"name":"宋江"}`))
		if err != nil {
			t.Fatal(err)
		}
		if err := b.CheckSize(); err != nil {
			t.Fatal(err)
		}
		for _, d := range []string{"fin", "aud"} {
			if got, err := Open(s, b, DomainFinancePayee, d, keys[d]); err != nil || string(got) != `{"name":"宋江"}` {
				t.Fatalf("%s %s: %s %v", name, d, got, err)
			}
		}
		if _, err := Open(s, b, DomainFinancePayee, "eeb", keys["eeb"]); !errors.Is(err, ErrNotReader) {
			t.Fatalf("eeb: %v", err)
		}
		if _, err := Open(s, b, DomainLandApplicant, "fin", keys["fin"]); !errors.Is(err, cryptosuite.ErrDecrypt) {
			t.Fatalf("%s: opened under another domain: %v", name, err)
		}
		missing, extra := b.CheckReaders([]string{"fin", "gov"})
		if !slices.Equal(missing, []string{"gov"}) || !slices.Equal(extra, []string{"aud"}) {
			t.Fatalf("CheckReaders: missing %v extra %v", missing, extra)
		}
		if _, err := Readers(s, []string{"gov"}, enc); err == nil {
			t.Fatal("a reader without an encryption key")
		}
		big := &Box{Ciphertext: make([]byte, MaxCiphertext+1), WrappedKeys: b.WrappedKeys}
		if big.CheckSize() == nil || (&Box{Ciphertext: b.Ciphertext}).CheckSize() == nil {
			t.Fatal("CheckSize admits an oversized or readerless blob")
		}
	}
}
