package governance

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// Department and platform-role proposal types. Each executes through
// identity's own functions under identity.GovernanceAuthority; a merger
// also moves open work through every module.DepartmentMover.
const (
	// TypeDeptAdd adds a department: DeptAddBody.
	TypeDeptAdd = "dept_add"
	// TypeDeptRename renames one: DeptRenameBody.
	TypeDeptRename = "dept_rename"
	// TypeDeptRetire retires one that has no open cases: DeptRetireBody
	// without into.
	TypeDeptRetire = "dept_retire"
	// TypeDeptMerge retires one into a successor, which takes over its
	// open cases and tasks: DeptRetireBody with into.
	TypeDeptMerge = "dept_merge"
	// TypeGateway grants or revokes the platform gateway role: GatewayBody.
	TypeGateway = "gateway_role"
)

// Default policies: adding, renaming and the gateway role as a parameter
// change; removing a department (retire, merge) is stricter — three
// quarters of the weight must vote and two thirds of yes+no approve.
func defaultRemovalPolicy() Policy { return Policy{Quorum: Fraction{3, 4}, Approve: Fraction{2, 3}} }

func deptParams() []module.Param {
	return []module.Param{
		policyParam(policyParamPrefix+TypeDeptAdd, "policy of a proposal to add a department", defaultParamPolicy()),
		policyParam(policyParamPrefix+TypeDeptRename, "policy of a proposal to rename a department", defaultParamPolicy()),
		policyParam(policyParamPrefix+TypeDeptRetire, "policy of a proposal to retire a department", defaultRemovalPolicy()),
		policyParam(policyParamPrefix+TypeDeptMerge, "policy of a proposal to merge a department into another", defaultRemovalPolicy()),
		policyParam(policyParamPrefix+TypeGateway, "policy of a proposal to grant or revoke the platform gateway role", defaultParamPolicy()),
	}
}

// DeptAddBody is the payload of a dept_add proposal.
type DeptAddBody struct {
	ID     string `json:"id"`
	NameZH string `json:"name_zh"`
	NameEN string `json:"name_en"`
	// EncryptionKey is the hex of the department's suite public key that
	// personal data keys are wrapped for.
	EncryptionKey string              `json:"encryption_key"`
	Admins        []identity.NewAdmin `json:"admins"`
	// Weight is its vote weight (0 to 1000); absent means 1.
	Weight *uint64 `json:"weight,omitempty"`
}

// DeptRenameBody is the payload of a dept_rename proposal.
type DeptRenameBody struct {
	Department string `json:"department"`
	NameZH     string `json:"name_zh"`
	NameEN     string `json:"name_en"`
}

// DeptRetireBody is the payload of dept_retire (no into) and dept_merge
// (into the successor).
type DeptRetireBody struct {
	Department string `json:"department"`
	Into       string `json:"into,omitempty"`
}

// GatewayBody is the payload of a gateway_role proposal.
type GatewayBody struct {
	Address string `json:"address"`
	Grant   bool   `json:"grant"`
}

// canonicalDept checks a department or gateway body without state and
// returns it re-encoded; ok is false when typ is not one of these types.
func canonicalDept(typ string, raw json.RawMessage) (json.RawMessage, bool, error) {
	switch typ {
	case TypeDeptAdd:
		var b DeptAddBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, true, fmt.Errorf("%s payload: %v", typ, err)
		}
		if err := identity.ValidateID(b.ID); err != nil {
			return nil, true, err
		}
		if err := identity.CheckNames(b.NameZH, b.NameEN); err != nil {
			return nil, true, err
		}
		if k, err := hex.DecodeString(b.EncryptionKey); err != nil || len(k) == 0 {
			return nil, true, fmt.Errorf("%s payload: encryption_key must be hex", typ)
		}
		if len(b.Admins) == 0 || len(b.Admins) > 16 {
			return nil, true, fmt.Errorf("%s payload: list 1 to 16 admins", typ)
		}
		for i, a := range b.Admins {
			if err := identity.ValidateName(a.Name); err != nil {
				return nil, true, fmt.Errorf("admins[%d]: %v", i, err)
			}
			if k, err := hex.DecodeString(a.PublicKey); err != nil || len(k) == 0 {
				return nil, true, fmt.Errorf("%s payload: admins[%d].public_key must be hex", typ, i)
			}
		}
		if b.Weight == nil {
			one := uint64(1)
			b.Weight = &one
		}
		if *b.Weight > maxWeight {
			return nil, true, fmt.Errorf("%s payload: weight %d is above %d", typ, *b.Weight, maxWeight)
		}
		out, err := json.Marshal(b)
		return out, true, err
	case TypeDeptRename:
		var b DeptRenameBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, true, fmt.Errorf("%s payload: %v", typ, err)
		}
		if err := identity.ValidateID(b.Department); err != nil {
			return nil, true, err
		}
		if err := identity.CheckNames(b.NameZH, b.NameEN); err != nil {
			return nil, true, err
		}
		out, err := json.Marshal(b)
		return out, true, err
	case TypeDeptRetire, TypeDeptMerge:
		var b DeptRetireBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, true, fmt.Errorf("%s payload: %v", typ, err)
		}
		if err := identity.ValidateID(b.Department); err != nil {
			return nil, true, err
		}
		switch {
		case typ == TypeDeptRetire && b.Into != "":
			return nil, true, fmt.Errorf("%s payload: a retirement names no successor (propose %s)", typ, TypeDeptMerge)
		case typ == TypeDeptMerge && b.Into == "":
			return nil, true, fmt.Errorf("%s payload: into is required", typ)
		case typ == TypeDeptMerge && b.Into == b.Department:
			return nil, true, fmt.Errorf("%s payload: a department cannot merge into itself", typ)
		case typ == TypeDeptMerge:
			if err := identity.ValidateID(b.Into); err != nil {
				return nil, true, err
			}
		}
		out, err := json.Marshal(b)
		return out, true, err
	case TypeGateway:
		var b GatewayBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, true, fmt.Errorf("%s payload: %v", typ, err)
		}
		if !addressPattern.MatchString(b.Address) {
			return nil, true, fmt.Errorf("%s payload: address must be 40 lower-case hex digits", typ)
		}
		out, err := json.Marshal(b)
		return out, true, err
	}
	return nil, false, nil
}

