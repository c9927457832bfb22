package workflow

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
)

// ActTransferred is the history action a department merger records on
// each open case whose open work it moved.
const ActTransferred = "transferred"

// MoveDepartment implements module.DepartmentMover: when governance merges
// department from into to, every open case with open work for from gets
// that work (its open visits, clock and deadline unchanged) moved to to,
// and a history entry saying so. Later steps that name from reach to
// through the definition's succession (withSuccessors). The scan collects
// before it writes: no write during iteration.
//
// The case's personal data stays sealed to the data keys it was sealed
// to: the successor's node reads it with the retired department's data
// key, which the merger hands over off chain (docs/governance.md).
func (Module) MoveDepartment(ctx *module.Context, from, to, why string) (int, error) {
	var moved []*Case
	var derr error
	err := ctx.KV.Iterate([]byte(casePrefix), func(_, v []byte) bool {
		c, err := decodeCase(v)
		if err != nil {
			derr = err
			return false
		}
		if c.Status == StatusOpen && c.openVisit(from) != nil {
			moved = append(moved, c)
		}
		return true
	})
	if err == nil {
		err = derr
	}
	if err != nil {
		return 0, err
	}
	if to == "" && len(moved) > 0 {
		return 0, fmt.Errorf("%w: %d open cases have work for %s (first %s)", ErrOpenWork, len(moved), from, moved[0].Number)
	}
	now := blockNow(ctx.BlockTime)
	for _, c := range moved {
		for i := range c.Visits {
			if c.Visits[i].Open() && c.Visits[i].Department == from {
				c.Visits[i].Department = to
			}
		}
		c.History = append(c.History, Entry{Seq: len(c.History), Step: c.Current, Action: ActTransferred,
			Actor: "governance", Department: to, At: now, Height: ctx.Height,
			Opinion: fmt.Sprintf("open work of %s moved to %s: %s", from, to, why)})
		if err := putCase(ctx.KV, c); err != nil {
			return 0, err
		}
		ctx.Emit("workflow.transferred", "case", c.Number, "from", from, "to", to)
	}
	return len(moved), nil
}

// withSuccessors is d as an open case executes it after mergers: every
// step and branch department that was retired is replaced by the live
// department that took over its work. The stored definition is unchanged
// (its history is what was published); a department retired without a
// successor stays named, so its steps cannot be acted on.
func withSuccessors(ctx *module.Context, d *Definition) (*Definition, error) {
	resolve := func(id string) (string, error) {
		if id == "" {
			return "", nil
		}
		s, err := identity.Successor(ctx.KV, id)
		if err != nil || s == "" {
			return id, err
		}
		return s, nil
	}
	out := *d
	out.Steps = make([]Step, len(d.Steps))
	for i, s := range d.Steps {
		var err error
		if s.Department, err = resolve(s.Department); err != nil {
			return nil, err
		}
		s.Branches = append([]Branch(nil), s.Branches...)
		for j := range s.Branches {
			if s.Branches[j].Department, err = resolve(s.Branches[j].Department); err != nil {
				return nil, err
			}
		}
		out.Steps[i] = s
	}
	return &out, nil
}

// refuseRetired refuses a new case of a definition that names a retired
// department: its personal data would be sealed to a department that no
// longer acts. The owner publishes a new version naming the successor.
func refuseRetired(ctx *module.Context, d *Definition) error {
	for _, id := range d.Departments() {
		if _, err := identity.LiveDepartment(ctx.KV, id); err != nil {
			return fmt.Errorf("%w: %s version %d names %v; publish a new version", ErrRetiredDepartment, d.ID, d.Version, err)
		}
	}
	return nil
}
