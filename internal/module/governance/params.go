package governance

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// Names of the governance module's own parameters.
const (
	ParamVotingPeriod    = "gov.voting_period"
	ParamWeights         = "gov.weights"
	ParamFreezeDuration  = "gov.freeze_duration"
	ParamFreezeCosigners = "gov.freeze_cosigners"
	policyParamPrefix    = "gov.policy."
)

// Default policies: a parameter change needs 2/3 of the weight to vote
// and more than half of yes+no; changing governance itself (weights,
// policies, periods) more than 2/3; keeping or lifting a freeze half and
// half. Removals and upgrades (not yet proposal types) will get stricter
// policies of their own.
func defaultParamPolicy() Policy  { return Policy{Quorum: Fraction{2, 3}, Approve: Fraction{1, 2}} }
func defaultGovPolicy() Policy    { return Policy{Quorum: Fraction{2, 3}, Approve: Fraction{2, 3}} }
func defaultFreezePolicy() Policy { return Policy{Quorum: Fraction{1, 2}, Approve: Fraction{1, 2}} }

// maxWeight bounds one department's vote weight.
const maxWeight = 1000

// ownParams are the parameters the governance module declares.
func ownParams() []module.Param {
	return append([]module.Param{
		module.IntParam(ParamVotingPeriod, "seconds a proposal stays open for votes", 7*24*3600, 60, 90*24*3600),
		module.IntParam(ParamFreezeDuration, "seconds an emergency freeze lasts unless a proposal ratifies it", 72*3600, 60, 30*24*3600),
		weightsParam(),
		cosignersParam(),
		policyParam(policyParamPrefix+TypeParam, "policy of a proposal to change a parameter outside gov.*", defaultParamPolicy()),
		policyParam(policyParamPrefix+TypeParamGov, "policy of a proposal to change a gov.* parameter (weights, policies, periods)", defaultGovPolicy()),
		policyParam(policyParamPrefix+TypeRatifyFreeze, "policy of a proposal to keep a freeze until lifted", defaultFreezePolicy()),
		policyParam(policyParamPrefix+TypeLiftFreeze, "policy of a proposal to lift a freeze", defaultFreezePolicy()),
	}, append(append(append(append(append(deptParams(), validatorParams()...), upgradeParams()...), consensusParams()...), processParams()...), expiryParams()...)...)
}

func weightsParam() module.Param {
	return module.Param{Name: ParamWeights, Doc: "vote weight by department id; a department not listed has weight 1",
		Default: json.RawMessage(`{}`), Check: func(raw json.RawMessage) (json.RawMessage, error) {
			var w map[string]uint64
			if err := strictJSON(raw, &w); err != nil {
				return nil, fmt.Errorf("%s: %v", ParamWeights, err)
			}
			// Checked in key order: the message of a refusal can end up in
			// state (a failed proposal's result) and must be the same everywhere.
			ids := make([]string, 0, len(w))
			for d := range w {
				ids = append(ids, d)
			}
			sort.Strings(ids)
			if len(ids) > 256 {
				return nil, fmt.Errorf("%s: at most 256 departments", ParamWeights)
			}
			for _, d := range ids {
				v := w[d]
				if err := identity.ValidateID(d); err != nil {
					return nil, fmt.Errorf("%s: %v", ParamWeights, err)
				}
				if v > maxWeight {
					return nil, fmt.Errorf("%s: weight %d of %s is above %d", ParamWeights, v, d, maxWeight)
				}
			}
			return json.Marshal(w) // map keys come out sorted
		}}
}

func cosignersParam() module.Param {
	return module.Param{Name: ParamFreezeCosigners,
		Doc:     "departments of which at least one must be among the two that sign a freeze",
		Default: json.RawMessage(`["aud","gsd"]`), Check: func(raw json.RawMessage) (json.RawMessage, error) {
			var ds []string
			if err := strictJSON(raw, &ds); err != nil {
				return nil, fmt.Errorf("%s: %v", ParamFreezeCosigners, err)
			}
			if len(ds) == 0 || len(ds) > 64 {
				return nil, fmt.Errorf("%s: list 1 to 64 departments", ParamFreezeCosigners)
			}
			for _, d := range ds {
				if err := identity.ValidateID(d); err != nil {
					return nil, fmt.Errorf("%s: %v", ParamFreezeCosigners, err)
				}
			}
			sort.Strings(ds)
			return json.Marshal(compact(ds))
		}}
}

