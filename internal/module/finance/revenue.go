package finance

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// RevenueInput is income to record: what the land module passes when a
// land fee (土地出让金) is paid, or the Finance Bureau for other income.
type RevenueInput struct {
	AccountCode string // 收入分类 code, e.g. 1030148 国有土地使用权出让收入
	Source      string // one of RevenueSources(), e.g. "land_fee"
	Reference   string // e.g. the land case number
	Payer       Payee
	AmountFen   int64
	DocHash     module.Hash // optional hash of the payment notice or receipt
	Date        string      // date received, YYYY-MM-DD; "" for the block's date
}

// RecordRevenue records income into a revenue account in the fiscal year
// of its date. Another module calls it from its own handler, inside its
// own transaction: the caller's action policy decides who may, and
// ctx.Signer is recorded as who did. It validates its input itself since
// no payload decoder ran for it.
func RecordRevenue(ctx *module.Context, in RevenueInput) (*Revenue, error) {
	if err := validateRevenue(in.AccountCode, in.Source, in.Reference, &in.Payer, in.AmountFen, in.DocHash, in.Date); err != nil {
		return nil, err
	}
	p, err := GetParams(ctx.KV)
	if err != nil {
		return nil, err
	}
	if err := checkReaders(p, "payer", &in.Payer); err != nil {
		return nil, err
	}
	today := ctx.BlockTime.In(cst).Format(time.DateOnly)
	if in.Date == "" {
		in.Date = today
	}
	if in.Date > today {
		return nil, fmt.Errorf("%w: revenue date %s is after today's date %s", ErrDate, in.Date, today)
	}
	d, _ := parseDate(in.Date)
	year := d.Year()
	// Last year's books stay open into this one (年终清算), no further.
	if year < blockYear(ctx.BlockTime)-1 {
		return nil, fmt.Errorf("%w: revenue date %s is before the previous fiscal year", ErrDate, in.Date)
	}
	tot := &RevenueTotal{FiscalYear: year, AccountCode: in.AccountCode}
	b, err := ctx.KV.Get(RevenueTotalKey(year, in.AccountCode))
	if err != nil {
		return nil, err
	}
	if b != nil {
		if err := module.UnmarshalState(b, tot); err != nil {
			return nil, fmt.Errorf("corrupt revenue total %d/%s: %w", year, in.AccountCode, err)
		}
	}
	if tot.TotalFen, err = addTotal(fmt.Sprintf("revenue account %s in %d", in.AccountCode, year), tot.TotalFen, in.AmountFen); err != nil {
		return nil, err
	}
	tot.Count++
	id, err := nextID(ctx.KV, KindRevenue, year)
	if err != nil {
		return nil, err
	}
	rv := &Revenue{ID: id, FiscalYear: year, AccountCode: in.AccountCode, Source: in.Source, Reference: in.Reference,
		Payer: in.Payer, AmountFen: in.AmountFen, DocHash: in.DocHash, Department: ctx.Signer.Department,
		RecordedBy: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC(), Date: in.Date}
	if err := putNew(ctx.KV, RevenueKey(id), rv); err != nil {
		return nil, err
	}
	if err := put(ctx.KV, RevenueTotalKey(year, in.AccountCode), tot); err != nil {
		return nil, err
	}
	ctx.Emit("finance.revenue_recorded", "id", id, "account_code", in.AccountCode, "source", in.Source,
		"reference", in.Reference, "amount_fen", strconv.FormatInt(in.AmountFen, 10))
	return rv, nil
}

func handleRecordRevenue(ctx *module.Context, pl module.Payload) error {
	m := pl.(*RecordRevenuePayload)
	if _, err := bureauParams(ctx, "recording revenue"); err != nil {
		return err
	}
	_, err := RecordRevenue(ctx, RevenueInput{AccountCode: m.AccountCode, Source: m.Source, Reference: m.Reference,
		Payer: m.Payer, AmountFen: m.AmountFen, DocHash: m.DocHash, Date: m.Date})
	return err
}
