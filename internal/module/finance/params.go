package finance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// Params are the chain parameters of public finance, set in genesis.
type Params struct {
	// FinanceDepartment is the Finance Bureau (财政局): it creates budget
	// lines, allocates quotas, approves and pays.
	FinanceDepartment string `cbor:"1,keyasint" json:"finance_department"`
	// LeaderDepartments are where an approver role counts as a leader's
	// sign-off for the largest payments.
	LeaderDepartments []string `cbor:"2,keyasint" json:"leader_departments"`
	// TwoApproversAboveFen: a payment above it needs two Finance Bureau
	// approvers instead of one.
	TwoApproversAboveFen int64 `cbor:"3,keyasint" json:"two_approvers_above_fen"`
	// LeaderAboveFen: a payment above it also needs a leader.
	LeaderAboveFen int64 `cbor:"4,keyasint" json:"leader_above_fen"`
	// PayeeReaders are the departments a payee's or payer's sealed data
	// is sealed for (payee.go): the Finance Bureau, which pays and must
	// read the account, and the Audit Bureau, which checks it. Clients
	// read this list from state; the chain refuses any other set.
	PayeeReaders []string `cbor:"5,keyasint" json:"payee_readers"`
}

// DefaultParams: 500,000 yuan for two approvers, 5,000,000 for a leader.
func DefaultParams() Params {
	return Params{
		FinanceDepartment:    "fin",
		LeaderDepartments:    []string{"gov", "fin"},
		TwoApproversAboveFen: 50_000_000,
		LeaderAboveFen:       500_000_000,
		PayeeReaders:         []string{"fin", "aud"},
	}
}

// Validate checks the parameters among themselves.
func (p *Params) Validate() error {
	if err := identity.ValidateID(p.FinanceDepartment); err != nil {
		return fmt.Errorf("finance_department: %v", err)
	}
	if len(p.LeaderDepartments) == 0 {
		return fmt.Errorf("leader_departments: at least one department is required")
	}
	for _, d := range p.LeaderDepartments {
		if err := identity.ValidateID(d); err != nil {
			return fmt.Errorf("leader_departments: %v", err)
		}
	}
	if p.TwoApproversAboveFen <= 0 || p.TwoApproversAboveFen > MaxAmountFen {
		return fmt.Errorf("two_approvers_above_fen must be in 1..%d", MaxAmountFen)
	}
	if p.LeaderAboveFen < p.TwoApproversAboveFen || p.LeaderAboveFen > MaxAmountFen {
		return fmt.Errorf("leader_above_fen must be at least two_approvers_above_fen and at most %d", MaxAmountFen)
	}
	if !slices.Contains(p.PayeeReaders, p.FinanceDepartment) {
		return fmt.Errorf("payee_readers must include the finance department %q, which pays", p.FinanceDepartment)
	}
	if len(p.PayeeReaders) > sealed.MaxReaders {
		return fmt.Errorf("payee_readers: at most %d departments", sealed.MaxReaders)
	}
	for i, d := range p.PayeeReaders {
		if err := identity.ValidateID(d); err != nil {
			return fmt.Errorf("payee_readers: %v", err)
		}
		if slices.Contains(p.PayeeReaders[:i], d) {
			return fmt.Errorf("payee_readers: %s twice", d)
		}
	}
	return nil
}

func (p *Params) isLeaderDepartment(d string) bool {
	for _, x := range p.LeaderDepartments {
		if x == d {
			return true
		}
	}
	return false
}

// Genesis is app_state.modules["finance"]. Budgets themselves are not in
// genesis: they enter through transactions, so every yuan has a signer.
type Genesis struct {
	// Params left out (or zero) take their defaults.
	Params *Params `json:"params,omitempty"`
}

const paramsKey = "finance/params"

// GetParams reads the parameters; a chain whose genesis had no finance
// entry runs on the defaults.
func GetParams(r store.Reader) (Params, error) {
	b, err := r.Get([]byte(paramsKey))
	if err != nil {
		return Params{}, err
	}
	if b == nil {
		return withGovernedThresholds(r, DefaultParams())
	}
	var p Params
	if err := module.UnmarshalState(b, &p); err != nil {
		return Params{}, fmt.Errorf("corrupt finance params: %w", err)
	}
	return withGovernedThresholds(r, p)
}

// initGenesis writes params only when genesis names the module: a chain
// without it keeps the exact state (and app hash) it had before finance.
func initGenesis(ctx *module.Context, raw []byte) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	p, err := GenesisParams(raw)
	if err != nil {
		return err
	}
	for _, d := range append(append([]string{p.FinanceDepartment}, p.LeaderDepartments...), p.PayeeReaders...) {
		if _, err := identity.GetDepartment(ctx.KV, d); err != nil {
			return fmt.Errorf("%w: %v", ErrInvalidGenesis, err)
		}
	}
	b, err := module.MarshalState(&p)
	if err != nil {
		return err
	}
	return ctx.KV.Set([]byte(paramsKey), b)
}

// GenesisParams reads the params a finance genesis entry sets, defaults
// filled in: what a client preparing txs before the chain runs (the demo
// seeder) needs to know, e.g. the payee readers.
func GenesisParams(raw []byte) (Params, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return DefaultParams(), nil
	}
	var g Genesis
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return Params{}, fmt.Errorf("%w: %v", ErrInvalidGenesis, err)
	}
	p := DefaultParams()
	if g.Params != nil {
		if g.Params.FinanceDepartment != "" {
			p.FinanceDepartment = g.Params.FinanceDepartment
		}
		if g.Params.LeaderDepartments != nil {
			p.LeaderDepartments = g.Params.LeaderDepartments
		}
		if g.Params.TwoApproversAboveFen != 0 {
			p.TwoApproversAboveFen = g.Params.TwoApproversAboveFen
		}
		if g.Params.LeaderAboveFen != 0 {
			p.LeaderAboveFen = g.Params.LeaderAboveFen
		}
		if g.Params.PayeeReaders != nil {
			p.PayeeReaders = g.Params.PayeeReaders
		}
	}
	if err := p.Validate(); err != nil {
		return Params{}, fmt.Errorf("%w: %v", ErrInvalidGenesis, err)
	}
	return p, nil
}
