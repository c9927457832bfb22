package finance

import (
	"sort"

	"github.com/pingshan/govchain/internal/store"
)

// FlagsFromState computes the red flags straight from chain state. The
// index's RedFlags must give the same answer; tests hold them to it.
func FlagsFromState(r store.Reader, fp FlagParams, v View, open PayeeOpener) ([]Flag, error) {
	l, err := loadLedger(r)
	if err != nil {
		return nil, err
	}
	var pays []PaymentFact
	for _, p := range l.pays {
		if p.FiscalYear != fp.Year {
			continue
		}
		pays = append(pays, PaymentFact{ID: p.ID, Department: p.Department, Payee: p.Payee, AmountFen: p.AmountFen,
			Date: p.Date, ContractHash: p.ContractHash, Status: l.payState[p.ID].Status})
	}
	if err := openFacts(pays, open); err != nil {
		return nil, err
	}
	byDept := map[string]*DeptExecution{}
	for _, x := range l.lines {
		if x.FiscalYear != fp.Year {
			continue
		}
		d := byDept[x.Department]
		if d == nil {
			d = &DeptExecution{Department: x.Department}
			byDept[x.Department] = d
		}
		b := l.lineBal[x.ID]
		d.ApprovedFen += b.ApprovedFen
		d.ExecutedFen += b.ExecutedFen
		d.LineIDs = append(d.LineIDs, x.ID)
	}
	depts := make([]DeptExecution, 0, len(byDept))
	for _, d := range byDept {
		sort.Strings(d.LineIDs)
		depts = append(depts, *d)
	}
	return DetectFlags(pays, depts, fp, v), nil
}
