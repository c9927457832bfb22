// Package finance records the flow of public money (公共财政) so every yuan
// is traceable from budget line to payee: budget lines approved per
// department and classified by function (功能分类) and economic nature
// (经济分类), quotas (指标) allocated to projects, payment requests under the
// treasury single account (国库集中支付) approved by the Finance Bureau and
// paid directly to payees, compensating refunds and reversals, and
// non-tax revenue such as land fees.
//
// Money is reserved against an allocation when a payment is requested, so
// "no payment exceeds its allocation's remaining balance" is checked once,
// in block order: of two requests in one block that together overspend,
// the second is refused on every node.
package finance

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
)

// Module is the public finance module.
type Module struct{}

// Name implements module.Module.
func (Module) Name() string { return "finance" }

// Actions implements module.Module. Roles are the coarse gate the app
// checks; which department may act is checked in the handlers because it
// depends on the entry (the allocation's department, the Finance Bureau in
// params).
func (Module) Actions() []module.Action {
	fin, admin, clerk, approver := module.RoleFinance, module.RoleAdmin, module.RoleClerk, module.RoleApprover
	return []module.Action{
		{Name: "create_budget_line", Roles: []string{fin, admin}, Decode: module.DecodeJSON[CreateBudgetLine], Handle: handleCreateLine},
		{Name: "adjust_budget_line", Roles: []string{fin, admin}, Decode: module.DecodeJSON[AdjustBudgetLine], Handle: handleAdjustLine},
		{Name: "allocate", Roles: []string{fin}, Decode: module.DecodeJSON[Allocate], Handle: handleAllocate},
		{Name: "request_payment", Roles: []string{fin, clerk}, Decode: module.DecodeJSON[RequestPayment], Handle: handleRequest},
		{Name: "approve_payment", Roles: []string{fin, approver}, Decode: module.DecodeJSON[PaymentRef], Handle: handleApprove},
		{Name: "reject_payment", Roles: []string{fin, approver, clerk}, Decode: module.DecodeJSON[RejectPayment], Handle: handleReject},
		{Name: "disburse", Roles: []string{fin}, Decode: module.DecodeJSON[PaymentRef], Handle: handleDisburse},
		{Name: "refund", Roles: []string{fin}, Decode: module.DecodeJSON[RefundPayment], Handle: handleRefund},
		{Name: "reverse", Roles: []string{fin}, Decode: module.DecodeJSON[Reverse], Handle: handleReverse},
		{Name: "record_revenue", Roles: []string{fin}, Decode: module.DecodeJSON[RecordRevenuePayload], Handle: handleRecordRevenue},
	}
}

// InitGenesis implements module.GenesisModule.
func (Module) InitGenesis(ctx *module.Context, raw []byte) error { return initGenesis(ctx, raw) }

// requireBureau refuses a signer outside the Finance Bureau.
func requireBureau(ctx *module.Context, p Params, what string) error {
	if ctx.Signer.Department != p.FinanceDepartment {
		return fmt.Errorf("%w: %s is for the Finance Bureau (%q); signer is in %q",
			ErrWrongDepartment, what, p.FinanceDepartment, ctx.Signer.Department)
	}
	return nil
}

// bureauParams loads the params and refuses a signer outside the Finance
// Bureau; what names the action for the error.
func bureauParams(ctx *module.Context, what string) (Params, error) {
	p, err := GetParams(ctx.KV)
	if err != nil {
		return Params{}, err
	}
	if err := requireBureau(ctx, p, what); err != nil {
		return Params{}, err
	}
	return p, nil
}
