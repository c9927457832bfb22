package governance

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// decodePropose decodes a proposal and its type's payload, which it
// rewrites in canonical form (a param value as the parameter stores it).
func (m Module) decodePropose(b []byte) (module.Payload, error) {
	p, err := module.DecodeJSON[Propose](b)
	if err != nil {
		return nil, err
	}
	pr := p.(*Propose)
	canon, err := m.canonicalBody(pr.Type, pr.Payload)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", tx.ErrInvalidPayload, err)
	}
	pr.Payload = canon
	return pr, nil
}

func (m Module) canonicalBody(typ string, raw json.RawMessage) (json.RawMessage, error) {
	switch typ {
	case TypeParam:
		var body ParamChangeBody
		if err := strictJSON(raw, &body); err != nil {
			return nil, fmt.Errorf("param payload: %v", err)
		}
		p, err := m.reg.Lookup(body.Name)
		if err != nil {
			return nil, err
		}
		if len(body.Value) == 0 {
			return nil, fmt.Errorf("param payload: value is required")
		}
		v, err := p.Check(body.Value)
		if err != nil {
			return nil, err
		}
		return json.Marshal(ParamChangeBody{Name: body.Name, Value: v})
	case TypeRatifyFreeze, TypeLiftFreeze:
		var ref FreezeRef
		if err := strictJSON(raw, &ref); err != nil {
			return nil, fmt.Errorf("%s payload: %v", typ, err)
		}
		if ref.Freeze == 0 {
			return nil, fmt.Errorf("%s payload: freeze is required", typ)
		}
		return json.Marshal(ref)
	case TypeProcess:
		return m.canonicalProcess(raw)
	}
	if out, ok, err := canonicalValidator(typ, raw); ok {
		return out, err
	}
	if out, ok, err := canonicalDept(typ, raw); ok {
		return out, err
	}
	if out, ok, err := canonicalUpgrade(typ, raw); ok {
		return out, err
	}
	return nil, fmt.Errorf("unknown proposal type %q", typ)
}

// target names what a proposal acts on (one open proposal per type and
// target) and the policy that decides it; it checks the target exists.
func (m Module) target(st store.Reader, typ string, body json.RawMessage, height int64) (target, policy string, err error) {
	switch typ {
	case TypeParam:
		var b ParamChangeBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", "", err
		}
		if strings.HasPrefix(b.Name, "gov.") {
			return b.Name, TypeParamGov, nil
		}
		return b.Name, TypeParam, nil
	case TypeRatifyFreeze, TypeLiftFreeze:
		var ref FreezeRef
		if err := json.Unmarshal(body, &ref); err != nil {
			return "", "", err
		}
		f, err := GetFreeze(st, ref.Freeze)
		if err != nil {
			return "", "", err
		}
		if err := freezeCanBe(typ, f); err != nil {
			return "", "", err
		}
		return strconv.FormatUint(ref.Freeze, 10), typ, nil
	case TypeProcess:
		t, err := m.processTarget(st, body)
		return t, typ, err
	}
	if isValidatorType(typ) {
		p, err := planValidator(st, typ, body)
		if err != nil {
			return "", "", err
		}
		return p.target, typ, nil
	}
	if t, ok, err := m.upgradeTargetOf(st, typ, body, height); ok {
		return t, typ, err
	}
	t, err := deptTarget(st, typ, body)
	return t, typ, err
}

