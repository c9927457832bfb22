package land

import (
	"github.com/pingshan/govchain/internal/module"
)

// ParamObjectionLimit is the objection period of a land-use case: the days
// its public notice before approval (批前公示) runs, during which anyone
// may file an objection. It replaces the land process definition's
// duration_days for the notice step, so the committee can change the
// period by a parameter proposal without a new process version. A case
// reads it when it opens and keeps it (Case.NoticeDays).
const ParamObjectionLimit = "land.objection_limit"

// ObjectionLimitParam declares land.objection_limit: 7 days by default (the
// shipped process's notice), 5 to 60.
func ObjectionLimitParam() module.Param {
	return module.IntParam(ParamObjectionLimit, "days of a land-use case's public notice before approval, during which objections may be filed (read when the case opens)", 7, 5, 60)
}

// Params implements module.ParamModule.
func (Module) Params() []module.Param { return []module.Param{ObjectionLimitParam()} }
