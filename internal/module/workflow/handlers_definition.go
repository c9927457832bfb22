package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// PublishRequest is the payload of workflow.publish_definition.
type PublishRequest struct {
	Definition Definition `json:"definition"`
}

// Validate implements module.Payload. The definition itself is validated
// by the handler, against identity state, so that every problem (graph or
// departments) comes back at once under one code.
func (p *PublishRequest) Validate() error { return chainSetFields(&p.Definition) }

func chainSetFields(d *Definition) error {
	if d.Version != 0 || !d.PublishedAt.IsZero() || d.PublishedBy != "" || d.Height != 0 || d.Proposal != 0 {
		return fmt.Errorf("version, published_at, published_by, height and proposal are set by the chain")
	}
	return nil
}

// StateDepartments looks departments up in identity state.
func StateDepartments(r store.Reader) DepartmentLookup {
	return func(id string) (bool, bool) {
		// A retired department cannot be named by a new version.
		d, err := identity.LiveDepartment(r, id)
		if err != nil {
			return false, false
		}
		return true, len(d.EncryptionKey) > 0
	}
}

// Publish validates d and stores it as the next version of its id. The
// signer must be an admin (checked by the action table) of the owning
// department; an id stays with the department that first published it.
// A process that involves several departments (this version or the one it
// replaces) is refused: its next version takes a governance proposal.
func Publish(ctx *module.Context, d *Definition) (*Definition, error) {
	if d.Owner != ctx.Signer.Department {
		return nil, fmt.Errorf("%w: %q is owned by %q; signer is in %q", ErrNotOwner, d.ID, d.Owner, ctx.Signer.Department)
	}
	return publish(ctx, d, ctx.Signer.Address, 0, true)
}

// checkNext validates d as the next version of its id against state,
// writing nothing, and returns that version's number. Publishing directly,
// genesis and an executing proposal all pass through it.
func checkNext(r store.Reader, d *Definition) (uint32, error) {
	if err := ValidateDefinition(d, StateDepartments(r)); err != nil {
		return 0, err
	}
	latest, err := LatestVersion(r, d.ID)
	if err != nil {
		return 0, err
	}
	if latest > 0 {
		old, err := GetDefinition(r, d.ID, latest)
		if err != nil {
			return 0, err
		}
		// A department that took over a merged one's work takes over its
		// processes too: it publishes their next versions.
		heir, err := identity.Successor(r, old.Owner)
		if err != nil {
			return 0, err
		}
		if old.Owner != d.Owner && heir != d.Owner {
			return 0, fmt.Errorf("%w: %q was published by %q", ErrNotOwner, d.ID, old.Owner)
		}
	}
	return latest + 1, nil
}

// publish stores d as the next version. by is the signer's address,
// "genesis" or "governance" (then proposal is the proposal's id); direct
// is a department admin's own publish_definition, refused for a process
// that involves several departments.
func publish(ctx *module.Context, in *Definition, by string, proposal uint64, direct bool) (*Definition, error) {
	d := *in
	if err := chainSetFields(&d); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDefinitionInvalid, err)
	}
	next, err := checkNext(ctx.KV, &d)
	if err != nil {
		return nil, err
	}
	if direct {
		if err := refuseSeveral(ctx.KV, &d, next-1); err != nil {
			return nil, err
		}
	}
	d.Version, d.PublishedAt, d.PublishedBy, d.Height, d.Proposal = next, blockNow(ctx.BlockTime), by, ctx.Height, proposal
	if err := putDefinition(ctx.KV, &d); err != nil {
		return nil, err
	}
	attrs := []string{"id", d.ID, "version", strconv.FormatUint(uint64(d.Version), 10), "owner", d.Owner}
	if proposal != 0 {
		attrs = append(attrs, "proposal", strconv.FormatUint(proposal, 10))
	}
	ctx.Emit("workflow.definition_published", attrs...)
	return &d, nil
}

func (m Module) handlePublish(ctx *module.Context, p module.Payload) error {
	_, err := Publish(ctx, &p.(*PublishRequest).Definition)
	return err
}

// Genesis is app_state.modules.workflow.
type Genesis struct {
	Definitions []Definition `json:"definitions"`
}

// InitGenesis implements module.GenesisModule: definitions are published in
// order (so one id given twice becomes versions 1 and 2). No entry writes
// nothing, which keeps chains without workflow genesis at the same hash.
func (Module) InitGenesis(ctx *module.Context, raw []byte) error {
	if raw == nil {
		return nil
	}
	var g Genesis
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&g); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalidGenesis, err)
	}
	for i := range g.Definitions {
		if _, err := publish(ctx, &g.Definitions[i], "genesis", 0, false); err != nil {
			return fmt.Errorf("%w: definitions[%d] (%s): %v", ErrInvalidGenesis, i, g.Definitions[i].ID, err)
		}
	}
	return nil
}
