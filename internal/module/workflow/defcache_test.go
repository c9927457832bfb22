package workflow_test

import (
	"errors"
	"testing"

	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestDefinitionCache: a cached published version equals what the store
// holds and is served from memory after the first read; a version not
// published is an error and is not cached; version 0 follows the latest.
func TestDefinitionCache(t *testing.T) {
	c := newChain(t, "gm")
	var dc workflow.DefinitionCache
	want, err := workflow.GetDefinition(c.State(), "land-use", 1)
	if err != nil {
		t.Fatal(err)
	}
	first, err := dc.Get(c.State(), "land-use", 1)
	if err != nil || first.ID != want.ID || first.Version != 1 || len(first.Steps) != len(want.Steps) {
		t.Fatalf("first read: %+v %v", first, err)
	}
	if again, _ := dc.Get(c.State(), "land-use", 1); again != first {
		t.Fatal("the second read decoded the definition again")
	}
	for _, v := range []uint32{7, 7} {
		if _, err := dc.Get(c.State(), "land-use", v); !errors.Is(err, workflow.ErrDefinitionNotFound) {
			t.Fatalf("version %d: %v", v, err)
		}
	}
	if d, err := dc.Get(c.State(), "land-use", 0); err != nil || d.Version != 1 {
		t.Fatalf("latest: %+v %v", d, err)
	}
}
