package participation

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
)

// MoveDepartment implements module.DepartmentMover: when from merges into
// to, its activities that have not started yet move to to (with their
// sign-ups), so the successor runs them and records attendance. The
// sign-ups' names and phones stay sealed to from's data key, which the
// successor receives with the merger (docs/participation.md). Stories,
// past activities and return visits are history and stay with from. With
// no successor (to == "") nothing moves. It collects before it writes.
func (Module) MoveDepartment(ctx *module.Context, from, to, why string) (int, error) {
	if to == "" {
		return 0, nil
	}
	acts, err := module.ListRecords[Activity](ctx.KV, activityPrefix)
	if err != nil {
		return 0, err
	}
	moving := map[uint64]*Activity{}
	var order []*Activity
	for _, a := range acts {
		if a.Department == from && a.State == ActivityOpen && ctx.BlockTime.Before(a.Start) {
			moving[a.ID] = a
			order = append(order, a)
		}
	}
	if len(order) == 0 {
		return 0, nil
	}
	signups, err := module.ListRecords[Signup](ctx.KV, signupPrefix)
	if err != nil {
		return 0, err
	}
	for _, a := range order {
		a.Department = to
		if err := put(ctx.KV, ActivityKey(a.ID), a); err != nil {
			return 0, err
		}
		ctx.Emit("participation.activity_transferred", "activity", fmt.Sprint(a.ID), "from", from, "to", to, "authority", why)
	}
	for _, s := range signups {
		if moving[s.Activity] != nil {
			s.Department = to
			if err := put(ctx.KV, SignupKey(s.Receipt), s); err != nil {
				return 0, err
			}
		}
	}
	return len(order), nil
}
