// Package land is the land-use approval application (建设用地审批): a
// registry of land parcels and the approval process that runs on the
// workflow engine, with its land-specific steps (approval document and its
// verification code, the land fee that feeds public finance).
package land

import (
	"fmt"
	"regexp"
	"time"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// Parcel statuses.
const (
	ParcelAvailable = "available" // no application running
	ParcelInReview  = "in_review" // an application is open
	ParcelApproved  = "approved"  // use approved, document issued
	ParcelAllocated = "allocated" // land fee paid: the approval is complete
)

// Parcel is one registered land parcel (宗地).
type Parcel struct {
	ID       string `cbor:"1,keyasint" json:"id"`
	District string `cbor:"2,keyasint" json:"district"`
	Location string `cbor:"3,keyasint" json:"location"`
	AreaM2   int64  `cbor:"4,keyasint" json:"area_m2"`
	// Zoning is the planned use (规划用途), e.g. "industrial", "residential".
	Zoning  string         `cbor:"5,keyasint" json:"zoning"`
	Status  string         `cbor:"6,keyasint" json:"status"`
	History []ParcelChange `cbor:"7,keyasint" json:"history"`
}

// ParcelChange is one entry of a parcel's history.
type ParcelChange struct {
	Height int64     `cbor:"1,keyasint" json:"height"`
	Time   time.Time `cbor:"2,keyasint" json:"time"`
	Status string    `cbor:"3,keyasint" json:"status"`
	Note   string    `cbor:"4,keyasint" json:"note"`
	Case   string    `cbor:"5,keyasint,omitempty" json:"case,omitempty"`
}

var parcelID = regexp.MustCompile(`^[A-Z0-9][A-Z0-9-]{2,31}$`)

// Zonings are the planned uses the registry accepts.
func Zonings() []string {
	return []string{"industrial", "residential", "commercial", "public", "agricultural", "mixed"}
}

// RegisterParcel is the payload of land.register_parcel.
type RegisterParcel struct {
	ID       string `json:"id"`
	District string `json:"district"`
	Location string `json:"location"`
	AreaM2   int64  `json:"area_m2"`
	Zoning   string `json:"zoning"`
}

// Validate implements module.Payload.
func (p *RegisterParcel) Validate() error {
	if !parcelID.MatchString(p.ID) {
		return fmt.Errorf("%w: parcel id %q must match %s", ErrInvalid, p.ID, parcelID)
	}
	if p.District == "" || utf8.RuneCountInString(p.District) > 50 || p.Location == "" || utf8.RuneCountInString(p.Location) > 200 {
		return fmt.Errorf("%w: district (≤50) and location (≤200 characters) are required", ErrInvalid)
	}
	if p.AreaM2 <= 0 || p.AreaM2 > 100_000_000 {
		return fmt.Errorf("%w: area_m2 must be between 1 and 100,000,000", ErrInvalid)
	}
	for _, z := range Zonings() {
		if z == p.Zoning {
			return nil
		}
	}
	return fmt.Errorf("%w: zoning %q (known: %v)", ErrInvalid, p.Zoning, Zonings())
}

// ParcelKey is the state key of a parcel.
func ParcelKey(id string) []byte { return []byte("land/parcel/" + id) }

// GetParcel loads a parcel.
func GetParcel(r store.Reader, id string) (*Parcel, error) {
	b, err := r.Get(ParcelKey(id))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %s", ErrParcelNotFound, id)
	}
	var p Parcel
	if err := module.UnmarshalState(b, &p); err != nil {
		return nil, fmt.Errorf("corrupt parcel %s: %w", id, err)
	}
	return &p, nil
}

func putParcel(kv store.KV, p *Parcel) error {
	b, err := module.MarshalState(p)
	if err != nil {
		return err
	}
	return kv.Set(ParcelKey(p.ID), b)
}

// setParcelStatus records a status change in the parcel's history.
func setParcelStatus(ctx *module.Context, p *Parcel, status, note, caseNo string) error {
	p.Status = status
	p.History = append(p.History, ParcelChange{Height: ctx.Height, Time: ctx.BlockTime, Status: status, Note: note, Case: caseNo})
	return putParcel(ctx.KV, p)
}

func handleRegisterParcel(ctx *module.Context, pl module.Payload) error {
	p := pl.(*RegisterParcel)
	if ctx.Signer.Department != "nrb" {
		return fmt.Errorf("%w: the parcel registry is kept by the Natural Resources Bureau (nrb), signer is in %q", ErrWrongDepartment, ctx.Signer.Department)
	}
	if old, err := ctx.KV.Get(ParcelKey(p.ID)); err != nil {
		return err
	} else if old != nil {
		return fmt.Errorf("%w: %s", ErrParcelExists, p.ID)
	}
	parcel := &Parcel{ID: p.ID, District: p.District, Location: p.Location, AreaM2: p.AreaM2, Zoning: p.Zoning}
	if err := setParcelStatus(ctx, parcel, ParcelAvailable, "registered", ""); err != nil {
		return err
	}
	ctx.Emit("land.parcel_registered", "parcel", p.ID, "district", p.District)
	return nil
}
