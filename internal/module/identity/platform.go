package identity

import (
	"fmt"
	"slices"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// A platform role is granted by the platform as a whole, never by a
// department: the gateway role lets an account write for citizens
// (feedback, online applications), which is trust every department relies
// on, so no department admin may hand it out or take it away. Genesis
// grants it today; a governance decision will once such a module exists.
func PlatformRole(role string) bool { return role == module.RoleGateway }

// PlatformAuthority is the authority to grant and revoke platform roles.
// Department admin actions never hold one; the code that acts for the
// whole platform constructs it and says why, and that reason is what a
// reviewer greps for.
type PlatformAuthority struct{ source string }

// GenesisAuthority is the platform's authority at chain creation: the
// genesis file every department's validator signed off on.
func GenesisAuthority() PlatformAuthority { return PlatformAuthority{source: "genesis"} }

// Source says where the authority comes from ("genesis", or a governance
// proposal's id once governance exists).
func (a PlatformAuthority) Source() string { return a.source }

// refusePlatformRoles is the department admin's check: roles must not
// change any platform role between before and after (a grant or a revoke).
func refusePlatformRoles(before, after []string) error {
	for _, r := range module.Roles() {
		if PlatformRole(r) && slices.Contains(before, r) != slices.Contains(after, r) {
			return fmt.Errorf("%w: role %q is granted and revoked by the platform only (genesis or governance), not by a department admin",
				ErrPlatformRole, r)
		}
	}
	return nil
}

// SetPlatformRole grants (on) or revokes (off) a platform role on an
// existing account, under the platform's authority. A governance module's
// executed decision calls it; genesis does through InitGenesis.
func SetPlatformRole(kv store.KV, auth PlatformAuthority, addr, role string, on bool) error {
	if auth.source == "" {
		return fmt.Errorf("%w: no platform authority", ErrPlatformRole)
	}
	if !PlatformRole(role) {
		return fmt.Errorf("%w: %q is not a platform role", ErrUnknownRole, role)
	}
	a, err := GetAccount(kv, addr)
	if err != nil {
		return err
	}
	roles := slices.DeleteFunc(slices.Clone(a.Roles), func(r string) bool { return r == role })
	if on {
		roles = append(roles, role)
	}
	if len(roles) == 0 {
		return fmt.Errorf("%w: %s would be left with no role", ErrUnknownRole, addr)
	}
	slices.Sort(roles)
	a.Roles = roles
	return PutSequence(kv, a)
}
