package finance

import (
	"fmt"
	"github.com/pingshan/govchain/internal/module"
	"slices"
	"sort"
	"strings"
	"time"
)

// Red-flag kinds.
const (
	FlagSplitPayment     = "split_payment"
	FlagNoContract       = "no_contract"
	FlagExecutionOutlier = "execution_outlier"
)

// Flag is a pattern worth an auditor's look, naming the entries behind it.
// It is a query result, computed the same way from the index or the state.
type Flag struct {
	Kind       string `json:"kind"`
	Department string `json:"department,omitempty"`
	Payee      *Payee `json:"payee,omitempty"`
	// PayeeClear is the opened payee, only in a reader's console
	// (RedFlags with an opener); never in a public answer.
	PayeeClear *PayeeData `json:"payee_clear,omitempty"`
	AmountFen  int64      `json:"amount_fen,omitempty"`
	Entries    []string   `json:"entries"`
	Detail     string     `json:"detail"`
}

// FlagParams tune the detectors.
type FlagParams struct {
	Year int `json:"year"`
	// SplitWindowDays: payments to one payee from one department whose
	// business dates lie less than this many days apart form a group.
	SplitWindowDays int `json:"split_window_days"`
	// Thresholds a split is measured against: the approval thresholds.
	Thresholds []int64 `json:"thresholds"`
	// NoContractAboveFen: a payee with no contract hash on any payment is
	// flagged once its payments add up to more than this.
	NoContractAboveFen int64 `json:"no_contract_above_fen"`
	// RateGapBP: a department whose execution rate is more than this many
	// basis points from its peers' median is flagged.
	RateGapBP int64 `json:"rate_gap_bp"`
	// MinDepartments with a budget before execution rates are compared.
	MinDepartments int `json:"min_departments"`
}

// DefaultFlagParams measures splits against the chain's approval
// thresholds over 30 days, flags 50,000 yuan without a contract and a
// 30-point gap in execution rate.
func DefaultFlagParams(p Params, year int) FlagParams {
	return FlagParams{Year: year, SplitWindowDays: 30, Thresholds: []int64{p.TwoApproversAboveFen, p.LeaderAboveFen},
		NoContractAboveFen: 5_000_000, RateGapBP: 3000, MinDepartments: 3}
}

// PaymentFact is what the detectors need of one payment.
type PaymentFact struct {
	ID         string
	Department string
	Payee      Payee
	// Clear is the opened payee when a reader computes the flags; then
	// payees are grouped by who they are (PayeeData.Key), otherwise by
	// public fields only (publicKey).
	Clear        *PayeeData
	AmountFen    int64
	Date         string
	ContractHash module.Hash
	Status       string
}

// DeptExecution is a department's budget for the year.
type DeptExecution struct {
	Department  string
	ApprovedFen int64
	ExecutedFen int64
	LineIDs     []string
}

