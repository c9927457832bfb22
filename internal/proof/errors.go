package proof

import "github.com/pingshan/govchain/internal/errcode"

// Codespace "proof": why a bundle was refused. Each names the first check
// that failed, so a caller can tell a damaged file (ErrMalformed) from a
// forgery (ErrSignatures, ErrProof) without parsing messages. The numbers
// are public API; never renumber, only append.
var (
	ErrMalformed  = errcode.Register("proof", 1, errcode.KindInvalid, "malformed proof bundle")
	ErrChainID    = errcode.Register("proof", 2, errcode.KindInvalid, "proof bundle is for another chain")
	ErrValidators = errcode.Register("proof", 3, errcode.KindInvalid, "validator set does not match genesis and the bundle's validator transitions")
	ErrSignatures = errcode.Register("proof", 4, errcode.KindInvalid, "header is not signed by more than 2/3 of the validators")
	ErrProof      = errcode.Register("proof", 5, errcode.KindInvalid, "state proof does not match the signed app hash")
	ErrHeight     = errcode.Register("proof", 6, errcode.KindInvalid, "header height does not match the state version")
)
