package disclosure

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "disclosure". Stable numbers; append only.
var (
	ErrInvalid         = errcode.Register("disclosure", 1, errcode.KindInvalid, "invalid disclosure")
	ErrNotFound        = errcode.Register("disclosure", 2, errcode.KindNotFound, "disclosure not found")
	ErrOtherDepartment = errcode.Register("disclosure", 3, errcode.KindForbidden, "disclosure belongs to another department")
	ErrStaleVersion    = errcode.Register("disclosure", 4, errcode.KindConflict, "an amendment must amend the latest version")
)
