package evaluation

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
)

// Limits (characters, counts, values).
const (
	MaxTitle  = 200
	MaxNote   = 1000
	MaxChecks = 64
	// MaxValue bounds a baseline value: far above any count of cases or
	// hundredths of a day a city has, far below int64 overflow in sums.
	MaxValue = 1_000_000_000
)

var (
	processPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`) // a workflow definition id, or "city"
	deptPattern    = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)
	periodPattern  = regexp.MustCompile(`^(20[0-9]{2})(-Q[1-4]|-(0[1-9]|1[0-2]))?$`)
	checkPattern   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,63}$`)
)

func checkText(field, s string, required bool, max int) error {
	if required && s == "" {
		return fmt.Errorf("%s is required", field)
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return fmt.Errorf("%s must be valid UTF-8 of at most %d characters", field, max)
	}
	return nil
}

// PublishBaseline is the payload of evaluation/publish_baseline: one
// pre-platform figure, as an integer in its figure's scale.
type PublishBaseline struct {
	Process     string      `json:"process"`
	Department  string      `json:"department"`
	Figure      string      `json:"figure"`
	Value       int64       `json:"value"`
	Scale       string      `json:"scale"`
	Period      string      `json:"period"`
	SourceHash  module.Hash `json:"source_hash"`
	SourceTitle string      `json:"source_title"`
	Note        string      `json:"note,omitempty"`
}

// Validate implements module.Payload.
func (p *PublishBaseline) Validate() error {
	if !processPattern.MatchString(p.Process) {
		return fmt.Errorf("process %q must be a process id matching %s, or %q", p.Process, processPattern, CityProcess)
	}
	if !deptPattern.MatchString(p.Department) {
		return fmt.Errorf("department %q must match %s", p.Department, deptPattern)
	}
	want := ScaleOf(p.Figure)
	if want == "" {
		names := make([]string, 0, len(Figures()))
		for _, f := range Figures() {
			names = append(names, f.Name)
		}
		return fmt.Errorf("figure %q must be one of %v", p.Figure, names)
	}
	if p.Scale != want {
		return fmt.Errorf("scale %q: figure %s is stated in %s", p.Scale, p.Figure, want)
	}
	if p.Value < 0 || p.Value > MaxValue {
		return fmt.Errorf("value %d must be from 0 to %d", p.Value, MaxValue)
	}
	if p.Scale == ScaleBasisPoint && p.Value > 10000 {
		return fmt.Errorf("value %d: a rate in basis points is at most 10000", p.Value)
	}
	if !periodPattern.MatchString(p.Period) {
		return fmt.Errorf("period %q must be YYYY, YYYY-Qn or YYYY-MM", p.Period)
	}
	if err := p.SourceHash.Check("source_hash", true); err != nil {
		return err
	}
	if err := checkText("source_title", p.SourceTitle, true, MaxTitle); err != nil {
		return err
	}
	return checkText("note", p.Note, false, MaxNote)
}

// PublishAudit is the payload of evaluation/publish_audit: the summary of
// one audit run (govchain audit --json), as govchain evaluation
// publish-audit builds it from the report.
type PublishAudit struct {
	NodeDepartment string      `json:"node_department"`
	FromHeight     int64       `json:"from_height"`
	ToHeight       int64       `json:"to_height"`
	Checks         []Count     `json:"checks"`
	Findings       int64       `json:"findings"`
	FindingsBy     []Count     `json:"findings_by_check,omitempty"`
	ReportHash     module.Hash `json:"report_hash"`
	Note           string      `json:"note,omitempty"`
}

func checkCounts(field string, cs []Count, required bool) (int64, error) {
	if (required && len(cs) == 0) || len(cs) > MaxChecks {
		return 0, fmt.Errorf("%s: list 1 to %d checks", field, MaxChecks)
	}
	var sum int64
	for i, c := range cs {
		if !checkPattern.MatchString(c.Name) {
			return 0, fmt.Errorf("%s: %q must match %s", field, c.Name, checkPattern)
		}
		if i > 0 && cs[i-1].Name >= c.Name {
			return 0, fmt.Errorf("%s: names sorted and each once (%q after %q)", field, c.Name, cs[i-1].Name)
		}
		if c.Count < 0 || c.Count > 1<<40 {
			return 0, fmt.Errorf("%s: %s count %d out of range", field, c.Name, c.Count)
		}
		sum += c.Count
	}
	return sum, nil
}

// Validate implements module.Payload.
func (p *PublishAudit) Validate() error {
	if !deptPattern.MatchString(p.NodeDepartment) {
		return fmt.Errorf("node_department %q must match %s", p.NodeDepartment, deptPattern)
	}
	if p.FromHeight < 1 || p.ToHeight < p.FromHeight {
		return fmt.Errorf("from_height %d to to_height %d: a range of heights from 1", p.FromHeight, p.ToHeight)
	}
	if _, err := checkCounts("checks", p.Checks, true); err != nil {
		return err
	}
	by, err := checkCounts("findings_by_check", p.FindingsBy, false)
	if err != nil {
		return err
	}
	if p.Findings < 0 || p.Findings > 1<<40 {
		return fmt.Errorf("findings %d out of range", p.Findings)
	}
	if len(p.FindingsBy) > 0 && by != p.Findings {
		return fmt.Errorf("findings %d but findings_by_check adds up to %d", p.Findings, by)
	}
	if p.Findings > 0 && len(p.FindingsBy) == 0 {
		return fmt.Errorf("findings_by_check is required when findings is %s", strconv.FormatInt(p.Findings, 10))
	}
	if err := p.ReportHash.Check("report_hash", true); err != nil {
		return err
	}
	if slices.ContainsFunc(p.Checks, func(c Count) bool { return c.Name == "" }) {
		return fmt.Errorf("checks: a check has no name")
	}
	return checkText("note", p.Note, false, MaxNote)
}
