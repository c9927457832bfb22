package workflow

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
)

// Module is the workflow module. Its hooks are given at construction (New),
// in the app's one module list, so every node runs the same set.
type Module struct {
	hooks map[string]OutcomeHook
}

// New builds the workflow module with the outcome hooks of the modules that
// open cases, by origin (OpenCaseRequest.Origin): land.OnCaseClosed for
// "land", and so on.
func New(hooks map[string]OutcomeHook) Module {
	m := Module{hooks: map[string]OutcomeHook{}}
	for origin, h := range hooks {
		if origin != "" && h != nil {
			m.hooks[origin] = h
		}
	}
	return m
}

// Name implements module.Module.
func (Module) Name() string { return "workflow" }

// Actions implements module.Module. The roles here are the coarse gate the
// app checks centrally; which department and role may act on which step
// is data (the definition), so the handlers check that against the case.
func (m Module) Actions() []module.Action {
	staff := stepRoles
	intake := []string{module.RoleClerk, module.RoleGateway}
	return []module.Action{
		{Name: "publish_definition", Roles: []string{module.RoleAdmin}, Decode: module.DecodeJSON[PublishRequest], Handle: m.handlePublish},
		{Name: "open_case", Roles: intake, Decode: module.DecodeJSON[OpenCaseRequest], Handle: m.handleOpenCase},
		{Name: "act", Roles: staff, Decode: module.DecodeJSON[ActRequest], Handle: m.handleAct},
		{Name: "supplement", Roles: union(intake, staff), Decode: module.DecodeJSON[SupplementRequest], Handle: m.handleSupplement},
		{Name: "file_objection", Roles: intake, Decode: module.DecodeJSON[FileObjectionRequest], Handle: m.handleFileObjection},
		{Name: "answer_objection", Roles: staff, Decode: module.DecodeJSON[AnswerObjectionRequest], Handle: m.handleAnswerObjection},
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

// changeCase loads a case, lets change apply an engine call to it and saves
// it, emitting the step it moved to and closing it through its origin's
// hook (saveCase).
func (m Module) changeCase(ctx *module.Context, number string, change func(*Definition, *Case) error) (*Case, error) {
	c, d, err := load(ctx, number)
	if err != nil {
		return nil, err
	}
	prev, prevAw, wasOpen := c.Current, c.AwaitingMaterials, c.Status == StatusOpen
	if err := change(d, c); err != nil {
		return nil, err
	}
	return c, m.saveCase(ctx, c, prev, prevAw, wasOpen)
}

// saveCase writes a case after an engine call, emits what changed and runs
// the origin's hook if the case has just closed.
func (m Module) saveCase(ctx *module.Context, c *Case, prevStep string, prevAwaiting bool, wasOpen bool) error {
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
		if h := m.hooks[c.Origin]; h != nil {
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
