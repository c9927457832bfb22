package governance

import "github.com/pingshan/govchain/internal/errcode"

// Codes of software upgrades, from 40 up: 18–39 are left to the other
// proposal types being added beside this one. Stable numbers; append only.
var (
	ErrUpgradeSchedule = errcode.Register("governance", 45, errcode.KindConflict, "the upgrade cannot be scheduled or cancelled")
)
