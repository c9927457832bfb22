package web

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
)

// TestConsoleCannotGrantGateway: the console refuses a forged form that
// grants gateway (the chain does), and editing the department roles of
// the platform's gateway account keeps its gateway role.
func TestConsoleCannotGrantGateway(t *testing.T) {
	e := newEnv(t, Options{})
	admin := e.staff("gsd-admin")
	st := e.n.Store.Committed()
	gw, err := identity.AddressByName(st, "gsd-gateway")
	if err != nil {
		t.Fatal(err)
	}
	// A new clerk, then a forged form that makes the clerk a gateway.
	if r := admin.submit("/staff/members", "/staff/members", url.Values{"name": {"gsd-clerk9"}, "roles": {module.RoleClerk}}); r.Status != http.StatusOK {
		t.Fatalf("add member: %d", r.Status)
	}
	clerk, err := identity.AddressByName(e.n.Store.Committed(), "gsd-clerk9")
	if err != nil {
		t.Fatal(err)
	}
	if r := admin.submit("/staff/members", "/staff/members/"+clerk+"/roles", url.Values{"roles": {module.RoleClerk, module.RoleGateway}}); r.Status != http.StatusForbidden {
		t.Fatalf("forged gateway grant: %d", r.Status)
	}
	if r := admin.submit("/staff/members", "/staff/members/"+gw+"/roles", url.Values{"roles": {module.RoleObserver}}); r.Status != http.StatusSeeOther {
		t.Fatalf("edit the gateway's department roles: %d %s", r.Status, r.Body)
	}
	a, err := identity.GetAccount(e.n.Store.Committed(), gw)
	if err != nil || !slices.Equal(a.Roles, []string{module.RoleGateway, module.RoleObserver}) {
		t.Fatalf("gateway account after the edit: %+v %v", a, err)
	}
	c, _ := identity.GetAccount(e.n.Store.Committed(), clerk)
	if slices.Contains(c.Roles, module.RoleGateway) {
		t.Fatal("the console granted gateway")
	}
}