func compact(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// strictJSON decodes one nested JSON value (a proposal body, a parameter
// value) under the payload rules: duplicate or wrong-case keys, unknown
// fields, control characters and trailing data are refused, so what a
// signer's tool shows is what executes.
func strictJSON(raw []byte, v any) error { return module.DecodeStrict(raw, v) }

// ParamState is a parameter's stored value and how it got there.
type ParamState struct {
	Value   []byte        `cbor:"1,keyasint"`
	History []ParamChange `cbor:"2,keyasint"`
}

// ParamChange is one setting of a parameter: at genesis (Proposal 0) or by
// a passed proposal.
type ParamChange struct {
	Value    json.RawMessage `cbor:"1,keyasint" json:"value"`
	Height   int64           `cbor:"2,keyasint" json:"height"`
	Time     time.Time       `cbor:"3,keyasint" json:"time"`
	Proposal uint64          `cbor:"4,keyasint" json:"proposal"`
}

// GetParamState loads a parameter's stored state; nil when never set.
func GetParamState(r store.Reader, name string) (*ParamState, error) {
	b, err := r.Get(ParamKey(name))
	if err != nil || b == nil {
		return nil, err
	}
	var ps ParamState
	if err := module.UnmarshalState(b, &ps); err != nil {
		return nil, fmt.Errorf("corrupt parameter %s: %w", name, err)
	}
	return &ps, nil
}

// ParamValue is a parameter's current canonical JSON: the stored value, or
// its default.
func ParamValue(r store.Reader, p module.Param) (json.RawMessage, error) {
	ps, err := GetParamState(r, p.Name)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		return p.Default, nil
	}
	return ps.Value, nil
}

// ParamInt is an integer parameter's current value.
func ParamInt(r store.Reader, p module.Param) (int64, error) {
	raw, err := ParamValue(r, p)
	if err != nil {
		return 0, err
	}
	v, err := module.ParseIntParam(raw)
	if err != nil {
		return 0, fmt.Errorf("parameter %s: %w", p.Name, err)
	}
	return v, nil
}

// setParam stores a checked value and appends it to the history.
func setParam(kv store.KV, p module.Param, raw json.RawMessage, height int64, t time.Time, proposal uint64) (json.RawMessage, error) {
	v, err := p.Check(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	ps, err := GetParamState(kv, p.Name)
	if err != nil {
		return nil, err
	}
	if ps == nil {
		ps = &ParamState{}
	}
	ps.Value = v
	ps.History = append(ps.History, ParamChange{Value: v, Height: height, Time: t.UTC(), Proposal: proposal})
	return v, put(kv, ParamKey(p.Name), ps)
}

// Registry is every parameter of the modules in the build, by name.
type Registry struct {
	byName map[string]module.Param
	names  []string
}

// NewRegistry collects the parameters mods declare (and governance's own);
// a name declared twice, or without a valid default, is a programming
// error and panics at start-up.
func NewRegistry(mods []module.Module) *Registry {
	r := &Registry{byName: map[string]module.Param{}}
	add := func(p module.Param) {
		if _, dup := r.byName[p.Name]; dup {
			panic("parameter " + p.Name + " declared twice")
		}
		if _, err := p.Check(p.Default); err != nil {
			panic("parameter " + p.Name + " has an invalid default: " + err.Error())
		}
		r.byName[p.Name] = p
		r.names = append(r.names, p.Name)
	}
	for _, p := range ownParams() {
		add(p)
	}
	for _, m := range mods {
		if pm, ok := m.(module.ParamModule); ok {
			for _, p := range pm.Params() {
				add(p)
			}
		}
	}
	sort.Strings(r.names)
	return r
}

// Lookup finds a parameter.
func (r *Registry) Lookup(name string) (module.Param, error) {
	p, ok := r.byName[name]
	if !ok {
		return module.Param{}, fmt.Errorf("%w: %q", ErrUnknownParam, name)
	}
	return p, nil
}

// Names lists every parameter name, sorted.
func (r *Registry) Names() []string { return append([]string(nil), r.names...) }

// own reads one of governance's own parameters (they always exist).
func (r *Registry) own(name string) module.Param {
	p, err := r.Lookup(name)
	if err != nil {
		panic(err)
	}
	return p
}

// policyFor reads the current policy of a proposal type.
func (r *Registry) policyFor(st store.Reader, typ string) (Policy, error) {
	raw, err := ParamValue(st, r.own(policyParamPrefix+typ))
	if err != nil {
		return Policy{}, err
	}
	var p Policy
	return p, json.Unmarshal(raw, &p)
}

// weights snapshots the committee: every department with its weight, in
// id order.
func (r *Registry) weights(st store.Reader) ([]Weight, uint64, error) {
	raw, err := ParamValue(st, r.own(ParamWeights))
	if err != nil {
		return nil, 0, err
	}
	var w map[string]uint64
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, 0, err
	}
	depts, err := identity.Departments(st)
	if err != nil {
		return nil, 0, err
	}
	var out []Weight
	var total uint64
	for _, d := range depts {
		if d.Retired != nil {
			continue // a retired department has no vote
		}
		v, ok := w[d.ID]
		if !ok {
			v = 1
		}
		out = append(out, Weight{Department: d.ID, Weight: v})
		total += v
	}
	return out, total, nil
}

func (r *Registry) cosigners(st store.Reader) ([]string, error) {
	raw, err := ParamValue(st, r.own(ParamFreezeCosigners))
	if err != nil {
		return nil, err
	}
	var ds []string
	return ds, json.Unmarshal(raw, &ds)
}
