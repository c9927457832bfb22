package identity

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "identity". Stable numbers; append only.
var (
	ErrDepartmentNotFound = errcode.Register("identity", 1, errcode.KindNotFound, "department not found")
	ErrAccountNotFound    = errcode.Register("identity", 2, errcode.KindNotFound, "account not found")
	ErrAccountExists      = errcode.Register("identity", 3, errcode.KindConflict, "account already exists")
	ErrNameTaken          = errcode.Register("identity", 4, errcode.KindConflict, "account name already taken")
	ErrOtherDepartment    = errcode.Register("identity", 5, errcode.KindForbidden, "account belongs to another department")
	ErrBadPublicKey       = errcode.Register("identity", 6, errcode.KindInvalid, "bad public key")
	ErrUnknownRole        = errcode.Register("identity", 7, errcode.KindInvalid, "unknown role")
	ErrStatus             = errcode.Register("identity", 8, errcode.KindConflict, "account is not in a state that allows this")
	ErrSelf               = errcode.Register("identity", 9, errcode.KindConflict, "an admin cannot do this to their own account")
	ErrInvalidGenesis     = errcode.Register("identity", 10, errcode.KindInvalid, "invalid identity genesis")
	ErrInvalidField       = errcode.Register("identity", 11, errcode.KindInvalid, "invalid field")
	ErrPlatformRole       = errcode.Register("identity", 12, errcode.KindForbidden, "only the platform grants or revokes this role")
	ErrDepartmentExists   = errcode.Register("identity", 13, errcode.KindConflict, "department already exists")
	ErrDepartmentRetired  = errcode.Register("identity", 14, errcode.KindConflict, "department is retired")
	// Encryption-key rotation (enckey.go). Numbered from 30 so that codes
	// added on other branches meanwhile do not collide.
	ErrRotationPending = errcode.Register("identity", 30, errcode.KindConflict, "the previous encryption key is still being re-wrapped")
	ErrSameKey         = errcode.Register("identity", 31, errcode.KindConflict, "the new encryption key is the current or the previous one")
	ErrAccountExpired  = errcode.Register("identity", 32, errcode.KindForbidden, "the account's validity has run out")
)
