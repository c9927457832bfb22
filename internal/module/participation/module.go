// Package participation is citizen participation beyond feedback: a
// department's showcase stories of completed cases (案例展示, with the
// citizen's consent recorded and the chain's facts of the case attached),
// lectures and forums (讲座、座谈会) citizens sign up for through the
// gateway with their name and phone sealed to the organising department,
// and return visits (回访) in which the citizen who gave a poor rating
// says whether the rectification solved the problem. See
// docs/participation.md.
package participation

import (
	"encoding/hex"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
)

// Module is the participation module. Stories and return visits find
// cases with the same lookup 好差评 ratings use, given at construction.
type Module struct {
	cases feedback.CaseLookup
}

// New builds the participation module over the chain's case lookup.
func New(cases feedback.CaseLookup) Module { return Module{cases: cases} }

// Name implements module.Module.
func (Module) Name() string { return "participation" }

// Staff are the roles that may publish stories and run activities for
// their department.
func Staff() []string {
	return []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer, module.RoleApprover}
}

// Actions implements module.Module.
func (m Module) Actions() []module.Action {
	gateway := []string{module.RoleGateway}
	return []module.Action{
		{Name: "story_publish", Roles: Staff(), Decode: module.DecodeJSON[PublishStory], Handle: m.handlePublishStory},
		{Name: "story_withdraw", Roles: Staff(), Decode: module.DecodeJSON[WithdrawStory], Handle: handleWithdrawStory},
		{Name: "activity_announce", Roles: Staff(), Decode: module.DecodeJSON[Announce], Handle: handleAnnounce},
		{Name: "activity_cancel", Roles: Staff(), Decode: module.DecodeJSON[CancelActivity], Handle: handleCancelActivity},
		{Name: "signup", Roles: gateway, Decode: module.DecodeJSON[SignUp], Handle: handleSignup},
		{Name: "signup_cancel", Roles: gateway, Decode: module.DecodeJSON[CancelSignup], Handle: handleCancelSignup},
		{Name: "attendance", Roles: Staff(), Decode: module.DecodeJSON[Attendance], Handle: handleAttendance},
		{Name: "return_visit", Roles: gateway, Decode: module.DecodeJSON[ReturnVisit], Handle: m.handleReturnVisit},
	}
}

// SignupReceipt is the receipt number of the sign-up a tx creates: "BM-"
// and the first 5 bytes of the tx hash, known to the gateway as soon as
// it has signed.
func SignupReceipt(txHash []byte) string {
	h := txHash
	if len(h) > 5 {
		h = h[:5]
	}
	return "BM-" + strings.ToUpper(hex.EncodeToString(h))
}

func change(ctx *module.Context, reason string) *Change {
	return &Change{Reason: reason, Signer: ctx.Signer.Address, Department: ctx.Signer.Department, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
}
