package finance

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "finance". The numbers are part of the public API: append only.
var (
	ErrInvalidAmount     = errcode.Register("finance", 1, errcode.KindInvalid, "invalid amount")
	ErrInvalidField      = errcode.Register("finance", 2, errcode.KindInvalid, "invalid field")
	ErrLineNotFound      = errcode.Register("finance", 3, errcode.KindNotFound, "budget line not found")
	ErrAllocNotFound     = errcode.Register("finance", 4, errcode.KindNotFound, "allocation not found")
	ErrPaymentNotFound   = errcode.Register("finance", 5, errcode.KindNotFound, "payment not found")
	ErrInsufficient      = errcode.Register("finance", 6, errcode.KindConflict, "insufficient balance")
	ErrWrongDepartment   = errcode.Register("finance", 7, errcode.KindForbidden, "wrong department for this action")
	ErrNotEligible       = errcode.Register("finance", 8, errcode.KindForbidden, "signer's approval cannot count towards this payment")
	ErrAlreadyApproved   = errcode.Register("finance", 9, errcode.KindConflict, "already approved by this account")
	ErrSelfApproval      = errcode.Register("finance", 10, errcode.KindForbidden, "the requester of a payment cannot approve it")
	ErrApprovalsMissing  = errcode.Register("finance", 11, errcode.KindConflict, "payment lacks the approvals its amount requires")
	ErrStatus            = errcode.Register("finance", 12, errcode.KindConflict, "entry is not in a state that allows this")
	ErrLineExists        = errcode.Register("finance", 13, errcode.KindConflict, "budget line already exists")
	ErrBelowAllocated    = errcode.Register("finance", 14, errcode.KindConflict, "adjustment would leave the approved amount below what is allocated")
	ErrRefundExceedsPaid = errcode.Register("finance", 15, errcode.KindConflict, "refund exceeds the net amount paid")
	ErrDate              = errcode.Register("finance", 16, errcode.KindInvalid, "date outside the fiscal year or in the future")
	ErrEntryNotFound     = errcode.Register("finance", 17, errcode.KindNotFound, "entry not found")
	ErrInvalidGenesis    = errcode.Register("finance", 18, errcode.KindInvalid, "invalid finance genesis")
	ErrPayeeSealing      = errcode.Register("finance", 19, errcode.KindInvalid, "payee data is not sealed for exactly the entitled readers")
	ErrPayeeCommitment   = errcode.Register("finance", 20, errcode.KindInvalid, "opened payee data does not match its commitment on chain")
)
