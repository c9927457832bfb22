package feedback

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "feedback". Stable numbers; append only.
var (
	ErrInvalid          = errcode.Register("feedback", 1, errcode.KindInvalid, "invalid feedback")
	ErrNotFound         = errcode.Register("feedback", 2, errcode.KindNotFound, "feedback not found")
	ErrAlreadyRated     = errcode.Register("feedback", 3, errcode.KindConflict, "this case has already been rated")
	ErrCaseNotCompleted = errcode.Register("feedback", 4, errcode.KindConflict, "only a completed case can be rated")
	ErrCaseNotFound     = errcode.Register("feedback", 5, errcode.KindNotFound, "case not found")
	ErrNoCases          = errcode.Register("feedback", 6, errcode.KindConflict, "rating cases is not available on this chain")
	ErrOtherDepartment  = errcode.Register("feedback", 7, errcode.KindForbidden, "feedback is addressed to another department")
	ErrTaskNotFound     = errcode.Register("feedback", 8, errcode.KindNotFound, "rectification task not found")
	ErrTaskClosed       = errcode.Register("feedback", 9, errcode.KindConflict, "rectification task is already closed")
	ErrAlreadyHidden    = errcode.Register("feedback", 10, errcode.KindConflict, "text is already hidden")
	ErrDuplicate        = errcode.Register("feedback", 11, errcode.KindConflict, "receipt number already used")
	ErrRatingToken      = errcode.Register("feedback", 12, errcode.KindForbidden, "rating token does not match the case")
)
