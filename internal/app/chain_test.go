package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/upgrade"
)

// chainOptions is the small two-department chain the core app tests (and
// the golden app hash TestGoldenAppHash pins) run on: its departments,
// staff, key seed and start time are part of that vector, so they stay as
// they were when it was recorded. No software upgrades are known unless a
// test passes its own.
func chainOptions(suite string) apptest.Options {
	none := upgrade.Registry{}
	return apptest.Options{
		Suite:   suite,
		KeySeed: "govchain test key ",
		Departments: []identity.Department{
			{ID: "nrb", NameZH: "坪山市自然资源局", NameEN: "Natural Resources Bureau"},
			{ID: "fin", NameZH: "财政局", NameEN: "Finance Bureau"},
		},
		Staff: []apptest.Staff{
			{Name: "nrb-admin", Department: "nrb", Roles: []string{module.RoleAdmin}},
			{Name: "nrb-clerk", Department: "nrb", Roles: []string{module.RoleClerk}},
			{Name: "nrb-observer", Department: "nrb", Roles: []string{module.RoleObserver}},
			{Name: "fin-admin", Department: "fin", Roles: []string{module.RoleAdmin}},
			{Name: "fin-officer", Department: "fin", Roles: []string{module.RoleFinance}},
		},
		// Block h at 09:00:00 + h seconds.
		Start:    time.Date(2026, 3, 1, 9, 0, 1, 0, time.UTC),
		Upgrades: &none,
	}
}

func newTestChain(t testing.TB, suite string) *apptest.Chain {
	t.Helper()
	return apptest.New(t, chainOptions(suite))
}

// newTestChainWith is newTestChain whose app knows the upgrades ups.
func newTestChainWith(t testing.TB, suite string, ups upgrade.Registry) *apptest.Chain {
	t.Helper()
	o := chainOptions(suite)
	o.Upgrades = &ups
	return apptest.New(t, o)
}

func docHash(i int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("document %d", i)))
	return hex.EncodeToString(h[:])
}

func forEachSuite(t *testing.T, f func(t *testing.T, suite string)) {
	for _, s := range []string{cryptosuite.GM, cryptosuite.Intl} {
		t.Run(s, func(t *testing.T) { f(t, s) })
	}
}
