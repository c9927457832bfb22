package workflow

import (
	"crypto/subtle"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// The rating token is the citizen's authority to rate their case (好差评).
// It is derived from the access code, so only someone who holds the code
// can produce it, and the case keeps only the token's hash, so the chain
// can check a rating without anyone trusting the gateway that signs it:
//
//	token      = Hash("govchain/feedback/rating-token/v1\x00"      || normalized code)
//	token hash = Hash("govchain/feedback/rating-token-hash/v1\x00" || token)
//
// A rating transaction reveals the token. That reveals nothing about the
// access code (a one-way hash of an 80-bit random code), and nothing on
// chain lets anyone compute the token: AccessCodeHash is the same code
// under another domain, and the case's RatingTokenHash is a hash of the
// token, not the token.
const (
	ratingTokenDomain     = "govchain/feedback/rating-token/v1\x00"
	ratingTokenHashDomain = "govchain/feedback/rating-token-hash/v1\x00"
)

// RatingToken is what a rating carries: computed by the client from the
// access code the citizen typed (case, spaces and hyphens do not matter).
func RatingToken(s cryptosuite.Suite, code string) []byte {
	return s.Hash(append([]byte(ratingTokenDomain), normalizeAccessCode(code)...))
}

// RatingTokenHash is what a case keeps (set at open_case).
func RatingTokenHash(s cryptosuite.Suite, token []byte) []byte {
	return s.Hash(append([]byte(ratingTokenHashDomain), token...))
}

// RatingTokenHashFor is RatingTokenHash(RatingToken(code)): what a client
// that has just made an access code sends with open_case.
func RatingTokenHashFor(s cryptosuite.Suite, code string) []byte {
	return RatingTokenHash(s, RatingToken(s, code))
}

// CheckRatingToken reports whether token is the one want (a case's
// RatingTokenHash) commits to, in constant time. A case without a token
// hash accepts no token.
func CheckRatingToken(s cryptosuite.Suite, want, token []byte) bool {
	return len(want) > 0 && len(token) > 0 && subtle.ConstantTimeCompare(RatingTokenHash(s, token), want) == 1
}
