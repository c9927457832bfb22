package evaluation

import (
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Scales a baseline figure's integer is stated in. A figure's scale is
// fixed (Figures): the payload repeats it so the publisher states, and
// the chain checks, what the number means.
const (
	ScaleCount      = "count"       // a plain count of cases
	ScaleDays       = "days"        // whole working days
	ScaleCentiDays  = "centi_days"  // hundredths of a working day: 1250 = 12.5 days
	ScaleBasisPoint = "basis_point" // hundredths of a percent: 9350 = 93.50 %
)

// Baseline figures the data bureau can publish, with their scale. The
// dashboard compares each with the platform's own figure of the same
// name (docs/evaluation.md says which).
const (
	FigureAvgDays       = "avg_processing_days"    // 平均办理时间
	FigureMedianDays    = "median_processing_days" // 办理时间中位数
	FigureApprovalRate  = "approval_rate"          // 批准率
	FigureOnTimeRate    = "on_time_rate"           // 按时办结率
	FigureStatutoryDays = "statutory_limit_days"   // 法定时限
	FigurePromisedDays  = "promised_limit_days"    // 承诺时限
	FigureCases         = "cases"                  // 办件量
	FigureGoodRate      = "good_rating_rate"       // 好评率
)

// Figures maps each baseline figure to its scale, in a stable order.
func Figures() []struct{ Name, Scale string } {
	return []struct{ Name, Scale string }{
		{FigureAvgDays, ScaleCentiDays}, {FigureMedianDays, ScaleCentiDays},
		{FigureApprovalRate, ScaleBasisPoint}, {FigureOnTimeRate, ScaleBasisPoint},
		{FigureStatutoryDays, ScaleDays}, {FigurePromisedDays, ScaleDays},
		{FigureCases, ScaleCount}, {FigureGoodRate, ScaleBasisPoint},
	}
}

// ScaleOf is a figure's scale; "" for an unknown figure.
func ScaleOf(figure string) string {
	for _, f := range Figures() {
		if f.Name == figure {
			return f.Scale
		}
	}
	return ""
}

// CityProcess is the process name of a baseline about the whole city (a
// figure not tied to one process, e.g. the city's 好评率).
const CityProcess = "city"

// Baseline is one version of a pre-platform figure: what the data bureau
// said the figure was before the platform, for which period, from which
// document. Every version is kept; the newest is the one compared with.
type Baseline struct {
	Process    string `cbor:"1,keyasint" json:"process"`    // workflow definition id, or "city"
	Department string `cbor:"2,keyasint" json:"department"` // the department the figure is about
	Figure     string `cbor:"3,keyasint" json:"figure"`
	Value      int64  `cbor:"4,keyasint" json:"value"`
	Scale      string `cbor:"5,keyasint" json:"scale"`
	// Period is what the figure covers: YYYY, YYYY-Qn or YYYY-MM.
	Period      string      `cbor:"6,keyasint" json:"period"`
	SourceHash  module.Hash `cbor:"7,keyasint" json:"source_hash"`
	SourceTitle string      `cbor:"8,keyasint" json:"source_title"`
	Note        string      `cbor:"9,keyasint,omitempty" json:"note,omitempty"`
	Version     uint32      `cbor:"10,keyasint" json:"version"`
	By          string      `cbor:"11,keyasint" json:"by"`
	Height      int64       `cbor:"12,keyasint" json:"height"`
	Time        time.Time   `cbor:"13,keyasint" json:"time"`
}

// Count is a named count: a check and how many items it covered, or how
// many findings it made.
type Count struct {
	Name  string `cbor:"1,keyasint" json:"name"`
	Count int64  `cbor:"2,keyasint" json:"count"`
}

// AuditReport is the summary of one `govchain audit` run an auditor
// signed: which blocks of whose node were checked, what was checked and
// how much, how many findings of which check, and the hash of the full
// JSON report (kept by the auditor; anyone handed it can check it).
type AuditReport struct {
	ID             uint64      `cbor:"1,keyasint" json:"id"`
	NodeDepartment string      `cbor:"2,keyasint" json:"node_department"` // whose node's data was audited
	FromHeight     int64       `cbor:"3,keyasint" json:"from_height"`
	ToHeight       int64       `cbor:"4,keyasint" json:"to_height"`
	Checks         []Count     `cbor:"5,keyasint" json:"checks"`
	Findings       int64       `cbor:"6,keyasint" json:"findings"`
	FindingsBy     []Count     `cbor:"7,keyasint,omitempty" json:"findings_by_check,omitempty"`
	ReportHash     module.Hash `cbor:"8,keyasint" json:"report_hash"`
	Note           string      `cbor:"9,keyasint,omitempty" json:"note,omitempty"`
	Auditor        string      `cbor:"10,keyasint" json:"auditor"`
	Department     string      `cbor:"11,keyasint" json:"department"` // the auditor's
	Height         int64       `cbor:"12,keyasint" json:"height"`
	Time           time.Time   `cbor:"13,keyasint" json:"time"`
}
