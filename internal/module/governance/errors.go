package governance

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "governance". Stable numbers; append only.
var (
	ErrInvalid          = errcode.Register("governance", 1, errcode.KindInvalid, "invalid governance request")
	ErrUnknownParam     = errcode.Register("governance", 2, errcode.KindNotFound, "no such parameter")
	ErrProposalNotFound = errcode.Register("governance", 3, errcode.KindNotFound, "proposal not found")
	ErrAlreadyOpen      = errcode.Register("governance", 4, errcode.KindConflict, "an open proposal already has this type and target")
	ErrNotVoting        = errcode.Register("governance", 5, errcode.KindConflict, "the proposal is no longer open for votes")
	ErrAlreadyVoted     = errcode.Register("governance", 6, errcode.KindConflict, "this department has already voted")
	ErrNoWeight         = errcode.Register("governance", 7, errcode.KindForbidden, "the department has no vote weight")
	ErrNotProposer      = errcode.Register("governance", 8, errcode.KindForbidden, "only the proposing department may withdraw")
	ErrNoCommittee      = errcode.Register("governance", 9, errcode.KindConflict, "the committee has no vote weight")
	ErrFreezeNotFound   = errcode.Register("governance", 10, errcode.KindNotFound, "freeze not found")
	ErrFreezeState      = errcode.Register("governance", 11, errcode.KindConflict, "the freeze is not in a state that allows this")
	ErrAlreadyFrozen    = errcode.Register("governance", 12, errcode.KindConflict, "a freeze of this target is already requested or active")
	ErrCosigner         = errcode.Register("governance", 13, errcode.KindForbidden, "this department may not co-sign the freeze")
	ErrFrozen           = errcode.Register("governance", 14, errcode.KindForbidden, "frozen by an emergency freeze")
	ErrIncidentNotFound = errcode.Register("governance", 15, errcode.KindNotFound, "incident not found")
	ErrIncidentState    = errcode.Register("governance", 16, errcode.KindConflict, "the incident is not in a state that allows this")
	ErrOtherDepartment  = errcode.Register("governance", 17, errcode.KindForbidden, "the record belongs to another department")

	// Validator proposals and join attestations (validators*.go). Numbered
	// from 40 so that codes added on other branches meanwhile do not collide.
	ErrValidatorNotFound = errcode.Register("governance", 40, errcode.KindNotFound, "no such validator")
	ErrValidatorExists   = errcode.Register("governance", 41, errcode.KindConflict, "the key is already a validator or waiting to join")
	ErrValidatorGuard    = errcode.Register("governance", 42, errcode.KindConflict, "refused: the validators that signed the last blocks would hold 2/3 or less of the new total power")
	ErrAttestation       = errcode.Register("governance", 43, errcode.KindForbidden, "the join attestation does not verify")
	ErrNotPending        = errcode.Register("governance", 44, errcode.KindNotFound, "no approved validator key is waiting for this attestation")

	// Encryption-key rotation and re-wrap (enckey*.go), numbered from 60.
	ErrNoRotation     = errcode.Register("governance", 60, errcode.KindConflict, "the department has no encryption-key rotation in progress")
	ErrNotRewrapEntry = errcode.Register("governance", 61, errcode.KindNotFound, "no entry wrapped to the previous key is waiting under this name")
	ErrUnknownHolder  = errcode.Register("governance", 62, errcode.KindNotFound, "the module keeps no sealed data")
)
