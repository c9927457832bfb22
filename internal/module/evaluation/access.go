package evaluation

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// Personal-data accesses reach the evaluation through monthly digests a
// department's node publishes of its access log (internal/audit): the log
// stays on the node (it names staff and cases), the chain gets, per
// month, how many entries it holds and the hash of the month's last entry.
// `govchain audit` compares the node's log with every digest its
// department published, so a node that under-reports is caught; a node
// that never publishes shows as missing, not as zero.

const (
	accessPrefix       = "evaluation/access/"        // <department>/<YYYY-MM> → AccessMonth
	accessLatestPrefix = "evaluation/access-latest/" // <department> → AccessMonth (the newest month)
)

var monthPattern = regexp.MustCompile(`^(20[0-9]{2})-(0[1-9]|1[0-2])$`)

// PublishAccesses is the payload of evaluation.publish_accesses: the
// digest of one calendar month (CST) of the signer's department's access
// log. Entries FromSeq..ToSeq are the month's (ToSeq = FromSeq-1 for a
// month without accesses); Head is the hash of entry ToSeq (omitted only
// when ToSeq is 0: nothing was ever logged).
type PublishAccesses struct {
	Month   string      `json:"month"`
	FromSeq uint64      `json:"from_seq"`
	ToSeq   uint64      `json:"to_seq"`
	Head    module.Hash `json:"head,omitempty"`
}

// Validate implements module.Payload.
func (p *PublishAccesses) Validate() error {
	if !monthPattern.MatchString(p.Month) {
		return fmt.Errorf("%w: month %q must be YYYY-MM", ErrInvalid, p.Month)
	}
	if p.FromSeq == 0 || p.ToSeq+1 < p.FromSeq {
		return fmt.Errorf("%w: from_seq must be at least 1 and to_seq at least from_seq-1 (got %d..%d)", ErrInvalid, p.FromSeq, p.ToSeq)
	}
	if err := p.Head.Check("head", p.ToSeq > 0); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if p.ToSeq == 0 && p.Head != "" {
		return fmt.Errorf("%w: head names entry to_seq; there is none when to_seq is 0", ErrInvalid)
	}
	return nil
}

// Count is the number of accesses the digest reports.
func (p *PublishAccesses) Count() uint64 { return p.ToSeq + 1 - p.FromSeq }

// AccessMonth is one published month of a department's access log.
type AccessMonth struct {
	Department string      `cbor:"1,keyasint" json:"department"`
	Month      string      `cbor:"2,keyasint" json:"month"`
	FromSeq    uint64      `cbor:"3,keyasint" json:"from_seq"`
	ToSeq      uint64      `cbor:"4,keyasint" json:"to_seq"`
	Count      uint64      `cbor:"5,keyasint" json:"count"`
	Head       module.Hash `cbor:"6,keyasint,omitempty" json:"head,omitempty"`
	// Restart is set when FromSeq is 1 after earlier digests: the node
	// started a new log (a damaged one moved aside). The audit says so.
	Restart bool      `cbor:"7,keyasint,omitempty" json:"restart,omitempty"`
	Signer  string    `cbor:"8,keyasint" json:"signer"`
	Height  int64     `cbor:"9,keyasint" json:"height"`
	Time    time.Time `cbor:"10,keyasint" json:"time"`
}

// AccessKey is the state key of a department's digest of one month.
func AccessKey(department, month string) []byte {
	return []byte(accessPrefix + department + "/" + month)
}

// AccessLatestKey is the state key of a department's newest digest.
func AccessLatestKey(department string) []byte { return []byte(accessLatestPrefix + department) }

// LatestAccessMonth is the department's newest digest (ErrAccessMissing
// when it has published none).
func LatestAccessMonth(r store.Reader, department string) (*AccessMonth, error) {
	return module.GetRecord[AccessMonth](r, AccessLatestKey(department), ErrAccessMissing, department)
}

// AccessMonths lists a department's digests, oldest month first.
func AccessMonths(r store.Reader, department string) ([]*AccessMonth, error) {
	return module.ListRecords[AccessMonth](r, accessPrefix+department+"/")
}

// MonthEnd is the first instant after a YYYY-MM month in CST.
func MonthEnd(month string) (time.Time, error) {
	m := monthPattern.FindStringSubmatch(month)
	if m == nil {
		return time.Time{}, fmt.Errorf("%w: month %q must be YYYY-MM", ErrInvalid, month)
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	return time.Date(y, time.Month(mo), 1, 0, 0, 0, 0, module.CST()).AddDate(0, 1, 0), nil
}

// handlePublishAccesses records a month's digest. Months are published in
// order, once each, after they ended; the entries continue where the
// previous digest stopped (or start again at 1: a new log, marked).
func handlePublishAccesses(ctx *module.Context, p module.Payload) error {
	in := p.(*PublishAccesses)
	dept := ctx.Signer.Department
	end, err := MonthEnd(in.Month)
	if err != nil {
		return err
	}
	if ctx.BlockTime.Before(end) {
		return fmt.Errorf("%w: %s has not ended (block time %s)", ErrAccessOrder, in.Month, ctx.BlockTime.UTC().Format(time.RFC3339))
	}
	rec := &AccessMonth{Department: dept, Month: in.Month, FromSeq: in.FromSeq, ToSeq: in.ToSeq, Count: in.Count(), Head: in.Head,
		Signer: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	prev, err := LatestAccessMonth(ctx.KV, dept)
	switch {
	case errors.Is(err, ErrAccessMissing):
	case err != nil:
		return err
	case in.Month <= prev.Month: // YYYY-MM compares as text
		return fmt.Errorf("%w: %s already published up to %s", ErrAccessOrder, dept, prev.Month)
	case in.FromSeq == prev.ToSeq+1:
	case in.FromSeq == 1:
		rec.Restart = true
	default:
		return fmt.Errorf("%w: %s's digest of %s ended at entry %d; this one starts at %d", ErrAccessOrder, dept, prev.Month, prev.ToSeq, in.FromSeq)
	}
	if err := module.PutRecord(ctx.KV, AccessKey(dept, in.Month), rec); err != nil {
		return err
	}
	if err := module.PutRecord(ctx.KV, AccessLatestKey(dept), rec); err != nil {
		return err
	}
	ctx.Emit("evaluation.accesses", "department", dept, "month", in.Month, "count", strconv.FormatUint(rec.Count, 10))
	return nil
}
