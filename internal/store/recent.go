package store

import "sort"

// The off-chain index reads every version's changes right after it
// commits. Walking two IAVL versions to diff them cost more than indexing
// the changes themselves, so the store remembers what its last commits
// changed (it applied those writes itself, in flush) and serves recent
// versions from memory; anything older is diffed from the tree as before.
const (
	recentMaxVersions = 64
	recentMaxPairs    = 200_000
)

// change is one key a version wrote or deleted, as IAVL's diff reports it:
// every Set counts (even of an unchanged value), a Delete only if the key
// existed.
type change struct {
	key, value []byte
	deleted    bool
	existed    bool // the key was in the last saved version (pending bookkeeping only)
}

type versionChanges struct {
	version int64
	changes []change // key order
}

// noteFlushed records a write applied to the working tree; existed says
// whether the key was in the tree just before it.
func (s *Store) noteFlushed(c change, existed bool) {
	if s.unsaved == nil {
		s.unsaved = map[string]change{}
	}
	c.existed = existed
	if prev, ok := s.unsaved[string(c.key)]; ok {
		c.existed = prev.existed // what counts is the state before this version
	}
	s.unsaved[string(c.key)] = c
}

// rememberSaved files the working tree's changes under version v; called
// with s.mu held.
func (s *Store) rememberSaved(v int64) {
	cs := make([]change, 0, len(s.unsaved))
	for _, c := range s.unsaved {
		if c.deleted && !c.existed {
			continue // created and deleted within the version: no change
		}
		cs = append(cs, c)
	}
	sort.Slice(cs, func(i, j int) bool { return string(cs[i].key) < string(cs[j].key) })
	s.unsaved = nil
	if n := len(s.recent); n > 0 && s.recent[n-1].version != v-1 {
		s.recent = nil // a gap (never expected): only contiguous runs are served
	}
	s.recent = append(s.recent, versionChanges{version: v, changes: cs})
	pairs := 0
	for _, r := range s.recent {
		pairs += len(r.changes)
	}
	for len(s.recent) > 1 && (len(s.recent) > recentMaxVersions || pairs > recentMaxPairs) {
		pairs -= len(s.recent[0].changes)
		s.recent = s.recent[1:]
	}
}

// recentChanges returns the remembered change sets for from..to, or false
// if memory does not cover the whole range; called with s.mu held.
func (s *Store) recentChanges(from, to int64) ([]versionChanges, bool) {
	if len(s.recent) == 0 || from < s.recent[0].version || to > s.recent[len(s.recent)-1].version {
		return nil, false
	}
	first := s.recent[0].version
	return s.recent[from-first : to-first+1], true
}

func (s *Store) forgetRecent() {
	s.recent, s.unsaved = nil, nil
}
