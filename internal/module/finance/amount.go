package finance

import (
	"fmt"
	"math/big"
	"strconv"
)

// Amounts are int64 分 (fen, 1/100 yuan) everywhere: in payloads, state and
// the index. Floats never touch money, so every node adds up the same.
const (
	// MaxAmountFen bounds one entry: 10^15 分 is ten trillion yuan, far
	// above any city's budget, and keeps a typo of extra zeros out.
	MaxAmountFen int64 = 1_000_000_000_000_000
	// MaxTotalFen bounds any running total, so sums of entries can never
	// overflow int64 (≈9.2×10^18).
	MaxTotalFen int64 = 100 * MaxAmountFen
)

// checkAmount is the rule for every amount a user sends: a positive whole
// number of fen no larger than MaxAmountFen. JSON decoding into int64
// already refuses fractions, exponents and strings.
func checkAmount(field string, fen int64) error {
	if fen <= 0 {
		return fmt.Errorf("%w: %s must be a positive whole number of fen, got %d", ErrInvalidAmount, field, fen)
	}
	if fen > MaxAmountFen {
		return fmt.Errorf("%w: %s %d exceeds the maximum of %d fen", ErrInvalidAmount, field, fen, MaxAmountFen)
	}
	return nil
}

// addTotal adds to a running total, refusing a result outside [0, MaxTotalFen].
func addTotal(what string, total, delta int64) (int64, error) {
	n := total + delta
	if n < 0 || n > MaxTotalFen {
		return 0, fmt.Errorf("%w: %s would become %d fen (allowed 0..%d)", ErrInvalidAmount, what, n, MaxTotalFen)
	}
	return n, nil
}

// Yuan formats fen as yuan with thousands separators: 1200000 → "12,000.00".
func Yuan(fen int64) string {
	neg := fen < 0
	if neg {
		fen = -fen
	}
	whole := strconv.FormatInt(fen/100, 10)
	var b []byte
	for i := range len(whole) {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, whole[i])
	}
	s := fmt.Sprintf("%s.%02d", b, fen%100)
	if neg {
		return "-" + s
	}
	return s
}

// RateBP is executed/approved in basis points (8734 = 87.34%), computed in
// integers so the index and the state agree to the last digit.
func RateBP(executed, approved int64) int64 {
	if approved <= 0 {
		return 0
	}
	// executed·10^4 can overflow int64 for totals above 9×10^14 fen.
	q := new(big.Int).Mul(big.NewInt(executed), big.NewInt(10000))
	return q.Quo(q, big.NewInt(approved)).Int64()
}

// Percent formats basis points: 8734 → "87.34%".
func Percent(bp int64) string { return fmt.Sprintf("%d.%02d%%", bp/100, bp%100) }
