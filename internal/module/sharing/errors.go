package sharing

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "sharing". Stable numbers; append only.
var (
	ErrInvalid          = errcode.Register("sharing", 1, errcode.KindInvalid, "invalid data sharing request")
	ErrResourceNotFound = errcode.Register("sharing", 2, errcode.KindNotFound, "data resource not found")
	ErrOtherDepartment  = errcode.Register("sharing", 3, errcode.KindForbidden, "the record belongs to another department")
	ErrRetired          = errcode.Register("sharing", 4, errcode.KindConflict, "the data resource is retired")
	ErrNotShared        = errcode.Register("sharing", 5, errcode.KindForbidden, "the resource is not shared (不予共享) and the request cites no legal basis")
	ErrFieldNotInScope  = errcode.Register("sharing", 6, errcode.KindInvalid, "a field is not in the resource or the grant")
	ErrRequestNotFound  = errcode.Register("sharing", 7, errcode.KindNotFound, "sharing request not found")
	ErrRequestState     = errcode.Register("sharing", 8, errcode.KindConflict, "the request is not in a state that allows this")
	ErrNotDataBureau    = errcode.Register("sharing", 9, errcode.KindForbidden, "only the data management bureau may arbitrate")
	ErrOwnResource      = errcode.Register("sharing", 10, errcode.KindConflict, "a department does not request its own resource")
	ErrGrantInvalid     = errcode.Register("sharing", 11, errcode.KindForbidden, "the grant does not cover this delivery (revoked, expired or used up)")
	ErrOverdue          = errcode.Register("sharing", 12, errcode.KindConflict, "the answer deadline has passed; the request is with the data management bureau")
	ErrCalendar         = errcode.Register("sharing", 13, errcode.KindInternal, "the working-day calendar cannot place the deadline")
	ErrNotServed        = errcode.Register("sharing", 14, errcode.KindUnavailable, "this node serves no data for the resource")
	ErrAccessNotFound   = errcode.Register("sharing", 15, errcode.KindNotFound, "access record not found")
	ErrNotForCase       = errcode.Register("sharing", 16, errcode.KindConflict, "the grant is not linked to the case, or the department is not reviewing it")
)
