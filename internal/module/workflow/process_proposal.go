package workflow

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// A process is changed in one of two ways. A department's admin publishes
// the next version of a process that is theirs alone (publish_definition).
// A process that involves several departments — more than one department
// among its owner and the departments of its steps, in the current version
// or the proposed one — changes only when the committee passes a
// governance proposal of type "process" (module.ProcessKeeper below): the
// departments whose staff will work the new steps have agreed to them.

// Involved lists the departments a definition involves: its owner and
// every department of its steps, sorted, without repeats.
func (d *Definition) Involved() []string {
	out := d.Departments()
	for _, x := range out {
		if x == d.Owner {
			return out
		}
	}
	return insertSorted(out, d.Owner)
}

func insertSorted(s []string, x string) []string {
	i := 0
	for i < len(s) && s[i] < x {
		i++
	}
	if i < len(s) && s[i] == x {
		return s
	}
	return append(s[:i], append([]string{x}, s[i:]...)...)
}

// refuseSeveral refuses a direct publish of d when d, or the version
// latest it would replace, involves more than one department. The old
// version's departments count as the ones holding their work now: after a
// merger, the successor republishes a process that was the merged
// department's alone as its own.
func refuseSeveral(r store.Reader, d *Definition, latest uint32) error {
	involved := d.Involved()
	if latest > 0 {
		old, err := GetDefinition(r, d.ID, latest)
		if err != nil {
			return err
		}
		for _, x := range old.Involved() {
			heir, err := identity.Successor(r, x)
			if err != nil {
				return err
			}
			if heir == "" { // retired without a successor: no one's work
				continue
			}
			involved = insertSorted(involved, heir)
		}
	}
	if len(involved) > 1 {
		return fmt.Errorf("%w: %q involves %s, so its next version takes a passed proposal (govchain gov propose --type process --payload FILE)",
			ErrNeedsProposal, d.ID, strings.Join(involved, ", "))
	}
	return nil
}

// decodeProposed reads a proposed definition strictly. Its version may be
// given: the version the proposers mean it to become, checked when the
// proposal opens and again when it executes, so a vote is never applied
// over a version nobody voted on. The other chain-set fields may not.
func decodeProposed(raw json.RawMessage) (*Definition, uint32, error) {
	var d Definition
	if err := module.DecodeStrict(raw, &d); err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrDefinitionInvalid, err)
	}
	want := d.Version
	d.Version = 0
	if err := chainSetFields(&d); err != nil {
		return nil, 0, fmt.Errorf("%w: %v", ErrDefinitionInvalid, err)
	}
	return &d, want, nil
}

// CanonicalProcess implements module.ProcessKeeper: the proposed definition
// decoded without state and written back in one spelling.
func (Module) CanonicalProcess(raw json.RawMessage) (json.RawMessage, string, error) {
	d, want, err := decodeProposed(raw)
	if err != nil {
		return nil, "", err
	}
	if !defIDPattern.MatchString(d.ID) {
		return nil, "", fmt.Errorf("%w: id %q must match %s", ErrDefinitionInvalid, d.ID, defIDPattern)
	}
	d.Version = want
	out, err := json.Marshal(d)
	return out, d.ID, err
}

// checkProposed validates a proposed definition against state as
// publishing would and checks the version it names.
func checkProposed(r store.Reader, raw json.RawMessage) (*Definition, error) {
	d, want, err := decodeProposed(raw)
	if err != nil {
		return nil, err
	}
	next, err := checkNext(r, d)
	if err != nil {
		return nil, err
	}
	if want != 0 && want != next {
		return nil, fmt.Errorf("%w: version: the proposal is for version %d of %q but its next version is %d", ErrDefinitionInvalid, want, d.ID, next)
	}
	return d, nil
}

// ValidateProcess implements module.ProcessKeeper: governance calls it
// before a process proposal opens.
func (Module) ValidateProcess(r store.Reader, raw json.RawMessage) error {
	_, err := checkProposed(r, raw)
	return err
}

// PublishProcess implements module.ProcessKeeper: a passed proposal
// publishes its definition, validated once more against the state of the
// block it passes in (a department it names may have been retired since).
func (Module) PublishProcess(ctx *module.Context, raw json.RawMessage, proposal uint64) (uint32, error) {
	d, err := checkProposed(ctx.KV, raw)
	if err != nil {
		return 0, err
	}
	out, err := publish(ctx, d, "governance", proposal, false)
	if err != nil {
		return 0, err
	}
	return out.Version, nil
}

// Module is the keeper of process definitions that governance publishes through.
var _ module.ProcessKeeper = Module{}
