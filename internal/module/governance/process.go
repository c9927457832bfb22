package governance

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// TypeProcess publishes a new version of a process definition: the payload
// is the whole definition, as publish_definition takes it (its "version"
// may name the version it is meant to become). The workflow engine checks
// it — when the proposal opens, and again in the block it passes — and
// publishes it; new cases start on it, open cases finish on theirs.
const TypeProcess = "process"

func processParams() []module.Param {
	return []module.Param{
		policyParam(policyParamPrefix+TypeProcess, "policy of a proposal to publish a new version of a process definition", defaultParamPolicy()),
	}
}

// keeper is the module that holds process definitions, or an error when
// the build has none.
func (m Module) keeper() (module.ProcessKeeper, error) {
	if m.processes == nil {
		return nil, fmt.Errorf("%w: no module of this build holds process definitions", ErrInvalid)
	}
	return m.processes, nil
}

// canonicalProcess decodes a process payload without state.
func (m Module) canonicalProcess(raw json.RawMessage) (json.RawMessage, error) {
	k, err := m.keeper()
	if err != nil {
		return nil, err
	}
	out, _, err := k.CanonicalProcess(raw)
	return out, err
}

// processTarget is the definition's id, once the engine has validated the
// definition against state: a proposal that could never execute does not
// open.
func (m Module) processTarget(st store.Reader, body json.RawMessage) (string, error) {
	k, err := m.keeper()
	if err != nil {
		return "", err
	}
	_, id, err := k.CanonicalProcess(body)
	if err != nil {
		return "", err
	}
	if err := k.ValidateProcess(st, body); err != nil {
		return "", err
	}
	return id, nil
}

func (m Module) executeProcess(ctx *module.Context, prop *Proposal) ([]string, error) {
	k, err := m.keeper()
	if err != nil {
		return nil, err
	}
	v, err := k.PublishProcess(ctx, prop.Payload, prop.ID)
	if err != nil {
		return nil, err
	}
	return []string{"process", prop.Target, "version", strconv.FormatUint(uint64(v), 10)}, nil
}
