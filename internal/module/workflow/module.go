package workflow

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/pingshan/govchain/internal/module"
)

// Module is the workflow module.
type Module struct{}

// Name implements module.Module.
func (Module) Name() string { return "workflow" }

// Actions implements module.Module. The roles here are the coarse gate the
// app checks centrally; which department and role may act on which step
// is data (the definition), so the handlers check that against the case.
func (Module) Actions() []module.Action {
	staff := stepRoles
	intake := []string{module.RoleClerk, module.RoleGateway}
	return []module.Action{
		{Name: "publish_definition", Roles: []string{module.RoleAdmin}, Decode: module.DecodeJSON[PublishRequest], Handle: handlePublish},
		{Name: "open_case", Roles: intake, Decode: module.DecodeJSON[OpenCaseRequest], Handle: handleOpenCase},
		{Name: "act", Roles: staff, Decode: module.DecodeJSON[ActRequest], Handle: handleAct},
		{Name: "supplement", Roles: union(intake, staff), Decode: module.DecodeJSON[SupplementRequest], Handle: handleSupplement},
		{Name: "file_objection", Roles: intake, Decode: module.DecodeJSON[FileObjectionRequest], Handle: handleFileObjection},
		{Name: "answer_objection", Roles: staff, Decode: module.DecodeJSON[AnswerObjectionRequest], Handle: handleAnswerObjection},
	}
}

// union unions two role lists, keeping the first's order.
func union(a, b []string) []string {
	out := append([]string(nil), a...)
	for _, r := range b {
		if !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// OutcomeHook lets the module that opened a case react, in the same
// transaction, when the case closes (e.g. land records the approval). An
// error refuses the action that closed the case.
type OutcomeHook func(ctx *module.Context, c *Case) error

var (
	hooksMu sync.RWMutex
	hooks   = map[string]OutcomeHook{}
)

// RegisterOutcomeHook registers the hook for cases whose Origin is origin
// (the module name given in OpenCaseRequest.Origin). Call it from an init
// function: the set of hooks must be the same on every node, and a second
// registration for one origin is a programming error.
func RegisterOutcomeHook(origin string, h OutcomeHook) {
	hooksMu.Lock()
	defer hooksMu.Unlock()
	if _, dup := hooks[origin]; dup || origin == "" || h == nil {
		panic("workflow: bad or duplicate outcome hook for origin " + strconv.Quote(origin))
	}
	hooks[origin] = h
}

func hookFor(origin string) OutcomeHook {
	hooksMu.RLock()
	defer hooksMu.RUnlock()
	return hooks[origin]
}

// changeCase loads a case, lets change apply an engine call to it and saves
// it, emitting the step it moved to and closing it through its origin's
// hook (saveCase).
func changeCase(ctx *module.Context, number string, change func(*Definition, *Case) error) (*Case, error) {
	c, d, err := load(ctx, number)
	if err != nil {
		return nil, err
	}
	prev, prevAw, wasOpen := c.Current, c.AwaitingMaterials, c.Status == StatusOpen
	if err := change(d, c); err != nil {
		return nil, err
	}
	return c, saveCase(ctx, c, prev, prevAw, wasOpen)
}

// saveCase writes a case after an engine call, emits what changed and runs
// the origin's hook if the case has just closed.
func saveCase(ctx *module.Context, c *Case, prevStep string, prevAwaiting bool, wasOpen bool) error {
	if err := putCase(ctx.KV, c); err != nil {
		return err
	}
	if c.Current != prevStep || c.AwaitingMaterials != prevAwaiting {
		if c.AwaitingMaterials {
			ctx.Emit("workflow.returned", "case", c.Number, "step", c.Current)
		} else {
			ctx.Emit("workflow.step_entered", "case", c.Number, "step", c.Current)
		}
	}
	if wasOpen && c.Status == StatusClosed {
		ctx.Emit("workflow.case_closed", "case", c.Number, "outcome", c.Outcome, "definition", c.Definition)
		if h := hookFor(c.Origin); h != nil {
			if err := h(ctx, c); err != nil {
				return fmt.Errorf("closing %s: %s hook: %w", c.Number, c.Origin, err)
			}
		}
	}
	return nil
}

// load reads a case and the definition version it runs on.
func load(ctx *module.Context, number string) (*Case, *Definition, error) {
	c, err := GetCase(ctx.KV, number)
	if err != nil {
		return nil, nil, err
	}
	d, err := GetDefinition(ctx.KV, c.Definition, c.Version)
	if err != nil {
		return nil, nil, err
	}
	if d, err = withSuccessors(ctx, d); err != nil {
		return nil, nil, err
	}
	return c, d, nil
}

func actorOf(ctx *module.Context) actor {
	return actor{Signer: ctx.Signer, Now: blockNow(ctx.BlockTime), Height: ctx.Height, TxHash: ctx.TxHash}
}
