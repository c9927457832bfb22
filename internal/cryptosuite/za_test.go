package cryptosuite

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"sync"
	"testing"

	"github.com/emmansun/gmsm/sm2"
)

// TestCachedZAMatchesUncached: gmPublicKey keeps ZA from parse time and
// verifies SM3(ZA‖msg) with gmsm's plain VerifyASN1. gmsm's
// VerifyASN1WithSM2 recomputes ZA from the key and the UID on every call;
// both must give the same answer for good and bad signatures, several keys
// and signatures made under other UIDs. A slip (a stale ZA, the wrong key's
// ZA, a different default UID) would show as a disagreement here.
func TestCachedZAMatchesUncached(t *testing.T) {
	const n = 3
	var privs []*gmPrivateKey
	for range n {
		k, err := gmSuite{}.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		privs = append(privs, k.(*gmPrivateKey))
	}
	msg := []byte("govchain tx sign bytes")
	defaultUID := []byte("1234567812345678")
	otherUID := []byte("pingshan@gov.cn")
	type sigCase struct {
		name   string
		signer int
		msg    []byte
		sig    []byte
	}
	var sigs []sigCase
	for i, k := range privs {
		good, err := k.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		withDefault, err := sm2.SignASN1(rand.Reader, k.priv, msg, sm2.NewSM2SignerOption(true, defaultUID))
		if err != nil {
			t.Fatal(err)
		}
		withOther, err := sm2.SignASN1(rand.Reader, k.priv, msg, sm2.NewSM2SignerOption(true, otherUID))
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs,
			sigCase{fmt.Sprintf("key%d/ours", i), i, msg, good},
			sigCase{fmt.Sprintf("key%d/gmsm default uid", i), i, msg, withDefault},
			sigCase{fmt.Sprintf("key%d/other uid", i), i, msg, withOther},
			sigCase{fmt.Sprintf("key%d/flipped sig", i), i, msg, flip(good, len(good)-1)},
			sigCase{fmt.Sprintf("key%d/other msg", i), i, []byte("govchain tx sign byteS"), good},
			sigCase{fmt.Sprintf("key%d/truncated sig", i), i, msg, good[:len(good)-2]},
			sigCase{fmt.Sprintf("key%d/empty sig", i), i, msg, nil},
		)
	}
	for _, sc := range sigs {
		for v, k := range privs {
			t.Run(fmt.Sprintf("%s/verifier key%d", sc.name, v), func(t *testing.T) {
				pub := k.pub
				// Freshly parsed, the path a node takes for a stored key.
				parsed, err := gmSuite{}.ParsePublicKey(pub.Bytes())
				if err != nil {
					t.Fatal(err)
				}
				cached := parsed.Verify(sc.msg, sc.sig)
				uncachedNil := sm2.VerifyASN1WithSM2(pub.pub, nil, sc.msg, sc.sig)
				uncachedDefault := sm2.VerifyASN1WithSM2(pub.pub, defaultUID, sc.msg, sc.sig)
				uncachedOther := sm2.VerifyASN1WithSM2(pub.pub, otherUID, sc.msg, sc.sig)
				if cached != uncachedNil || cached != uncachedDefault {
					t.Fatalf("cached ZA verify = %v, gmsm with nil uid = %v, with default uid = %v", cached, uncachedNil, uncachedDefault)
				}
				signedUnderOther := sc.name == fmt.Sprintf("key%d/other uid", sc.signer)
				wantTrue := v == sc.signer && (bytes.HasSuffix([]byte(sc.name), []byte("/ours")) || bytes.HasSuffix([]byte(sc.name), []byte("default uid")))
				if cached != wantTrue {
					t.Fatalf("verify = %v, want %v", cached, wantTrue)
				}
				if signedUnderOther && v == sc.signer && !uncachedOther {
					t.Fatalf("gmsm does not verify its own signature under the other uid: the test's premise is wrong")
				}
			})
		}
	}
}

