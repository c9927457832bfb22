// Package notary anchors document hashes on chain (存证): a department
// records that a document with this SM3/SHA-256 digest existed at a block
// time, so anyone holding the document can later prove it was not altered.
package notary

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// Codespace "notary".
var (
	ErrInvalid       = errcode.Register("notary", 1, errcode.KindInvalid, "invalid anchor")
	ErrAlreadyExists = errcode.Register("notary", 2, errcode.KindConflict, "document already anchored")
	ErrNotFound      = errcode.Register("notary", 3, errcode.KindNotFound, "document not anchored")
)

// Record is an anchored document.
type Record struct {
	DocHash    module.Hash `cbor:"1,keyasint" json:"doc_hash"`
	Title      string      `cbor:"2,keyasint" json:"title"`
	Category   string      `cbor:"3,keyasint" json:"category"`
	Department string      `cbor:"4,keyasint" json:"department"`
	Signer     string      `cbor:"5,keyasint" json:"signer"`
	Height     int64       `cbor:"6,keyasint" json:"height"`
	Time       time.Time   `cbor:"7,keyasint" json:"time"`
}

// Key is the state key of an anchored document.
func Key(docHash module.Hash) []byte { return []byte("notary/doc/" + string(docHash)) }

// Anchor is the payload of notary.anchor.
type Anchor struct {
	DocHash  module.Hash `json:"doc_hash"`
	Title    string      `json:"title"`
	Category string      `json:"category"`
}

// Validate implements module.Payload.
func (p *Anchor) Validate() error {
	if err := p.DocHash.Check("doc_hash", true); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
	}
	if p.Title == "" || utf8.RuneCountInString(p.Title) > 200 {
		return fmt.Errorf("%w: title is required (at most 200 characters)", ErrInvalid)
	}
	if utf8.RuneCountInString(p.Category) > 50 {
		return fmt.Errorf("%w: category is at most 50 characters", ErrInvalid)
	}
	return nil
}

// Module is the notary module.
type Module struct{}

// Name implements module.Module.
func (Module) Name() string { return "notary" }

// Actions implements module.Module.
func (Module) Actions() []module.Action {
	staff := []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer, module.RoleApprover, module.RoleFinance, module.RoleAuditor}
	return []module.Action{{Name: "anchor", Roles: staff, Decode: module.DecodeJSON[Anchor], Handle: handleAnchor}}
}

func handleAnchor(ctx *module.Context, p module.Payload) error {
	a := p.(*Anchor)
	key := Key(a.DocHash)
	old, err := ctx.KV.Get(key)
	if err != nil {
		return err
	}
	if old != nil {
		return fmt.Errorf("%w: %s", ErrAlreadyExists, a.DocHash)
	}
	rec := Record{DocHash: a.DocHash, Title: a.Title, Category: a.Category, Department: ctx.Signer.Department,
		Signer: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	b, err := module.MarshalState(&rec)
	if err != nil {
		return err
	}
	if err := ctx.KV.Set(key, b); err != nil {
		return err
	}
	ctx.Emit("notary.anchored", "doc_hash", a.DocHash.String(), "department", rec.Department)
	return nil
}

// Get loads an anchored document.
func Get(r store.Reader, docHash module.Hash) (*Record, error) {
	b, err := r.Get(Key(docHash))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, docHash)
	}
	var rec Record
	if err := module.UnmarshalState(b, &rec); err != nil {
		return nil, err
	}
	return &rec, nil
}
