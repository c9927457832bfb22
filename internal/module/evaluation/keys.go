package evaluation

import (
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module. Numbers are zero-padded so key order is
// numeric order.
const (
	baselinePrefix = "evaluation/baseline/" // <process>/<figure>/<version %010d> → Baseline (every version)
	latestPrefix   = "evaluation/latest/"   // <process>/<figure> → Baseline (the newest version)
	auditPrefix    = "evaluation/audit/"    // <id %020d> → AuditReport
	seqPrefix      = "evaluation/seq/"      // <kind> → last id
)

// BaselineKey is the state key of one version of a baseline figure.
func BaselineKey(process, figure string, version uint32) []byte {
	return []byte(fmt.Sprintf("%s%s/%s/%010d", baselinePrefix, process, figure, version))
}

// LatestKey is the state key of a baseline figure's newest version.
func LatestKey(process, figure string) []byte {
	return []byte(latestPrefix + process + "/" + figure)
}

// AuditKey is the state key of an audit report summary.
func AuditKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", auditPrefix, id)) }

// GetLatest loads the newest version of a baseline figure.
func GetLatest(r store.Reader, process, figure string) (*Baseline, error) {
	return module.GetRecord[Baseline](r, LatestKey(process, figure), ErrBaselineMissing, process+"/"+figure)
}

// Latest lists the newest version of every baseline figure, by process
// then figure.
func Latest(r store.Reader) ([]*Baseline, error) {
	return module.ListRecords[Baseline](r, latestPrefix)
}

// Versions lists every version of one baseline figure, oldest first.
func Versions(r store.Reader, process, figure string) ([]*Baseline, error) {
	return module.ListRecords[Baseline](r, baselinePrefix+process+"/"+figure+"/")
}

// GetAudit loads an audit report summary.
func GetAudit(r store.Reader, id uint64) (*AuditReport, error) {
	return module.GetRecord[AuditReport](r, AuditKey(id), ErrAuditNotFound, strconv.FormatUint(id, 10))
}

// Audits lists every audit report summary, oldest first.
func Audits(r store.Reader) ([]*AuditReport, error) {
	return module.ListRecords[AuditReport](r, auditPrefix)
}