// deptTarget is what a department or gateway proposal acts on, checked
// against state when it opens (execution checks again: state can change
// while it is open).
func deptTarget(st store.Reader, typ string, body json.RawMessage) (string, error) {
	switch typ {
	case TypeDeptAdd:
		var b DeptAddBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", err
		}
		if _, err := identity.GetDepartment(st, b.ID); err == nil {
			return "", fmt.Errorf("%w: %q", identity.ErrDepartmentExists, b.ID)
		}
		return b.ID, nil
	case TypeDeptRename:
		var b DeptRenameBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", err
		}
		_, err := identity.LiveDepartment(st, b.Department)
		return b.Department, err
	case TypeDeptRetire, TypeDeptMerge:
		var b DeptRetireBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", err
		}
		if _, err := identity.LiveDepartment(st, b.Department); err != nil {
			return "", err
		}
		if b.Into != "" {
			if _, err := identity.LiveDepartment(st, b.Into); err != nil {
				return "", fmt.Errorf("into: %w", err)
			}
		}
		return b.Department, nil
	case TypeGateway:
		var b GatewayBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", err
		}
		a, err := identity.GetAccount(st, b.Address)
		if err != nil {
			return "", err
		}
		if a.Signer().HasRole(module.RoleGateway) == b.Grant {
			has := "lacks"
			if b.Grant {
				has = "holds"
			}
			return "", fmt.Errorf("%w: %s already %s the gateway role", ErrInvalid, b.Address, has)
		}
		return b.Address, nil
	}
	return "", fmt.Errorf("%w: unknown proposal type %q", ErrInvalid, typ)
}

// executeDept applies a passed department or gateway proposal. ctx writes
// to the proposal's isolated overlay.
func (m Module) executeDept(ctx *module.Context, prop *Proposal) ([]string, error) {
	auth := identity.GovernanceAuthority(prop.ID)
	switch prop.Type {
	case TypeDeptAdd:
		var b DeptAddBody
		if err := json.Unmarshal(prop.Payload, &b); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		key, _ := hex.DecodeString(b.EncryptionKey)
		d := identity.Department{ID: b.ID, NameZH: b.NameZH, NameEN: b.NameEN, EncryptionKey: key}
		if err := identity.AddDepartment(ctx.KV, ctx.Suite, auth, d, b.Admins); err != nil {
			return nil, err
		}
		if err := m.setWeight(ctx, prop.ID, b.ID, *b.Weight); err != nil {
			return nil, err
		}
		return []string{"department", b.ID, "admins", fmt.Sprint(len(b.Admins))}, nil
	case TypeDeptRename:
		var b DeptRenameBody
		if err := json.Unmarshal(prop.Payload, &b); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		return []string{"department", b.Department}, identity.RenameDepartment(ctx.KV, auth, b.Department, b.NameZH, b.NameEN)
	case TypeDeptRetire, TypeDeptMerge:
		var b DeptRetireBody
		if err := json.Unmarshal(prop.Payload, &b); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		n, err := identity.RetireDepartment(ctx.KV, auth, b.Department, b.Into, ctx.Height)
		if err != nil {
			return nil, err
		}
		attrs := []string{"department", b.Department, "into", b.Into, "suspended", fmt.Sprint(n)}
		for _, mv := range m.movers {
			moved, err := mv.MoveDepartment(ctx, b.Department, b.Into, auth.Source())
			if err != nil {
				return nil, err
			}
			attrs = append(attrs, mv.Name()+"_moved", fmt.Sprint(moved))
		}
		return attrs, nil
	case TypeGateway:
		var b GatewayBody
		if err := json.Unmarshal(prop.Payload, &b); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if err := identity.SetPlatformRole(ctx.KV, auth, b.Address, module.RoleGateway, b.Grant); err != nil {
			return nil, err
		}
		return []string{"address", b.Address, "grant", fmt.Sprint(b.Grant)}, nil
	}
	return nil, fmt.Errorf("%w: unknown proposal type %q", ErrInvalid, prop.Type)
}

// setWeight records a new department's weight in gov.weights (with the
// parameter's history naming the proposal).
func (m Module) setWeight(ctx *module.Context, proposal uint64, dept string, w uint64) error {
	p := m.reg.own(ParamWeights)
	raw, err := ParamValue(ctx.KV, p)
	if err != nil {
		return err
	}
	var ws map[string]uint64
	if err := json.Unmarshal(raw, &ws); err != nil {
		return err
	}
	if ws == nil {
		ws = map[string]uint64{}
	}
	ws[dept] = w
	b, err := json.Marshal(ws)
	if err != nil {
		return err
	}
	_, err = setParam(ctx.KV, p, b, ctx.Height, ctx.BlockTime, proposal)
	return err
}
