package tx

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "tx": rejections of the envelope itself. The numbers are part of
// the public API; never renumber, only append.
var (
	ErrDecode          = errcode.Register("tx", 2, errcode.KindInvalid, "undecodable transaction")
	ErrWrongChainID    = errcode.Register("tx", 3, errcode.KindInvalid, "wrong chain id")
	ErrBadSignature    = errcode.Register("tx", 4, errcode.KindUnauthorized, "bad signature")
	ErrWrongSequence   = errcode.Register("tx", 5, errcode.KindConflict, "wrong sequence")
	ErrUnknownSigner   = errcode.Register("tx", 6, errcode.KindUnauthorized, "unknown signer")
	ErrSuspendedSigner = errcode.Register("tx", 7, errcode.KindForbidden, "suspended signer")
	ErrRoleNotAllowed  = errcode.Register("tx", 8, errcode.KindForbidden, "role not allowed")
	ErrInvalidPayload  = errcode.Register("tx", 9, errcode.KindInvalid, "invalid payload")
	ErrTooLarge        = errcode.Register("tx", 10, errcode.KindTooLarge, "transaction too large")
	ErrUnknownAction   = errcode.Register("tx", 11, errcode.KindInvalid, "unknown module or action")
	ErrVersion         = errcode.Register("tx", 12, errcode.KindInvalid, "unsupported envelope version")
	// ErrTextControl: a payload string holds a bidi control, a control
	// character or invalid UTF-8 (see internal/hygiene); the message names
	// the field and the character.
	ErrTextControl = errcode.Register("tx", 13, errcode.KindInvalid, "text contains a bidi control, control character or invalid UTF-8")
)
