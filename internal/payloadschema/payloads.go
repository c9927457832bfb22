// Package payloadschema generates a JSON Schema for each action's payload
// from the Go payload types (docs/schemas/<module>.<action>.json), so a
// client in any language knows the field names and JSON types without
// reading Go. The app's action table holds decoders, not types, so the
// types are listed here; a test keeps the list and the table in step.
package payloadschema

import (
	"reflect"

	"github.com/pingshan/govchain/internal/module/disclosure"
	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// Payload names an action's payload type.
type Payload struct {
	Module, Action string
	Type           reflect.Type
}

func of[T any]() reflect.Type { return reflect.TypeFor[T]() }

// Payloads lists every action's payload type, in module order. A new
// action needs a line here; TestEveryActionHasASchema says which.
func Payloads() []Payload {
	return []Payload{
		{"identity", "add_member", of[identity.AddMember]()},
		{"identity", "suspend_member", of[identity.SetStatus]()},
		{"identity", "reinstate_member", of[identity.SetStatus]()},
		{"identity", "set_roles", of[identity.SetRoles]()},
		{"identity", "set_validity", of[identity.SetValidity]()},
		{"notary", "anchor", of[notary.Anchor]()},
		{"finance", "create_budget_line", of[finance.CreateBudgetLine]()},
		{"finance", "adjust_budget_line", of[finance.AdjustBudgetLine]()},
		{"finance", "allocate", of[finance.Allocate]()},
		{"finance", "request_payment", of[finance.RequestPayment]()},
		{"finance", "approve_payment", of[finance.PaymentRef]()},
		{"finance", "reject_payment", of[finance.RejectPayment]()},
		{"finance", "disburse", of[finance.PaymentRef]()},
		{"finance", "refund", of[finance.RefundPayment]()},
		{"finance", "reverse", of[finance.Reverse]()},
		{"finance", "record_revenue", of[finance.RecordRevenuePayload]()},
		{"disclosure", "publish", of[disclosure.Publish]()},
		{"disclosure", "amend", of[disclosure.Amend]()},
		{"feedback", "submit", of[feedback.Submit]()},
		{"feedback", "rate", of[feedback.Rate]()},
		{"feedback", "reply", of[feedback.ReplyTo]()},
		{"feedback", "close_task", of[feedback.CloseTask]()},
		{"feedback", "hide", of[feedback.Hide]()},
		{"workflow", "publish_definition", of[workflow.PublishRequest]()},
		{"workflow", "open_case", of[workflow.OpenCaseRequest]()},
		{"workflow", "act", of[workflow.ActRequest]()},
		{"workflow", "supplement", of[workflow.SupplementRequest]()},
		{"workflow", "file_objection", of[workflow.FileObjectionRequest]()},
		{"workflow", "answer_objection", of[workflow.AnswerObjectionRequest]()},
		{"governance", "propose", of[governance.Propose]()},
		{"governance", "vote", of[governance.VoteRequest]()},
		{"governance", "withdraw", of[governance.Withdraw]()},
		{"governance", "freeze", of[governance.RequestFreeze]()},
		{"governance", "cosign_freeze", of[governance.CosignFreeze]()},
		{"governance", "incident_open", of[governance.OpenIncident]()},
		{"governance", "incident_update", of[governance.UpdateIncident]()},
		{"governance", "incident_close", of[governance.CloseIncident]()},
		{"governance", "incident_publish", of[governance.PublishIncident]()},
		{"governance", "validator_attest", of[governance.AttestValidator]()},
		{"governance", "rotate_enc_key", of[governance.RotateEncKey]()},
		{"governance", "rewrap", of[governance.Rewrap]()},
		{"sharing", "register_resource", of[sharing.RegisterResource]()},
		{"sharing", "retire_resource", of[sharing.RetireResource]()},
		{"sharing", "request", of[sharing.RequestData]()},
		{"sharing", "answer", of[sharing.Decide]()},
		{"sharing", "arbitrate", of[sharing.Decide]()},
		{"sharing", "revoke", of[sharing.Revoke]()},
		{"sharing", "record_access", of[sharing.RecordAccess]()},
		{"sharing", "attach_to_case", of[sharing.AttachToCase]()},
		{"evaluation", "publish_baseline", of[evaluation.PublishBaseline]()},
		{"evaluation", "publish_audit", of[evaluation.PublishAudit]()},
		{"evaluation", "publish_accesses", of[evaluation.PublishAccesses]()},
		{"participation", "story_publish", of[participation.PublishStory]()},
		{"participation", "story_withdraw", of[participation.WithdrawStory]()},
		{"participation", "activity_announce", of[participation.Announce]()},
		{"participation", "activity_cancel", of[participation.CancelActivity]()},
		{"participation", "signup", of[participation.SignUp]()},
		{"participation", "signup_cancel", of[participation.CancelSignup]()},
		{"participation", "attendance", of[participation.Attendance]()},
		{"participation", "return_visit", of[participation.ReturnVisit]()},
		{"land", "register_parcel", of[land.RegisterParcel]()},
		{"land", "apply", of[land.Apply]()},
		{"land", "issue_permit", of[land.IssuePermit]()},
		{"land", "record_fee", of[land.RecordFee]()},
	}
}
