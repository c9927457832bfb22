package sharing

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
)

// CaseMaterial is a material a case did not ask its applicant for: data
// the reviewing department obtained under a grant linked to the case (减材料).
// Public: it names the resource, the department that gave it and the hash
// of the delivery, never a value, so the citizen's timeline can show it.
type CaseMaterial struct {
	Case          string      `cbor:"1,keyasint" json:"case"`
	Resource      string      `cbor:"2,keyasint" json:"resource"`
	NameZH        string      `cbor:"3,keyasint" json:"name_zh"`
	NameEN        string      `cbor:"4,keyasint" json:"name_en"`
	Owner         string      `cbor:"5,keyasint" json:"owner"`
	Requester     string      `cbor:"6,keyasint" json:"requester"`
	Grant         uint64      `cbor:"7,keyasint" json:"grant"`
	Access        uint64      `cbor:"8,keyasint" json:"access"`
	DeliveredHash module.Hash `cbor:"9,keyasint" json:"delivered_hash"`
	Step          string      `cbor:"10,keyasint" json:"step"`
	By            string      `cbor:"11,keyasint" json:"by"`
	Height        int64       `cbor:"12,keyasint" json:"height"`
	Time          time.Time   `cbor:"13,keyasint" json:"time"`
}

// AttachToCase is the payload of sharing/attach_to_case: a review step of
// a case takes the data of one delivery in place of a material the
// applicant would hand in.
type AttachToCase struct {
	Case   string `json:"case"`
	Access uint64 `json:"access"`
}

// Validate implements module.Payload.
func (p *AttachToCase) Validate() error {
	if !caseNoPattern.MatchString(p.Case) {
		return fmt.Errorf("case %q must match %s", p.Case, caseNoPattern)
	}
	if p.Access == 0 {
		return fmt.Errorf("access is required")
	}
	return nil
}

// handleAttach checks, in order: the delivery was to the signer's
// department under a grant made for this very case; the case is open and
// the signer's department has an open visit at its current step (it is
// reviewing now); the resource is not attached to the case yet (one
// material is saved once).
func handleAttach(ctx *module.Context, p module.Payload) error {
	in := p.(*AttachToCase)
	acc, err := get[Access](ctx.KV, AccessKey(in.Access), ErrAccessNotFound, strconv.FormatUint(in.Access, 10))
	if err != nil {
		return err
	}
	if acc.Requester != ctx.Signer.Department {
		return fmt.Errorf("%w: access %d was a delivery to %s", ErrOtherDepartment, acc.ID, acc.Requester)
	}
	req, err := GetRequest(ctx.KV, acc.Grant)
	if err != nil {
		return err
	}
	if req.CaseNo != in.Case {
		return fmt.Errorf("%w: grant %d was made for case %q, not %s", ErrNotForCase, req.ID, req.CaseNo, in.Case)
	}
	c, err := workflow.GetCase(ctx.KV, in.Case)
	if err != nil {
		return err
	}
	if c.Status != workflow.StatusOpen || !reviewing(c, ctx.Signer.Department) {
		return fmt.Errorf("%w: %s is not reviewing case %s at its current step", ErrNotForCase, ctx.Signer.Department, in.Case)
	}
	key := materialKey(in.Case, acc.Resource)
	if b, err := ctx.KV.Get(key); err != nil {
		return err
	} else if b != nil {
		return fmt.Errorf("%w: %s is already attached to case %s", ErrRequestState, acc.Resource, in.Case)
	}
	res, err := GetResource(ctx.KV, acc.Resource)
	if err != nil {
		return err
	}
	m := &CaseMaterial{Case: in.Case, Resource: res.ID, NameZH: res.Current.NameZH, NameEN: res.Current.NameEN,
		Owner: acc.Owner, Requester: acc.Requester, Grant: req.ID, Access: acc.ID, DeliveredHash: acc.DeliveredHash,
		Step: c.Current, By: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := put(ctx.KV, key, m); err != nil {
		return err
	}
	ctx.Emit("sharing.material_saved", "case", in.Case, "resource", res.ID, "owner", acc.Owner,
		"requester", acc.Requester, "access", strconv.FormatUint(acc.ID, 10))
	return nil
}

// reviewing: dept has an open visit at the case's current step.
func reviewing(c *workflow.Case, dept string) bool {
	for _, v := range c.OpenVisits() {
		if v.Step == c.Current && v.Department == dept {
			return true
		}
	}
	return false
}

// CaseMaterials lists the materials a case was spared, by resource id.
func CaseMaterials(r store.Reader, caseNo string) ([]*CaseMaterial, error) {
	return list[CaseMaterial](r, materialPrefix+caseNo+"/")
}

// Materials lists every material saved, by case then resource.
func Materials(r store.Reader) ([]*CaseMaterial, error) { return list[CaseMaterial](r, materialPrefix) }
