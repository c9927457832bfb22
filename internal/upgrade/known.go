package upgrade

import (
	"github.com/pingshan/govchain/internal/module"
)

// GenesisAppVersion is the app version a new chain starts at (reported in
// Info until an upgrade moves it).
const GenesisAppVersion = 2

// V3 is the first upgrade with a name. It changes no state encoding: this
// build runs a v2 chain unchanged. Its migration writes one marker record
// so an upgrade drill can see that the migration ran on every node (the
// app hash covers it).
const V3 = "v3"

// Known is this build's registry: every upgrade it can run, oldest first.
// A new upgrade is one more line here, with its migration next to it.
func Known() Registry {
	r, err := NewRegistry(GenesisAppVersion,
		Upgrade{Name: V3, AppVersion: 3, Migrate: migrateV3,
			Doc: "upgrade machinery drill: no state change beyond the upgrade's marker"},
	)
	if err != nil {
		panic(err) // the list above is a programming error
	}
	return r
}

// MarkerKey is where migrateV3 leaves its marker.
const MarkerKey = "upgrade/marker/v3"

func migrateV3(ctx *module.Context) error {
	return ctx.KV.Set([]byte(MarkerKey), []byte("migrated"))
}
