package workflow

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "workflow". Stable numbers; append only.
var (
	ErrDefinitionInvalid    = errcode.Register("workflow", 1, errcode.KindInvalid, "invalid process definition")
	ErrDefinitionNotFound   = errcode.Register("workflow", 2, errcode.KindNotFound, "process definition not found")
	ErrNotOwner             = errcode.Register("workflow", 3, errcode.KindForbidden, "process definition belongs to another department")
	ErrCaseNotFound         = errcode.Register("workflow", 4, errcode.KindNotFound, "case not found")
	ErrCaseClosed           = errcode.Register("workflow", 5, errcode.KindConflict, "case is closed")
	ErrWrongStep            = errcode.Register("workflow", 6, errcode.KindConflict, "step is not the case's current step")
	ErrWrongDepartment      = errcode.Register("workflow", 7, errcode.KindForbidden, "department is not responsible for this step")
	ErrWrongRole            = errcode.Register("workflow", 8, errcode.KindForbidden, "role may not act at this step")
	ErrActionNotAllowed     = errcode.Register("workflow", 9, errcode.KindConflict, "action not allowed at this step")
	ErrMissingAttachment    = errcode.Register("workflow", 10, errcode.KindInvalid, "required attachment missing")
	ErrBranchDone           = errcode.Register("workflow", 11, errcode.KindConflict, "department has already completed its part of this step")
	ErrAwaitingMaterials    = errcode.Register("workflow", 12, errcode.KindConflict, "case is awaiting materials from the applicant")
	ErrNotAwaitingMaterials = errcode.Register("workflow", 13, errcode.KindConflict, "case is not awaiting materials")
	ErrNotInNotice          = errcode.Register("workflow", 14, errcode.KindConflict, "case is not in a public-notice period")
	ErrNoticeNotElapsed     = errcode.Register("workflow", 15, errcode.KindConflict, "public-notice period has not ended")
	ErrObjectionsUnanswered = errcode.Register("workflow", 16, errcode.KindConflict, "objections are unanswered")
	ErrObjectionNotFound    = errcode.Register("workflow", 17, errcode.KindNotFound, "objection not found")
	ErrObjectionAnswered    = errcode.Register("workflow", 18, errcode.KindConflict, "objection already answered")
	ErrInvalidField         = errcode.Register("workflow", 19, errcode.KindInvalid, "case fields do not match the definition")
	ErrPersonalDataKeys     = errcode.Register("workflow", 20, errcode.KindInvalid, "wrapped data keys do not match the departments on the case")
	ErrAccessDenied         = errcode.Register("workflow", 21, errcode.KindNotFound, "no case with this number and access code")
	ErrInvalidGenesis       = errcode.Register("workflow", 22, errcode.KindInvalid, "invalid workflow genesis")
	// ErrPersonalDataInvalid refuses applicant data before it is sealed
	// (PersonalData.Validate); the chain never sees it.
	ErrPersonalDataInvalid = errcode.Register("workflow", 23, errcode.KindInvalid, "applicant's personal data is malformed")
	// ErrRetiredDepartment refuses a new case of a definition that names a
	// department governance retired: the owner publishes a new version.
	ErrRetiredDepartment = errcode.Register("workflow", 24, errcode.KindConflict, "the process names a retired department")
	// ErrOpenWork refuses retiring a department without a successor while
	// open cases wait for it.
	ErrOpenWork = errcode.Register("workflow", 25, errcode.KindConflict, "the department has open cases; name a successor")
	// ErrObjectionOutcome refuses an answer to an objection that does not
	// say whether it is upheld or dismissed (docs/objections.md).
	ErrObjectionOutcome = errcode.Register("workflow", 26, errcode.KindInvalid, "an objection's answer needs an outcome: upheld or dismissed")
	// ErrNeedsProposal refuses publishing directly (publish_definition) a
	// version of a process that involves several departments: that takes a
	// passed governance proposal of type "process".
	ErrNeedsProposal = errcode.Register("workflow", 27, errcode.KindForbidden, "a process that involves several departments changes only by a passed proposal")
)
