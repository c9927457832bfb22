package cryptosuite

import "sync"

// DefaultKeyCacheSize bounds a KeyCache: a parsed SM2 key after its first
// verification holds about 1.4 KB (measured: the point, its ZA, gmsm's
// internal form and weak-pointer cache entry, the map slot), so 32,768
// signers cost ~45 MB, at most twice that while a generation turns over. A
// city's active signers in any hour fit; a million citizen accounts would
// take ~1.4 GB unbounded, which is why the cache is bounded at all.
const DefaultKeyCacheSize = 1 << 15

// KeyCache keeps parsed public keys by their encoded bytes. Parsing an SM2
// point checks it on the curve and computes ZA = SM3(ENTL‖ID‖a‖b‖G‖Q), about
// as much work as half a verification; a signer's key never changes for its
// address, so each node does that once per signer rather than once per tx.
//
// The bound is kept with two generations instead of an exact LRU: a miss
// goes into the current one; when it is full, it becomes the old one and
// the previous old one is dropped; a hit in the old one moves the key back
// to the current one. Keys used at least once per generation stay; the
// cost per hit is one read-locked map lookup.
type KeyCache struct {
	suite Suite
	max   int

	mu       sync.RWMutex
	cur, old map[string]PublicKey
}

// NewKeyCache makes a cache of at most about max keys per generation
// (max <= 0 means DefaultKeyCacheSize).
func NewKeyCache(s Suite, max int) *KeyCache {
	if max <= 0 {
		max = DefaultKeyCacheSize
	}
	return &KeyCache{suite: s, max: max, cur: map[string]PublicKey{}}
}

// Get returns the parsed key for raw, parsing it on a miss. A key that does
// not parse is not kept: its error is returned each time.
func (c *KeyCache) Get(raw []byte) (PublicKey, error) {
	c.mu.RLock()
	pub, ok := c.cur[string(raw)]
	if !ok {
		pub, ok = c.old[string(raw)]
		if ok {
			c.mu.RUnlock()
			c.put(string(raw), pub)
			return pub, nil
		}
	}
	c.mu.RUnlock()
	if ok {
		return pub, nil
	}
	pub, err := c.suite.ParsePublicKey(raw)
	if err != nil {
		return nil, err
	}
	c.put(string(raw), pub)
	return pub, nil
}

func (c *KeyCache) put(k string, pub PublicKey) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.cur) >= c.max {
		c.old, c.cur = c.cur, make(map[string]PublicKey, c.max/4)
	}
	c.cur[k] = pub
}

// Len is the number of keys held (both generations; a key promoted from
// the old one may count twice until that one is dropped).
func (c *KeyCache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.cur) + len(c.old)
}
