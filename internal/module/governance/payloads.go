package governance

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"unicode/utf8"
)

// Limits on text (characters).
const (
	MaxSummary = 500
	MaxReason  = 500
	MaxText    = 4000
)

func checkText(field, s string, required bool, max int) error {
	if required && s == "" {
		return fmt.Errorf("%s is required", field)
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return fmt.Errorf("%s must be valid UTF-8 of at most %d characters", field, max)
	}
	return nil
}

// Propose is the payload of governance/propose.
type Propose struct {
	Type    string          `json:"type"`
	Payload json.RawMessage `json:"payload"`
	Summary string          `json:"summary,omitempty"`
}

// Validate implements module.Payload (the type's own payload is checked
// by the module's decoder, which knows the parameter registry).
func (p *Propose) Validate() error {
	if !slices.Contains(Types(), p.Type) {
		return fmt.Errorf("type %q must be one of %v", p.Type, Types())
	}
	if len(p.Payload) == 0 {
		return fmt.Errorf("payload is required")
	}
	return checkText("summary", p.Summary, false, MaxSummary)
}

// ParamChangeBody is the payload of a param proposal.
type ParamChangeBody struct {
	Name  string          `json:"name"`
	Value json.RawMessage `json:"value"`
}

// FreezeRef is the payload of a ratify_freeze or lift_freeze proposal.
type FreezeRef struct {
	Freeze uint64 `json:"freeze"`
}

// VoteRequest is the payload of governance/vote.
type VoteRequest struct {
	Proposal uint64 `json:"proposal"`
	Choice   string `json:"choice"`
	Reason   string `json:"reason,omitempty"`
}

// Validate implements module.Payload.
func (p *VoteRequest) Validate() error {
	if p.Proposal == 0 {
		return fmt.Errorf("proposal is required")
	}
	if p.Choice != Yes && p.Choice != No && p.Choice != Abstain {
		return fmt.Errorf("choice %q must be yes, no or abstain", p.Choice)
	}
	return checkText("reason", p.Reason, false, MaxReason)
}

// Withdraw is the payload of governance/withdraw.
type Withdraw struct {
	Proposal uint64 `json:"proposal"`
	Reason   string `json:"reason"`
}

// Validate implements module.Payload.
func (p *Withdraw) Validate() error {
	if p.Proposal == 0 {
		return fmt.Errorf("proposal is required")
	}
	return checkText("reason", p.Reason, true, MaxReason)
}

// Freeze kinds.
const (
	FreezeAccount    = "account"    // an account's transactions
	FreezeDepartment = "department" // every account of a department
	FreezeProcess    = "process"    // new cases of a workflow definition
)

var (
	addressPattern = regexp.MustCompile(`^[0-9a-f]{40}$`)
	processPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,63}$`)
)

// RequestFreeze is the payload of governance/freeze.
type RequestFreeze struct {
	Kind   string `json:"kind"`
	Target string `json:"target"`
	Reason string `json:"reason"`
}

// Validate implements module.Payload.
func (p *RequestFreeze) Validate() error {
	switch p.Kind {
	case FreezeAccount:
		if !addressPattern.MatchString(p.Target) {
			return fmt.Errorf("target of an account freeze must be a 40-hex-digit lower-case address")
		}
	case FreezeDepartment, FreezeProcess:
		if !processPattern.MatchString(p.Target) {
			return fmt.Errorf("target %q must match %s", p.Target, processPattern)
		}
	default:
		return fmt.Errorf("kind %q must be account, department or process", p.Kind)
	}
	return checkText("reason", p.Reason, true, MaxReason)
}

// CosignFreeze is the payload of governance/cosign_freeze.
type CosignFreeze struct {
	Freeze uint64 `json:"freeze"`
}

// Validate implements module.Payload.
func (p *CosignFreeze) Validate() error {
	if p.Freeze == 0 {
		return fmt.Errorf("freeze is required")
	}
	return nil
}