// DetectFlags runs every detector. It is a pure function: the same facts
// give the same flags, in the same order, wherever they were read from.
// Rejected payments are ignored; the rest count at their requested amount,
// since an attempt to split is the pattern even if money came back later.
func DetectFlags(pays []PaymentFact, depts []DeptExecution, fp FlagParams, v View) []Flag {
	live := make([]PaymentFact, 0, len(pays))
	for _, p := range pays {
		if p.Status != StatusRejected {
			live = append(live, p)
		}
	}
	sort.Slice(live, func(i, j int) bool {
		a, b := live[i], live[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		return a.ID < b.ID
	})
	var out []Flag
	out = append(out, splitFlags(live, fp, v)...)
	out = append(out, noContractFlags(live, fp, v)...)
	out = append(out, executionFlags(depts, fp)...)
	return out
}

// payeeGroup is the key the detectors group payments to one payee by.
func payeeGroup(p PaymentFact) string {
	if p.Clear != nil {
		return p.Clear.Key()
	}
	return publicKey(p.Payee)
}

// shown is a fact's payee as a flag shows it, with the name for its detail.
func shown(p PaymentFact, v View) (*Payee, *PayeeData, string) {
	payee := p.Payee.In(v)
	payee.Sealed = nil
	if p.Clear != nil {
		c := *p.Clear
		c.Salt = nil
		return &payee, &c, c.Name
	}
	return &payee, nil, payee.Name
}

// groupBy splits date-ordered payments by key, groups ordered by key.
func groupBy(pays []PaymentFact, key func(PaymentFact) string) [][]PaymentFact {
	m := map[string][]PaymentFact{}
	var keys []string
	for _, p := range pays {
		k := key(p)
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
		m[k] = append(m[k], p)
	}
	sort.Strings(keys)
	out := make([][]PaymentFact, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

func dayNumber(date string) int64 {
	t, err := time.Parse(time.DateOnly, date)
	if err != nil {
		return 0
	}
	return t.Unix() / 86400
}

func ids(pays []PaymentFact) []string {
	out := make([]string, len(pays))
	for i, p := range pays {
		out[i] = p.ID
	}
	return out
}

// splitFlags finds several payments to one payee from one department, each
// at or under a threshold, that together exceed it within the window: the
// shape of a purchase cut up to dodge a second approver or a leader.
func splitFlags(pays []PaymentFact, fp FlagParams, v View) []Flag {
	window := int64(fp.SplitWindowDays)
	if window <= 0 {
		return nil
	}
	thresholds := slices.Clone(fp.Thresholds)
	slices.Sort(thresholds)
	thresholds = slices.Compact(thresholds)
	var out []Flag
	for _, g := range groupBy(pays, func(p PaymentFact) string { return p.Department + "\x00" + payeeGroup(p) }) {
		for _, t := range thresholds {
			var under []PaymentFact
			for _, p := range g {
				if p.AmountFen <= t {
					under = append(under, p)
				}
			}
			for i := 0; i < len(under); {
				j, sum := i, under[i].AmountFen
				for j+1 < len(under) && dayNumber(under[j+1].Date)-dayNumber(under[i].Date) < window {
					j++
					sum += under[j].AmountFen
				}
				if j == i || sum <= t {
					i++
					continue
				}
				grp := under[i : j+1]
				payee, clear, name := shown(grp[0], v)
				out = append(out, Flag{Kind: FlagSplitPayment, Department: grp[0].Department, Payee: payee, PayeeClear: clear, AmountFen: sum,
					Entries: ids(grp),
					Detail: fmt.Sprintf("%d payments from %s to %s between %s and %s, each at most %s yuan, add up to %s yuan, above the %s yuan approval threshold",
						len(grp), grp[0].Department, name, grp[0].Date, grp[len(grp)-1].Date, Yuan(t), Yuan(sum), Yuan(t))})
				i = j + 1
			}
		}
	}
	return out
}

// noContractFlags finds payees who were paid more than the limit without a
// contract hash on any of their payments.
func noContractFlags(pays []PaymentFact, fp FlagParams, v View) []Flag {
	var out []Flag
	for _, g := range groupBy(pays, payeeGroup) {
		var sum int64
		contract := false
		depts := map[string]bool{}
		for _, p := range g {
			sum += p.AmountFen
			contract = contract || p.ContractHash != ""
			depts[p.Department] = true
		}
		if contract || sum <= fp.NoContractAboveFen {
			continue
		}
		payee, clear, name := shown(g[0], v)
		names := make([]string, 0, len(depts))
		for d := range depts {
			names = append(names, d)
		}
		sort.Strings(names)
		out = append(out, Flag{Kind: FlagNoContract, Department: strings.Join(names, ","), Payee: payee, PayeeClear: clear, AmountFen: sum, Entries: ids(g),
			Detail: fmt.Sprintf("%s received %d payments totalling %s yuan with no contract hash on record", name, len(g), Yuan(sum))})
	}
	return out
}

// executionFlags compares each department's execution rate (预算执行率)
// with the median of the others'. Meaningful at year end; mid-year every
// rate is low together and nothing stands out.
func executionFlags(depts []DeptExecution, fp FlagParams) []Flag {
	var ds []DeptExecution
	for _, d := range depts {
		if d.ApprovedFen > 0 {
			ds = append(ds, d)
		}
	}
	if fp.RateGapBP <= 0 || len(ds) < max(fp.MinDepartments, 2) {
		return nil
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].Department < ds[j].Department })
	var out []Flag
	for i, d := range ds {
		var peers []int64
		for j, o := range ds {
			if j != i {
				peers = append(peers, RateBP(o.ExecutedFen, o.ApprovedFen))
			}
		}
		slices.Sort(peers)
		median := peers[len(peers)/2]
		if len(peers)%2 == 0 {
			median = (peers[len(peers)/2-1] + peers[len(peers)/2]) / 2
		}
		rate := RateBP(d.ExecutedFen, d.ApprovedFen)
		if gap := rate - median; gap > fp.RateGapBP || -gap > fp.RateGapBP {
			out = append(out, Flag{Kind: FlagExecutionOutlier, Department: d.Department, AmountFen: d.ExecutedFen,
				Entries: slices.Clone(d.LineIDs),
				Detail: fmt.Sprintf("%s executed %s of its %s yuan budget in %d; its peers' median is %s",
					d.Department, Percent(rate), Yuan(d.ApprovedFen), fp.Year, Percent(median))})
		}
	}
	return out
}
