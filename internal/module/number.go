package module

import (
	"fmt"

	"github.com/pingshan/govchain/internal/store"
)

// NextYearNumber allocates the next readable record number of one series in
// one year — PREFIX-YYYY-NNNN with at least width digits (BL-2026-0001,
// NRB-2026-000042) — from the counter at key. Every module that numbers
// records for people (cases, finance entries, disclosures) goes through
// here, so the counters share one encoding (NextSeq's) and the numbers one
// shape. The year is the caller's: China Standard Time of the block
// (CityYear) unless the series is a fiscal year named in the payload.
func NextYearNumber(kv store.KV, key []byte, prefix string, year, width int) (string, error) {
	n, err := NextSeq(kv, key)
	if err != nil {
		return "", err
	}
	return FormatYearNumber(prefix, year, width, n), nil
}

// FormatYearNumber spells the n-th number of a series; demo generators use it
// to predict the numbers a chain will hand out.
func FormatYearNumber(prefix string, year, width int, n uint64) string {
	return fmt.Sprintf("%s-%04d-%0*d", prefix, year, width, n)
}
