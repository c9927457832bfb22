package workflow

import (
	"sync"

	"github.com/pingshan/govchain/internal/store"
)

// DefinitionCache keeps decoded process definitions for read paths. A
// published version is written once and never changed (publish stores the
// next version), so a committed (id, version) always decodes to the same
// definition: a citizen's case lookup no longer reads and decodes it per
// request (about 7 % of the lookup's CPU at a million cases). Callers must
// not modify what Get returns.
type DefinitionCache struct {
	mu sync.Mutex
	m  map[defID]*Definition
}

type defID struct {
	id      string
	version uint32
}

// maxCachedDefinitions bounds the cache; a city has a few processes with a
// few versions each, so reaching it means something asks for many: start
// over rather than grow.
const maxCachedDefinitions = 256

// Get is GetDefinition for a published version (version 0, "the latest",
// is not cached: it moves).
func (c *DefinitionCache) Get(r store.Reader, id string, version uint32) (*Definition, error) {
	if version == 0 {
		return GetDefinition(r, id, 0)
	}
	k := defID{id, version}
	c.mu.Lock()
	d := c.m[k]
	c.mu.Unlock()
	if d != nil {
		return d, nil
	}
	d, err := GetDefinition(r, id, version)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil || len(c.m) >= maxCachedDefinitions {
		c.m = map[defID]*Definition{}
	}
	c.m[k] = d
	c.mu.Unlock()
	return d, nil
}
