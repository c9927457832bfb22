package land

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "land". Stable numbers; append only.
var (
	ErrInvalid         = errcode.Register("land", 1, errcode.KindInvalid, "invalid land record")
	ErrParcelExists    = errcode.Register("land", 2, errcode.KindConflict, "parcel already registered")
	ErrParcelNotFound  = errcode.Register("land", 3, errcode.KindNotFound, "parcel not found")
	ErrParcelBusy      = errcode.Register("land", 4, errcode.KindConflict, "parcel has an open application")
	ErrCaseNotFound    = errcode.Register("land", 5, errcode.KindNotFound, "land case not found")
	ErrCaseState       = errcode.Register("land", 6, errcode.KindConflict, "land case is not in a state that allows this")
	ErrWrongDepartment = errcode.Register("land", 7, errcode.KindForbidden, "action belongs to another department")
	ErrDocNotFound     = errcode.Register("land", 8, errcode.KindNotFound, "no approval document with this verification code")
)
