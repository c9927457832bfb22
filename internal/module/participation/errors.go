package participation

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "participation". Stable numbers; append only.
var (
	ErrInvalid          = errcode.Register("participation", 1, errcode.KindInvalid, "invalid participation request")
	ErrStoryNotFound    = errcode.Register("participation", 2, errcode.KindNotFound, "showcase story not found")
	ErrActivityNotFound = errcode.Register("participation", 3, errcode.KindNotFound, "activity not found")
	ErrSignupNotFound   = errcode.Register("participation", 4, errcode.KindNotFound, "sign-up not found")
	ErrOtherDepartment  = errcode.Register("participation", 5, errcode.KindForbidden, "the record belongs to another department")
	ErrCaseNotCompleted = errcode.Register("participation", 6, errcode.KindConflict, "only a completed case can be showcased")
	ErrStoryState       = errcode.Register("participation", 7, errcode.KindConflict, "the story is already withdrawn")
	ErrFull             = errcode.Register("participation", 8, errcode.KindConflict, "the activity is full")
	ErrSignupClosed     = errcode.Register("participation", 9, errcode.KindConflict, "sign-ups for this activity are closed")
	ErrSignupState      = errcode.Register("participation", 10, errcode.KindConflict, "the sign-up is not in a state that allows this")
	ErrCancelCode       = errcode.Register("participation", 11, errcode.KindForbidden, "the cancel code does not match the sign-up")
	ErrNotStarted       = errcode.Register("participation", 12, errcode.KindConflict, "attendance can be recorded only once the activity has started")
	ErrTaskNotClosed    = errcode.Register("participation", 13, errcode.KindConflict, "the rectification is not closed yet")
	ErrAlreadyAnswered  = errcode.Register("participation", 14, errcode.KindConflict, "the return visit has already been answered")
	ErrRatingToken      = errcode.Register("participation", 15, errcode.KindForbidden, "the case code does not match the rated case")
	ErrDuplicate        = errcode.Register("participation", 16, errcode.KindConflict, "receipt number already used")
	ErrActivityState    = errcode.Register("participation", 17, errcode.KindConflict, "the activity is cancelled")
)
