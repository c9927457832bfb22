package governance

import (
	"encoding/json"
	"fmt"
	"math/big"

	"github.com/pingshan/govchain/internal/module"
)

// Fraction is num/den in integers: thresholds never use floats, so every
// node compares them the same way.
type Fraction struct {
	Num uint64 `cbor:"1,keyasint" json:"num"`
	Den uint64 `cbor:"2,keyasint" json:"den"`
}

// Policy decides a proposal over department weights: Quorum is the share
// of the total weight that must vote (yes, no or abstain), reached when
// voted/total >= Quorum; Approve is the share of the weight cast yes or no
// that must be yes, reached when yes/(yes+no) > Approve. Abstentions count
// for participation only.
type Policy struct {
	Quorum  Fraction `cbor:"1,keyasint" json:"quorum"`
	Approve Fraction `cbor:"2,keyasint" json:"approve"`
}

// maxDen bounds denominators so products stay far from overflow (weights
// are bounded by maxWeight and departments by the state's size; big.Int is
// used anyway).
const maxDen = 1000

// Validate checks a policy: 0 < den <= 1000, quorum in (0, 1], approve in
// [0, 1) (an approval share of 1 could never be exceeded).
func (p Policy) Validate() error {
	if p.Quorum.Den == 0 || p.Quorum.Den > maxDen || p.Approve.Den == 0 || p.Approve.Den > maxDen {
		return fmt.Errorf("denominators must be 1..%d", maxDen)
	}
	if p.Quorum.Num == 0 || p.Quorum.Num > p.Quorum.Den {
		return fmt.Errorf("quorum %d/%d must be in (0, 1]", p.Quorum.Num, p.Quorum.Den)
	}
	if p.Approve.Num >= p.Approve.Den {
		return fmt.Errorf("approve %d/%d must be below 1", p.Approve.Num, p.Approve.Den)
	}
	return nil
}

func (p Policy) String() string {
	return fmt.Sprintf(">= %d/%d of weight votes, > %d/%d of yes+no is yes", p.Quorum.Num, p.Quorum.Den, p.Approve.Num, p.Approve.Den)
}

// Tally is the weight behind each choice; Remaining is the weight of the
// departments that have not voted.
type Tally struct {
	Yes       uint64 `cbor:"1,keyasint" json:"yes"`
	No        uint64 `cbor:"2,keyasint" json:"no"`
	Abstain   uint64 `cbor:"3,keyasint" json:"abstain"`
	Remaining uint64 `cbor:"4,keyasint" json:"remaining"`
	Total     uint64 `cbor:"5,keyasint" json:"total"`
}

// Outcome of evaluating a tally.
const (
	outcomeOpen     = ""
	outcomePass     = StatePassed
	outcomeReject   = StateRejected
	outcomeNoQuorum = StateExpired
)

func mul(a, b uint64) *big.Int {
	return new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
}

// atLeast reports a/b >= f, i.e. a*den >= num*b.
func atLeast(a, b uint64, f Fraction) bool { return mul(a, f.Den).Cmp(mul(f.Num, b)) >= 0 }

// above reports a/b > f, i.e. a*den > num*b.
func above(a, b uint64, f Fraction) bool { return mul(a, f.Den).Cmp(mul(f.Num, b)) > 0 }

// decide says whether the outcome is already certain. It passes when
// quorum is met and approval holds even if every remaining department
// votes no; it is rejected when approval fails even if every remaining
// department votes yes (then quorum cannot matter). At the deadline
// (final), departments that have not voted simply did not: quorum missed
// means expired.
func decide(p Policy, t Tally, final bool) string {
	voted := t.Yes + t.No + t.Abstain
	quorum := atLeast(voted, t.Total, p.Quorum)
	if quorum && above(t.Yes, t.Yes+t.No+t.Remaining, p.Approve) {
		return outcomePass
	}
	if !above(t.Yes+t.Remaining, t.Yes+t.No+t.Remaining, p.Approve) {
		return outcomeReject
	}
	if !final {
		return outcomeOpen
	}
	if !quorum {
		return outcomeNoQuorum
	}
	if above(t.Yes, t.Yes+t.No, p.Approve) {
		return outcomePass
	}
	return outcomeReject
}

// policyParam declares a policy parameter.
func policyParam(name, doc string, def Policy) module.Param {
	b, _ := json.Marshal(def)
	return module.Param{Name: name, Doc: doc, Default: b, Check: func(raw json.RawMessage) (json.RawMessage, error) {
		var p Policy
		if err := strictJSON(raw, &p); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		return json.Marshal(p)
	}}
}
