// Package delivery is the off-chain half of data sharing: the owner's node
// answers a signed fetch under a grant with the data sealed to the
// requesting department's encryption key, and gives back the access record
// to put on chain with the hash of what it sent; the requester opens it and
// checks the hash. This file is the protocol's core, without transport: the
// HTTP route between nodes and the node account that submits the record
// are the next step (docs/data-sharing.md, "What is left").
package delivery

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/datasource"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// MaxSkew is how far a fetch's signed time may be from the owner node's
// clock: it bounds how long a captured fetch can be replayed.
const MaxSkew = 5 * time.Minute

// signDomain separates a fetch signature from every other signature a
// staff key makes (transactions sign their own envelope bytes).
const signDomain = "govchain/sharing/fetch/v1\x00"

// Errors of a refused fetch.
var (
	ErrSignature = errors.New("delivery: the fetch is not signed by an active account of the requesting department")
	ErrStale     = errors.New("delivery: the fetch's time is too far from the owner's clock")
	ErrNoSource  = errors.New("delivery: this node has no source for the resource")
	ErrHash      = errors.New("delivery: the data does not match its hash")
)

// Fetch is what a requester's staff member signs: which grant, which
// fields (⊆ granted), optionally which records (key field = value; the key
// field must be granted too), why, who, and when.
type Fetch struct {
	ChainID  string    `json:"chain_id"`
	Grant    uint64    `json:"grant"`
	Fields   []string  `json:"fields"`
	KeyField string    `json:"key_field,omitempty"`
	KeyValue string    `json:"key_value,omitempty"`
	Purpose  string    `json:"purpose"`
	Account  string    `json:"account"`
	Time     time.Time `json:"time"`
}

// SignedFetch is a Fetch with its signature over signDomain + its JSON.
type SignedFetch struct {
	Fetch     json.RawMessage `json:"fetch"`
	Signature sealed.HexBytes `json:"signature"`
}

// Sign signs f with a staff key.
func Sign(key cryptosuite.PrivateKey, f Fetch) (*SignedFetch, error) {
	b, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	sig, err := key.Sign(append([]byte(signDomain), b...))
	if err != nil {
		return nil, err
	}
	return &SignedFetch{Fetch: b, Signature: sig}, nil
}

// Delivery is the owner's answer: the data sealed to the requesting
// department, its hash, and the access record the owner puts on chain.
type Delivery struct {
	Grant  uint64               `json:"grant"`
	Box    *sealed.Box          `json:"box"`
	Hash   module.Hash          `json:"hash"`
	Access sharing.RecordAccess `json:"access"`
}

// Domain binds a sealed delivery to its grant: a box cannot be passed off
// as the answer under another grant.
func Domain(grant uint64) string { return "govchain/sharing/delivery/" + strconv.FormatUint(grant, 10) }

// Owner serves one department's resources.
type Owner struct {
	Suite      cryptosuite.Suite
	ChainID    string
	Department string
	Sources    map[string]datasource.Source // resource id → source
	// Replay, if set, refuses a signed fetch served before.
	Replay *ReplayGuard
}

// Serve checks a signed fetch against committed state and the grant, reads
// the source and seals the result. now is the node's clock (this is not
// consensus code; the chain re-checks the grant at block time when the
// access record is submitted).
func (o *Owner) Serve(ctx context.Context, st store.Reader, sf *SignedFetch, now time.Time) (*Delivery, error) {
	f, err := o.verify(st, sf, now)
	if err != nil {
		return nil, err
	}
	req, err := sharing.GetRequest(st, f.Grant)
	if err != nil {
		return nil, err
	}
	acct, err := identity.GetAccount(st, f.Account)
	if err != nil {
		return nil, err
	}
	if acct.Department != req.Requester {
		return nil, fmt.Errorf("%w: %s is of %s, the grant is for %s", ErrSignature, f.Account, acct.Department, req.Requester)
	}
	if err := sharing.CheckDelivery(req, o.Department, f.Fields, now); err != nil {
		return nil, err
	}
	if f.KeyField != "" && !slices.Contains(req.Grant.Fields, f.KeyField) {
		// Selecting by a field not granted would tell whether a value exists in it.
		return nil, fmt.Errorf("%w: key field %q is not granted", sharing.ErrFieldNotInScope, f.KeyField)
	}
	src, ok := o.Sources[req.Resource]
	if !ok {
		return nil, fmt.Errorf("%w: %s", ErrNoSource, req.Resource)
	}
	res, err := src.Query(ctx, datasource.Query{Fields: f.Fields, KeyField: f.KeyField, KeyValue: f.KeyValue})
	if err != nil {
		return nil, err
	}
	plain, err := res.Canonical()
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	dept, err := identity.GetDepartment(st, req.Requester)
	if err != nil {
		return nil, err
	}
	readers, err := sealed.Readers(o.Suite, []string{dept.ID}, map[string][]byte{dept.ID: dept.EncryptionKey})
	if err != nil {
		return nil, err
	}
	box, err := sealed.Seal(o.Suite, readers, Domain(req.ID), plain)
	if err != nil {
		return nil, err
	}
	h := module.HashOf(o.Suite.Hash(plain))
	return &Delivery{Grant: req.ID, Box: box, Hash: h, Access: sharing.RecordAccess{Grant: req.ID, Fields: f.Fields,
		Purpose: f.Purpose, RequesterAccount: f.Account, DeliveredHash: h}}, nil
}

func (o *Owner) verify(st store.Reader, sf *SignedFetch, now time.Time) (*Fetch, error) {
	var f Fetch
	dec := json.NewDecoder(bytes.NewReader(sf.Fetch))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	acct, err := identity.GetAccount(st, f.Account)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	pub, err := o.Suite.ParsePublicKey(acct.PublicKey)
	if err != nil || acct.Status != identity.StatusActive || !pub.Verify(append([]byte(signDomain), sf.Fetch...), sf.Signature) {
		return nil, fmt.Errorf("%w: %s", ErrSignature, f.Account)
	}
	if f.ChainID != o.ChainID {
		return nil, fmt.Errorf("%w: chain %q", ErrSignature, f.ChainID)
	}
	if d := now.Sub(f.Time); d > MaxSkew || d < -MaxSkew {
		return nil, fmt.Errorf("%w: %s", ErrStale, f.Time.Format(time.RFC3339))
	}
	if o.Replay != nil {
		if err := o.Replay.use(sf.Signature, now); err != nil {
			return nil, err
		}
	}
	return &f, nil
}

// Open is the requester's side: decrypt with the department's data key
// and check the hash before any use (the hash the owner puts on chain).
func Open(s cryptosuite.Suite, d *Delivery, dept string, key cryptosuite.PrivateKey) (*datasource.Result, error) {
	plain, err := sealed.Open(s, d.Box, Domain(d.Grant), dept, key)
	if err != nil {
		return nil, err
	}
	if module.HashOf(s.Hash(plain)) != d.Hash {
		return nil, ErrHash
	}
	var r datasource.Result
	if err := json.Unmarshal(plain, &r); err != nil {
		return nil, err
	}
	return &r, nil
}
