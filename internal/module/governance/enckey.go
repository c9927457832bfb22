package governance

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// A department's encryption key is rotated by one admin of the department,
// at once, with no co-signer (docs/emergency.md "a key leaked"): the point
// is speed, since every new sealed record goes to the leaked key until the
// rotation, and a second admin adds little, because an admin alone can
// already add a clerk to the department and read its sealed data through
// the console. The rotation is public (an event and the department
// record), so a rotation nobody in the department asked for is seen.
//
// At the rotation governance lists, through every SealedHolder, each
// entry whose data key is wrapped for the department and writes it to a
// pending set. The department's node, which holds both private keys,
// unwraps each data key with the previous key and wraps it to the new one
// (governance/rewrap, in batches). The chain checks the entry is pending,
// exists and has a key for that department, and that the sender is of
// that department; it cannot check the new wrapped key opens to the same
// data key. When the pending set is empty the previous key is retired.

// rewrapPrefix: governance/rewrap/<dept>/<module>/<ref> → nil.
const rewrapPrefix = "governance/rewrap/"

func rewrapKey(dept, mod, ref string) []byte {
	return []byte(rewrapPrefix + dept + "/" + mod + "/" + ref)
}

func (m Module) holder(name string) module.SealedHolder {
	for _, h := range m.holders {
		if h.Name() == name {
			return h
		}
	}
	return nil
}

func ownDepartment(ctx *module.Context, dept string) error {
	if ctx.Signer.Department != dept {
		return fmt.Errorf("%w: %s is an admin of %q, not of %q", ErrOtherDepartment, ctx.Signer.Address, ctx.Signer.Department, dept)
	}
	return nil
}

func (m Module) handleRotateEncKey(ctx *module.Context, p module.Payload) error {
	r := p.(*RotateEncKey)
	if err := ownDepartment(ctx, r.Department); err != nil {
		return err
	}
	raw, _ := hex.DecodeString(r.NewKey)
	d, err := identity.RotateEncryptionKey(ctx.KV, ctx.Suite, r.Department, raw, ctx.Height)
	if err != nil {
		return err
	}
	pending := 0
	for _, h := range m.holders {
		entries, err := h.SealedEntries(ctx.KV, r.Department)
		if err != nil {
			return err
		}
		for _, e := range entries {
			if err := ctx.KV.Set(rewrapKey(r.Department, h.Name(), e.Ref), []byte{}); err != nil {
				return err
			}
		}
		pending += len(entries)
	}
	ctx.Emit("governance.enc_key_rotated", "department", r.Department, "version", strconv.FormatUint(uint64(d.EncKeyVersion()), 10),
		"pending", strconv.Itoa(pending), "by", ctx.Signer.Address, "reason", r.Reason)
	if pending == 0 {
		return m.retire(ctx, r.Department)
	}
	return nil
}

func (m Module) retire(ctx *module.Context, dept string) error {
	if err := identity.RetirePreviousEncKey(ctx.KV, dept, ctx.Height); err != nil {
		return err
	}
	ctx.Emit("governance.enc_key_retired", "department", dept)
	return nil
}

func (m Module) handleRewrap(ctx *module.Context, p module.Payload) error {
	r := p.(*Rewrap)
	if err := ownDepartment(ctx, r.Department); err != nil {
		return err
	}
	d, err := identity.GetDepartment(ctx.KV, r.Department)
	if err != nil {
		return err
	}
	if !d.Rewrapping() {
		return fmt.Errorf("%w: %s", ErrNoRotation, r.Department)
	}
	for i, e := range r.Entries {
		h := m.holder(e.Module)
		if h == nil {
			return fmt.Errorf("%w: entries[%d].module %q", ErrUnknownHolder, i, e.Module)
		}
		k := rewrapKey(r.Department, e.Module, e.Ref)
		if b, err := ctx.KV.Get(k); err != nil {
			return err
		} else if b == nil {
			return fmt.Errorf("%w: entries[%d] %s/%s for %s", ErrNotRewrapEntry, i, e.Module, e.Ref, r.Department)
		}
		w, _ := hex.DecodeString(e.WrappedKey)
		if err := h.ReplaceWrappedKey(ctx.KV, e.Ref, r.Department, w); err != nil {
			return fmt.Errorf("entries[%d]: %w", i, err)
		}
		if err := ctx.KV.Delete(k); err != nil {
			return err
		}
	}
	left, err := pendingCount(ctx.KV, r.Department, 1)
	if err != nil {
		return err
	}
	ctx.Emit("governance.rewrapped", "department", r.Department, "entries", strconv.Itoa(len(r.Entries)))
	if left == 0 {
		return m.retire(ctx, r.Department)
	}
	return nil
}

// pendingCount counts the department's entries still wrapped to its
// previous key, stopping at max (0: no limit).
func pendingCount(r store.Reader, dept string, max int) (int, error) {
	n := 0
	err := r.Iterate([]byte(rewrapPrefix+dept+"/"), func(_, _ []byte) bool {
		n++
		return max == 0 || n < max
	})
	return n, err
}

// PendingRewrap is an entry still wrapped to a department's previous key,
// with what its node needs to re-wrap it.
type PendingRewrap struct {
	Module     string `json:"module"`
	Ref        string `json:"ref"`
	Domain     string `json:"domain"`
	Ciphertext string `json:"ciphertext"`  // hex
	WrappedKey string `json:"wrapped_key"` // hex, to the previous key
}

// RewrapStatus is a department's key versions and its pending entries
// (at most limit of them; Pending counts them all).
type RewrapStatus struct {
	Department string                   `json:"department"`
	Version    uint32                   `json:"version"`
	Current    string                   `json:"current"`
	Key        *identity.EncKeyVersions `json:"rotation,omitempty"`
	Pending    int                      `json:"pending"`
	Entries    []PendingRewrap          `json:"entries"`
}

// RewrapState reads a department's rotation and up to limit of its
// pending entries, in key order, from the holders of the build.
func (m Module) RewrapState(r store.Reader, dept string, limit int) (*RewrapStatus, error) {
	d, err := identity.GetDepartment(r, dept)
	if err != nil {
		return nil, err
	}
	out := &RewrapStatus{Department: dept, Version: d.EncKeyVersion(), Current: hex.EncodeToString(d.EncryptionKey),
		Key: d.EncKey, Entries: []PendingRewrap{}}
	want := map[string]bool{}
	prefix := rewrapPrefix + dept + "/"
	err = r.Iterate([]byte(prefix), func(k, _ []byte) bool {
		out.Pending++
		if len(want) < limit {
			want[strings.TrimPrefix(string(k), prefix)] = true
		}
		return true
	})
	if err != nil || len(want) == 0 {
		return out, err
	}
	for _, h := range m.holders {
		entries, err := h.SealedEntries(r, dept)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			if want[h.Name()+"/"+e.Ref] {
				out.Entries = append(out.Entries, PendingRewrap{Module: h.Name(), Ref: e.Ref, Domain: e.Domain,
					Ciphertext: hex.EncodeToString(e.Ciphertext), WrappedKey: hex.EncodeToString(e.Wrapped)})
			}
		}
	}
	return out, nil
}
