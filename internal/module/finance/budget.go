package finance

import (
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// loadLine loads a budget line with its balance.
func loadLine(r store.Reader, id string) (*BudgetLine, *LineBalance, error) {
	line, err := GetLine(r, id)
	if err != nil {
		return nil, nil, err
	}
	bal, err := GetLineBalance(r, id)
	if err != nil {
		return nil, nil, err
	}
	return line, bal, nil
}

func handleCreateLine(ctx *module.Context, pl module.Payload) error {
	m := pl.(*CreateBudgetLine)
	if _, err := bureauParams(ctx, "creating a budget line"); err != nil {
		return err
	}
	// Next year's budget is approved before it starts, and last year's
	// accounts close after it ends; anything further off is a typo.
	if y := blockYear(ctx.BlockTime); m.FiscalYear < y-1 || m.FiscalYear > y+1 {
		return fmt.Errorf("%w: fiscal_year %d must be within one year of the current year %d", ErrDate, m.FiscalYear, y)
	}
	if _, err := identity.GetDepartment(ctx.KV, m.Department); err != nil {
		return err
	}
	classKey := lineClassKey(m.FiscalYear, m.Department, m.FunctionCode, m.EconomicCode)
	if old, err := ctx.KV.Get(classKey); err != nil {
		return err
	} else if old != nil {
		return fmt.Errorf("%w: %s already budgets %d %s %s/%s; adjust it instead",
			ErrLineExists, old, m.FiscalYear, m.Department, m.FunctionCode, m.EconomicCode)
	}
	id, err := nextID(ctx.KV, KindLine, m.FiscalYear)
	if err != nil {
		return err
	}
	line := &BudgetLine{ID: id, FiscalYear: m.FiscalYear, Department: m.Department, FunctionCode: m.FunctionCode,
		EconomicCode: m.EconomicCode, Title: m.Title, AmountFen: m.AmountFen, Source: m.Source, SourceRef: m.SourceRef,
		CreatedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := putNew(ctx.KV, LineKey(id), line); err != nil {
		return err
	}
	if err := ctx.KV.Set(classKey, []byte(id)); err != nil {
		return err
	}
	if err := put(ctx.KV, LineBalanceKey(id), &LineBalance{LineID: id, ApprovedFen: m.AmountFen}); err != nil {
		return err
	}
	ctx.Emit("finance.budget_line_created", "id", id, "department", m.Department,
		"fiscal_year", strconv.Itoa(m.FiscalYear), "amount_fen", strconv.FormatInt(m.AmountFen, 10))
	return nil
}

func handleAdjustLine(ctx *module.Context, pl module.Payload) error {
	m := pl.(*AdjustBudgetLine)
	if _, err := bureauParams(ctx, "adjusting a budget line"); err != nil {
		return err
	}
	line, bal, err := loadLine(ctx.KV, m.LineID)
	if err != nil {
		return err
	}
	// Both terms are bounded (|delta| ≤ 10^15, approved ≤ 10^17): no overflow.
	if n := bal.ApprovedFen + m.DeltaFen; n < bal.AllocatedFen {
		return fmt.Errorf("%w: budget line %s has %s yuan allocated; adjusting %s yuan by %s would leave %s",
			ErrBelowAllocated, line.ID, Yuan(bal.AllocatedFen), Yuan(bal.ApprovedFen), Yuan(m.DeltaFen), Yuan(n))
	}
	if bal.ApprovedFen, err = addTotal("budget line "+line.ID+" approved amount", bal.ApprovedFen, m.DeltaFen); err != nil {
		return err
	}
	id, err := nextID(ctx.KV, KindAdjustment, line.FiscalYear)
	if err != nil {
		return err
	}
	adj := &Adjustment{ID: id, LineID: line.ID, DeltaFen: m.DeltaFen, Reason: m.Reason, Source: m.Source, SourceRef: m.SourceRef,
		CreatedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := putNew(ctx.KV, AdjustmentKey(id), adj); err != nil {
		return err
	}
	if err := put(ctx.KV, LineBalanceKey(line.ID), bal); err != nil {
		return err
	}
	ctx.Emit("finance.budget_line_adjusted", "id", id, "line_id", line.ID, "delta_fen", strconv.FormatInt(m.DeltaFen, 10),
		"approved_fen", strconv.FormatInt(bal.ApprovedFen, 10))
	return nil
}

func handleAllocate(ctx *module.Context, pl module.Payload) error {
	m := pl.(*Allocate)
	// Quotas are issued by the Finance Bureau (财政下达指标), never by the
	// department that will spend them.
	if _, err := bureauParams(ctx, "allocating quota"); err != nil {
		return err
	}
	line, bal, err := loadLine(ctx.KV, m.LineID)
	if err != nil {
		return err
	}
	if left := bal.ApprovedFen - bal.AllocatedFen; m.AmountFen > left {
		return fmt.Errorf("%w: budget line %s has %s yuan unallocated, allocation asks %s",
			ErrInsufficient, line.ID, Yuan(left), Yuan(m.AmountFen))
	}
	bal.AllocatedFen += m.AmountFen
	id, err := nextID(ctx.KV, KindAllocation, line.FiscalYear)
	if err != nil {
		return err
	}
	a := &Allocation{ID: id, LineID: line.ID, FiscalYear: line.FiscalYear, Department: line.Department,
		ProjectCode: m.ProjectCode, ProjectName: m.ProjectName, AmountFen: m.AmountFen, Source: m.Source,
		CreatedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := putNew(ctx.KV, AllocationKey(id), a); err != nil {
		return err
	}
	if err := put(ctx.KV, AllocBalanceKey(id), &AllocBalance{AllocationID: id, Status: AllocOpen, AmountFen: m.AmountFen}); err != nil {
		return err
	}
	if err := put(ctx.KV, LineBalanceKey(line.ID), bal); err != nil {
		return err
	}
	ctx.Emit("finance.allocated", "id", id, "line_id", line.ID, "department", line.Department,
		"amount_fen", strconv.FormatInt(m.AmountFen, 10))
	return nil
}
