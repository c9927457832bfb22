package web

import "testing"

// TestCaseAccessFromArea: the check behind 好差评 ratings comes from an
// area's site.Extension through fromSite, not from the core. Dropping it in
// the adapter would not fail any build: the rating form would just say
// ratings are unavailable.
func TestCaseAccessFromArea(t *testing.T) {
	var with []string
	for _, e := range portalExtensions() {
		if e.CaseAccess != nil {
			with = append(with, e.Name)
		}
	}
	if len(with) != 1 || with[0] != "workflow" {
		t.Fatalf("areas with CaseAccess: %v, want [workflow]", with)
	}
	p := &Portal{exts: portalExtensions()}
	if p.core().CaseAccess() == nil {
		t.Fatal("Core.CaseAccess() is nil with the workflow area listed")
	}
	if (&Portal{}).core().CaseAccess() != nil {
		t.Fatal("Core.CaseAccess() without any area: not nil")
	}
}
