package identity_test

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// TestDepartmentAdminCannotGrantGateway: the gateway role writes for
// citizens on every department's behalf, so no department admin may grant
// or revoke it, by any path; genesis grants it.
func TestDepartmentAdminCannotGrantGateway(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	newKey := func(name string) string {
		return hex.EncodeToString(apptest.Key(t, c.Suite, name).Public().Bytes())
	}
	c.MustDo("gsd-admin", "identity", "add_member", identity.AddMember{Name: "gsd-clerk2", PublicKey: newKey("gsd-clerk2"), Roles: []string{module.RoleClerk}})
	clerk2, err := identity.AddressByName(c.State(), "gsd-clerk2")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		action  string
		payload any
	}{
		{"add a gateway member", "add_member", identity.AddMember{Name: "gsd-gw2", PublicKey: newKey("gsd-gw2"), Roles: []string{module.RoleGateway}}},
		{"add a member with gateway among roles", "add_member", identity.AddMember{Name: "gsd-gw3", PublicKey: newKey("gsd-gw3"), Roles: []string{module.RoleClerk, module.RoleGateway}}},
		{"give a member gateway", "set_roles", identity.SetRoles{Address: clerk2, Roles: []string{module.RoleClerk, module.RoleGateway}}},
		{"take gateway from the platform's account", "set_roles", identity.SetRoles{Address: c.Addrs["gsd-gateway"], Roles: []string{module.RoleClerk}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Do("gsd-admin", "identity", tc.action, tc.payload)
			if r.Code == 0 || r.Codespace != "identity" || !strings.Contains(r.Log, identity.ErrPlatformRole.Error()) || !strings.Contains(r.Log, `"gateway"`) {
				t.Fatalf("got %d %s %s, want %v naming the role", r.Code, r.Codespace, r.Log, identity.ErrPlatformRole)
			}
		})
	}
	a, _ := identity.GetAccount(c.State(), clerk2)
	if a.Signer().HasRole(module.RoleGateway) {
		t.Fatal("the clerk became a gateway")
	}
	// Genesis granted the platform's gateway, and it still holds it; its
	// department admin may change its other roles as long as gateway stays.
	gw, err := identity.GetAccount(c.State(), c.Addrs["gsd-gateway"])
	if err != nil || !gw.Signer().HasRole(module.RoleGateway) {
		t.Fatalf("genesis gateway: %+v %v", gw, err)
	}
	c.MustDo("gsd-admin", "identity", "set_roles", identity.SetRoles{Address: c.Addrs["gsd-gateway"], Roles: []string{module.RoleGateway, module.RoleObserver}})
}

// TestSetPlatformRole is the hook a governance decision will use.
func TestSetPlatformRole(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	kv := store.NewOverlay(c.App.Store().Working()) // never written back
	addr := c.Addrs["nrb-clerk"]
	if err := identity.SetPlatformRole(kv, identity.PlatformAuthority{}, addr, module.RoleGateway, true); err == nil {
		t.Fatal("the zero authority granted a platform role")
	}
	if err := identity.SetPlatformRole(kv, identity.GenesisAuthority(), addr, module.RoleAdmin, true); err == nil {
		t.Fatal("admin is not a platform role")
	}
	if err := identity.SetPlatformRole(kv, identity.GenesisAuthority(), addr, module.RoleGateway, true); err != nil {
		t.Fatal(err)
	}
	a, _ := identity.GetAccount(kv, addr)
	if strings.Join(a.Roles, ",") != "clerk,gateway" {
		t.Fatalf("roles %v", a.Roles)
	}
	if err := identity.SetPlatformRole(kv, identity.GenesisAuthority(), addr, module.RoleGateway, false); err != nil {
		t.Fatal(err)
	}
	if a, _ = identity.GetAccount(kv, addr); strings.Join(a.Roles, ",") != "clerk" {
		t.Fatalf("roles after revoke %v", a.Roles)
	}
}
