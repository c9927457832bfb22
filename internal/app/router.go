package app

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/tx"
)

// route is an action with the module it belongs to.
type route struct {
	module string
	action module.Action
}

// Router maps "module/action" to its declared policy and handler.
type Router struct {
	routes map[string]route
	names  []string
}

// NewRouter builds the action table; a duplicate is a programming error.
func NewRouter(mods ...module.Module) *Router {
	r := &Router{routes: map[string]route{}}
	for _, m := range mods {
		for _, a := range m.Actions() {
			key := m.Name() + "/" + a.Name
			if _, dup := r.routes[key]; dup {
				panic("duplicate action " + key)
			}
			if len(a.Roles) == 0 {
				panic("action " + key + " declares no roles")
			}
			r.routes[key] = route{module: m.Name(), action: a}
			r.names = append(r.names, key)
		}
	}
	return r
}

// Lookup finds an action.
func (r *Router) Lookup(mod, action string) (module.Action, error) {
	rt, ok := r.routes[mod+"/"+action]
	if !ok {
		return module.Action{}, fmt.Errorf("%w: %s/%s", tx.ErrUnknownAction, mod, action)
	}
	return rt.action, nil
}

// Policy lists every action with the roles it admits, for docs and the
// permission-matrix test.
func (r *Router) Policy() map[string][]string {
	out := map[string][]string{}
	for k, rt := range r.routes {
		out[k] = rt.action.Roles
	}
	return out
}

// Authorize is the one place role permissions are checked.
func Authorize(name string, a module.Action, s module.Signer) error {
	for _, want := range a.Roles {
		if s.HasRole(want) {
			return nil
		}
	}
	return fmt.Errorf("%w: %s needs one of %v; signer has %v", tx.ErrRoleNotAllowed, name, a.Roles, s.Roles)
}
