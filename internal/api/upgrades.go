package api

import (
	"net/http"

	"github.com/pingshan/govchain/internal/module/governance"
)

// UpgradesView is GET /api/v1/gov/upgrades: where the chain is in its
// software upgrades, and which upgrades this node's binary knows (an
// operator checks a new binary is in place before a plan's height).
type UpgradesView struct {
	Height     int64                        `json:"height"`
	AppVersion uint64                       `json:"app_version"`
	Pending    *governance.UpgradePlan      `json:"pending,omitempty"`
	Applied    []*governance.AppliedUpgrade `json:"applied"`
	Known      []KnownUpgrade               `json:"known"`
}

// KnownUpgrade is one upgrade in this node's registry.
type KnownUpgrade struct {
	Name       string `json:"name"`
	AppVersion uint64 `json:"app_version"`
	Doc        string `json:"doc,omitempty"`
}

func (s *Server) govUpgrades(w http.ResponseWriter, _ *http.Request) {
	st := s.n.Store.Committed()
	out := UpgradesView{Height: s.n.Store.Version(), Applied: []*governance.AppliedUpgrade{}, Known: []KnownUpgrade{}}
	out.AppVersion = s.n.App.CurrentAppVersion()
	var err error
	if out.Pending, err = governance.PendingUpgrade(st); err != nil {
		writeError(w, err)
		return
	}
	applied, err := governance.AppliedUpgrades(st)
	if err != nil {
		writeError(w, err)
		return
	}
	out.Applied = append(out.Applied, applied...)
	for _, u := range s.n.App.Upgrades().List() {
		out.Known = append(out.Known, KnownUpgrade{Name: u.Name, AppVersion: u.AppVersion, Doc: u.Doc})
	}
	writeJSON(w, http.StatusOK, out)
}