func (m Module) handlePropose(ctx *module.Context, p module.Payload) error {
	pr := p.(*Propose)
	target, policyType, err := m.target(ctx.KV, pr.Type, pr.Payload, ctx.Height)
	if err != nil {
		return err
	}
	if err := m.proposeValidator(ctx, pr.Type, pr.Payload); err != nil {
		return err
	}
	if b, err := ctx.KV.Get(openKey(pr.Type, target)); err != nil {
		return err
	} else if b != nil {
		return fmt.Errorf("%w: proposal %s is open for %s %s", ErrAlreadyOpen, b, pr.Type, target)
	}
	weights, total, err := m.reg.weights(ctx.KV)
	if err != nil {
		return err
	}
	if total == 0 {
		return fmt.Errorf("%w: every department has weight 0", ErrNoCommittee)
	}
	policy, err := m.reg.policyFor(ctx.KV, policyType)
	if err != nil {
		return err
	}
	period, err := ParamInt(ctx.KV, m.reg.own(ParamVotingPeriod))
	if err != nil {
		return err
	}
	id, err := nextID(ctx.KV, "proposal")
	if err != nil {
		return err
	}
	now := ctx.BlockTime.UTC()
	prop := &Proposal{ID: id, Type: pr.Type, Target: target, Payload: pr.Payload, Summary: pr.Summary,
		Proposer: ctx.Signer.Address, Department: ctx.Signer.Department, Policy: policy, Weights: weights,
		Height: ctx.Height, Created: now, Deadline: now.Add(time.Duration(period) * time.Second), State: StateVoting}
	// The proposer's department votes yes by proposing.
	if _, ok := prop.weightOf(ctx.Signer.Department); ok {
		prop.Votes = append(prop.Votes, Vote{Voter: ctx.Signer.Address, Department: ctx.Signer.Department, Choice: Yes,
			Reason: "proposer", Height: ctx.Height, Time: now})
	}
	idStr := strconv.FormatUint(id, 10)
	if err := ctx.KV.Set(openKey(prop.Type, target), []byte(idStr)); err != nil {
		return err
	}
	if err := ctx.KV.Set(timeKey(deadlinePrefix, prop.Deadline, id), []byte{}); err != nil {
		return err
	}
	ctx.Emit("governance.proposed", "proposal", idStr, "type", prop.Type, "target", target,
		"department", prop.Department, "deadline", prop.Deadline.Format(time.RFC3339))
	return m.settle(ctx, prop, false)
}

func (m Module) handleVote(ctx *module.Context, p module.Payload) error {
	v := p.(*VoteRequest)
	prop, err := GetProposal(ctx.KV, v.Proposal)
	if err != nil {
		return err
	}
	if prop.State != StateVoting {
		return fmt.Errorf("%w: proposal %d is %s", ErrNotVoting, prop.ID, prop.State)
	}
	if !ctx.BlockTime.Before(prop.Deadline) {
		return fmt.Errorf("%w: proposal %d closed for votes at %s", ErrNotVoting, prop.ID, prop.Deadline.Format(time.RFC3339))
	}
	w, ok := prop.weightOf(ctx.Signer.Department)
	if !ok || w == 0 {
		return fmt.Errorf("%w: %q has no weight in proposal %d", ErrNoWeight, ctx.Signer.Department, prop.ID)
	}
	// One vote per department, final: a department that wants another
	// answer asks the proposer to withdraw and propose again. This keeps
	// an early decision final (votes only ever add weight).
	if old := prop.voteOf(ctx.Signer.Department); old != nil {
		return fmt.Errorf("%w: %s voted %s on proposal %d (%s)", ErrAlreadyVoted, old.Department, old.Choice, prop.ID, old.Voter)
	}
	prop.Votes = append(prop.Votes, Vote{Voter: ctx.Signer.Address, Department: ctx.Signer.Department, Choice: v.Choice,
		Reason: v.Reason, Height: ctx.Height, Time: ctx.BlockTime.UTC()})
	ctx.Emit("governance.voted", "proposal", strconv.FormatUint(prop.ID, 10), "department", ctx.Signer.Department, "choice", v.Choice)
	return m.settle(ctx, prop, false)
}

func (m Module) handleWithdraw(ctx *module.Context, p module.Payload) error {
	w := p.(*Withdraw)
	prop, err := GetProposal(ctx.KV, w.Proposal)
	if err != nil {
		return err
	}
	if prop.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: proposal %d was made by %s", ErrNotProposer, prop.ID, prop.Department)
	}
	if prop.State != StateVoting {
		return fmt.Errorf("%w: proposal %d is %s", ErrNotVoting, prop.ID, prop.State)
	}
	prop.Result = w.Reason
	return m.close(ctx, prop, StateWithdrawn)
}

