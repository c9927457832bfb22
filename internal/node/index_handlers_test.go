package node

import (
	"slices"
	"testing"
)

// The index is fed by the handlers of the modules in app.Modules(): a module
// added to that one list gets its tables without a second registration.
func TestIndexHandlersFollowModuleList(t *testing.T) {
	var names []string
	for _, h := range IndexHandlers() {
		names = append(names, h.Name())
	}
	want := []string{"finance", "disclosures", "feedback", "workflow", "land", "sharing", "evaluation", "participation"}
	for _, n := range want {
		if !slices.Contains(names, n) {
			t.Errorf("index handlers %v lack %s", names, n)
		}
	}
	if len(names) != 2+len(want) {
		t.Errorf("index handlers %v: want the two core handlers and %d module handlers", names, len(want))
	}
}