// TestParsedZAIsCalculateZA: the ZA kept at parse time is gmsm's for the
// default UID, for each key.
func TestParsedZAIsCalculateZA(t *testing.T) {
	for i := range 4 {
		k, err := gmSuite{}.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		p, err := gmSuite{}.ParsePublicKey(k.Public().Bytes())
		if err != nil {
			t.Fatal(err)
		}
		gp := p.(*gmPublicKey)
		want, err := sm2.CalculateZA(gp.pub, []byte("1234567812345678"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(gp.za, want) {
			t.Fatalf("key %d: ZA = %x, want %x", i, gp.za, want)
		}
	}
}

// TestKeyCache: cached keys verify exactly as freshly parsed ones, bad keys
// are refused every time and not kept, the size stays bounded, and a key
// evicted from both generations is parsed again correctly.
func TestKeyCache(t *testing.T) {
	for _, s := range allSuites(t) {
		t.Run(s.Name(), func(t *testing.T) {
			const max = 4
			c := NewKeyCache(s, max)
			msg := []byte("m")
			type entry struct {
				raw []byte
				sig []byte
			}
			var keys []entry
			for range 3 * max {
				k := mustKey(t, s)
				sig, err := k.Sign(msg)
				if err != nil {
					t.Fatal(err)
				}
				keys = append(keys, entry{k.Public().Bytes(), sig})
			}
			for round := range 2 {
				for i, e := range keys {
					pub, err := c.Get(e.raw)
					if err != nil {
						t.Fatalf("round %d key %d: %v", round, i, err)
					}
					if !bytes.Equal(pub.Bytes(), e.raw) {
						t.Fatalf("round %d key %d: cache returned another key", round, i)
					}
					if !pub.Verify(msg, e.sig) {
						t.Fatalf("round %d key %d: own signature refused", round, i)
					}
					other := keys[(i+1)%len(keys)]
					if pub.Verify(msg, other.sig) {
						t.Fatalf("round %d key %d: another key's signature accepted", round, i)
					}
					if n := c.Len(); n > 2*max {
						t.Fatalf("cache holds %d keys, bound is %d", n, 2*max)
					}
				}
			}
			bad := badPublicKeys(t, s, keys[0].raw)
			for name, raw := range bad {
				for range 2 {
					if _, err := c.Get(raw); err == nil {
						t.Fatalf("bad key %s accepted", name)
					}
				}
			}
			if n := c.Len(); n > 2*max {
				t.Fatalf("cache holds %d keys after bad ones, bound is %d", n, 2*max)
			}
		})
	}
}

// TestKeyCacheHotKeyStays: a key used between misses survives generation
// turnover (it is promoted from the old generation).
func TestKeyCacheHotKeyStays(t *testing.T) {
	s := gmSuite{}
	c := NewKeyCache(s, 2)
	hot := mustKey(t, s).Public().Bytes()
	first, err := c.Get(hot)
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if _, err := c.Get(mustKey(t, s).Public().Bytes()); err != nil {
			t.Fatal(err)
		}
		got, err := c.Get(hot)
		if err != nil {
			t.Fatal(err)
		}
		if got != first {
			t.Fatal("hot key was parsed again: it fell out of the cache")
		}
	}
}

// TestKeyCacheConcurrent: CheckTx and FinalizeBlock (and any parallel
// verification) share one cache; run with -race.
func TestKeyCacheConcurrent(t *testing.T) {
	s := gmSuite{}
	c := NewKeyCache(s, 3)
	var raws [][]byte
	for range 8 {
		raws = append(raws, mustKey(t, s).Public().Bytes())
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 50 {
				raw := raws[(g+i)%len(raws)]
				pub, err := c.Get(raw)
				if err != nil || !bytes.Equal(pub.Bytes(), raw) {
					t.Errorf("Get: %v", err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