// settle records the tally and, when the outcome can no longer change
// (or at the deadline, final), closes the proposal and executes a pass.
func (m Module) settle(ctx *module.Context, prop *Proposal, final bool) error {
	prop.Tally = prop.tally()
	out := decide(prop.Policy, prop.Tally, final)
	if out == outcomeOpen {
		return put(ctx.KV, ProposalKey(prop.ID), prop)
	}
	if out == outcomePass {
		attrs, err := m.executeIsolated(ctx, prop)
		switch {
		case err == nil:
			ctx.Emit("governance.executed", append([]string{"proposal", strconv.FormatUint(prop.ID, 10)}, attrs...)...)
		case errcode.Of(err) == errcode.ErrInternal:
			return err // storage: stop the node rather than guess
		default:
			out, prop.Result = StateFailed, err.Error()
		}
	}
	return m.close(ctx, prop, out)
}

func (m Module) close(ctx *module.Context, prop *Proposal, state string) error {
	now := ctx.BlockTime.UTC()
	prop.State, prop.ClosedHeight, prop.Closed = state, ctx.Height, &now
	if err := ctx.KV.Delete(openKey(prop.Type, prop.Target)); err != nil {
		return err
	}
	if err := ctx.KV.Delete(timeKey(deadlinePrefix, prop.Deadline, prop.ID)); err != nil {
		return err
	}
	ctx.Emit("governance.closed", "proposal", strconv.FormatUint(prop.ID, 10), "state", state)
	return put(ctx.KV, ProposalKey(prop.ID), prop)
}

// executeIsolated runs a passed proposal through a nested overlay: a
// refused execution leaves nothing behind.
func (m Module) executeIsolated(ctx *module.Context, prop *Proposal) ([]string, error) {
	ov := store.NewOverlay(ctx.KV)
	sub := &module.Context{KV: ov, Suite: ctx.Suite, ChainID: ctx.ChainID, Height: ctx.Height,
		BlockTime: ctx.BlockTime.UTC(), TxHash: ctx.TxHash, TxIndex: ctx.TxIndex}
	attrs, err := m.execute(sub, prop)
	if err != nil {
		return nil, err
	}
	if err := ov.Write(); err != nil {
		return nil, err
	}
	// The owning modules' own events (a case transferred) go out with the
	// proposal's, only once the execution is written.
	for _, e := range sub.Events() {
		kv := make([]string, 0, 2*len(e.Attrs))
		for _, a := range e.Attrs {
			kv = append(kv, a.Key, a.Value)
		}
		ctx.Emit(e.Type, kv...)
	}
	return attrs, nil
}

// execute applies a passed proposal through the code that owns what it
// changes: the parameter's own Check, the freeze's own transitions.
func (m Module) execute(ctx *module.Context, prop *Proposal) ([]string, error) {
	kv, height, now := ctx.KV, ctx.Height, ctx.BlockTime
	switch prop.Type {
	case TypeParam:
		var b ParamChangeBody
		if err := json.Unmarshal(prop.Payload, &b); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		p, err := m.reg.Lookup(b.Name)
		if err != nil {
			return nil, err
		}
		v, err := setParam(kv, p, b.Value, height, now, prop.ID)
		if err != nil {
			return nil, err
		}
		return []string{"param", b.Name, "value", string(v)}, nil
	case TypeRatifyFreeze, TypeLiftFreeze:
		var ref FreezeRef
		if err := json.Unmarshal(prop.Payload, &ref); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		return applyFreezeDecision(kv, prop.Type, ref.Freeze, prop.ID, height, now)
	case TypeProcess:
		return m.executeProcess(ctx, prop)
	}
	if isValidatorType(prop.Type) {
		return m.executeValidator(ctx, prop)
	}
	if attrs, ok, err := m.executeUpgrade(ctx, prop); ok {
		return attrs, err
	}
	return m.executeDept(ctx, prop)
}
