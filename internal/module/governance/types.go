package governance

import (
	"encoding/json"
	"time"
)

// Proposal types.
const (
	// TypeParam sets a parameter: payload {"name": "...", "value": ...}.
	TypeParam = "param"
	// TypeParamGov is not a type a client names: it is the policy a param
	// proposal gets when the parameter is one of governance's own (gov.*),
	// so the committee cannot loosen its rules under the ordinary policy.
	TypeParamGov = "param_gov"
	// TypeRatifyFreeze keeps an active freeze until lifted: {"freeze": id}.
	TypeRatifyFreeze = "ratify_freeze"
	// TypeLiftFreeze ends a freeze: {"freeze": id}.
	TypeLiftFreeze = "lift_freeze"
)

// Types lists the proposal types a client may propose.
func Types() []string {
	return append([]string{TypeParam, TypeRatifyFreeze, TypeLiftFreeze, TypeDeptAdd, TypeDeptRename, TypeDeptRetire, TypeDeptMerge, TypeGateway, TypeUpgrade, TypeUpgradeCancel, TypeProcess}, validatorTypes()...)
}

// Proposal states.
const (
	StateVoting    = "voting"
	StatePassed    = "passed"
	StateRejected  = "rejected"
	StateExpired   = "expired" // the deadline came without the quorum
	StateWithdrawn = "withdrawn"
	// StateFailed: the proposal passed but its execution was refused (the
	// freeze it ratifies had expired meanwhile, say). The refusal is in
	// Result; nothing of the execution was applied.
	StateFailed = "failed"
)

// Vote choices.
const (
	Yes     = "yes"
	No      = "no"
	Abstain = "abstain"
)

// Weight is a department's vote weight, as snapshot when a proposal opened.
type Weight struct {
	Department string `cbor:"1,keyasint" json:"department"`
	Weight     uint64 `cbor:"2,keyasint" json:"weight"`
}

// Vote is one department's vote, cast by one of its admins.
type Vote struct {
	Voter      string    `cbor:"1,keyasint" json:"voter"`
	Department string    `cbor:"2,keyasint" json:"department"`
	Choice     string    `cbor:"3,keyasint" json:"choice"`
	Reason     string    `cbor:"4,keyasint,omitempty" json:"reason,omitempty"`
	Height     int64     `cbor:"5,keyasint" json:"height"`
	Time       time.Time `cbor:"6,keyasint" json:"time"`
}

// Proposal is a decision the departments take together. Policy and
// Weights are fixed when it opens, so a change of either while it is open
// does not move its goalposts.
type Proposal struct {
	ID         uint64          `cbor:"1,keyasint" json:"id"`
	Type       string          `cbor:"2,keyasint" json:"type"`
	Target     string          `cbor:"3,keyasint" json:"target"`
	Payload    json.RawMessage `cbor:"4,keyasint" json:"payload"`
	Summary    string          `cbor:"5,keyasint,omitempty" json:"summary,omitempty"`
	Proposer   string          `cbor:"6,keyasint" json:"proposer"`
	Department string          `cbor:"7,keyasint" json:"department"`
	Policy     Policy          `cbor:"8,keyasint" json:"policy"`
	Weights    []Weight        `cbor:"9,keyasint" json:"weights"`
	Height     int64           `cbor:"10,keyasint" json:"height"`
	Created    time.Time       `cbor:"11,keyasint" json:"created"`
	Deadline   time.Time       `cbor:"12,keyasint" json:"deadline"`
	State      string          `cbor:"13,keyasint" json:"state"`
	Votes      []Vote          `cbor:"14,keyasint" json:"votes"`
	Tally      Tally           `cbor:"15,keyasint" json:"tally"`
	// ClosedHeight and Closed say when it left StateVoting.
	ClosedHeight int64      `cbor:"16,keyasint,omitempty" json:"closed_height,omitempty"`
	Closed       *time.Time `cbor:"17,keyasint,omitempty" json:"closed,omitempty"`
	// Result is why execution was refused (StateFailed) or why it was withdrawn.
	Result string `cbor:"18,keyasint,omitempty" json:"result,omitempty"`
}

// weightOf is a department's weight in the snapshot; ok is false for a
// department that did not exist when the proposal opened.
func (p *Proposal) weightOf(dept string) (uint64, bool) {
	for _, w := range p.Weights {
		if w.Department == dept {
			return w.Weight, true
		}
	}
	return 0, false
}

func (p *Proposal) voteOf(dept string) *Vote {
	for i := range p.Votes {
		if p.Votes[i].Department == dept {
			return &p.Votes[i]
		}
	}
	return nil
}

// tally sums the votes over the snapshot weights.
func (p *Proposal) tally() Tally {
	var t Tally
	for _, w := range p.Weights {
		t.Total += w.Weight
	}
	for _, v := range p.Votes {
		w, _ := p.weightOf(v.Department)
		switch v.Choice {
		case Yes:
			t.Yes += w
		case No:
			t.No += w
		case Abstain:
			t.Abstain += w
		}
	}
	t.Remaining = t.Total - t.Yes - t.No - t.Abstain
	return t
}
