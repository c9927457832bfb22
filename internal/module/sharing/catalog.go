package sharing

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
)

// handleRegister adds a resource to the catalogue or a new version of one
// the signer's department owns. The previous version stays readable under
// its own key; requests keep the version they were made against.
func handleRegister(ctx *module.Context, p module.Payload) error {
	in := p.(*RegisterResource)
	res, err := GetResource(ctx.KV, in.ID)
	switch {
	case errors.Is(err, ErrResourceNotFound):
		res = &Resource{ID: in.ID, Department: ctx.Signer.Department}
	case err != nil:
		return err
	case res.Department != ctx.Signer.Department:
		return fmt.Errorf("%w: resource %s is %s's", ErrOtherDepartment, in.ID, res.Department)
	case res.Retired != nil:
		return fmt.Errorf("%w: %s", ErrRetired, in.ID)
	}
	v := ResourceVersion{Version: res.Current.Version + 1, NameZH: in.NameZH, NameEN: in.NameEN, Description: in.Description,
		Fields: in.Fields, ShareClass: in.ShareClass, LegalBasis: in.LegalBasis, Frequency: in.Frequency,
		OpenToPublic: in.OpenToPublic, By: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	res.Current = v
	if err := put(ctx.KV, versionKey(in.ID, v.Version), &v); err != nil {
		return err
	}
	if err := put(ctx.KV, ResourceKey(in.ID), res); err != nil {
		return err
	}
	ctx.Emit("sharing.registered", "resource", in.ID, "version", strconv.FormatUint(uint64(v.Version), 10),
		"department", res.Department, "share_class", v.ShareClass)
	return nil
}

// handleRetire takes a resource out of the catalogue: no new requests;
// its versions, requests and access records stay, and grants already
// given run their course unless revoked.
func handleRetire(ctx *module.Context, p module.Payload) error {
	in := p.(*RetireResource)
	res, err := GetResource(ctx.KV, in.ID)
	if err != nil {
		return err
	}
	if res.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: resource %s is %s's", ErrOtherDepartment, in.ID, res.Department)
	}
	if res.Retired != nil {
		return fmt.Errorf("%w: %s", ErrRetired, in.ID)
	}
	t := ctx.BlockTime.UTC()
	res.Retired, res.RetiredWhy = &t, in.Reason
	if err := put(ctx.KV, ResourceKey(in.ID), res); err != nil {
		return err
	}
	ctx.Emit("sharing.retired", "resource", in.ID, "department", res.Department)
	return nil
}
