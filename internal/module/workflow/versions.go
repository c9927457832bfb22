package workflow

import (
	"github.com/pingshan/govchain/internal/store"
)

// Versions lists every published version of a definition, oldest first;
// ErrDefinitionNotFound when none is.
func Versions(r store.Reader, id string) ([]*Definition, error) {
	latest, err := LatestVersion(r, id)
	if err != nil {
		return nil, err
	}
	if latest == 0 {
		_, err := GetDefinition(r, id, 0) // the not-found error, worded once
		return nil, err
	}
	out := make([]*Definition, 0, latest)
	for v := uint32(1); v <= latest; v++ {
		d, err := GetDefinition(r, id, v)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// NeedsProposal reports whether the next version of d takes a governance
// proposal: d involves more than one department.
func (d *Definition) NeedsProposal() bool { return len(d.Involved()) > 1 }
