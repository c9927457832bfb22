package evaluation

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/sharing"
)

// Security is 数据安全事件: the incidents opened in the period (from the
// governance incident register), the audit summaries auditors published
// in it, and deliveries of personal data under sharing grants.
type Security struct {
	Incidents int64 `json:"incidents"`
	// BySeverity counts incidents by level I–IV (1 most serious).
	BySeverity []Count `json:"by_severity"`
	Open       int64   `json:"open"`
	Closed     int64   `json:"closed"`
	// MedianCloseHours is the median time from opening to the closing
	// review of those closed, in whole hours (floor).
	MedianCloseHours *int64 `json:"median_close_hours,omitempty"`
	// Audits published in the period (about the department's node, for a
	// department), their findings, and the highest height covered.
	Audits         int64   `json:"audits"`
	AuditFindings  int64   `json:"audit_findings"`
	AuditedTo      int64   `json:"audited_to_height"`
	FindingsByKind []Count `json:"findings_by_check,omitempty"`
	// PersonalDeliveries counts sharing deliveries (access records) in the
	// period that carried a field the catalogue marks personal or
	// sensitive, by owner (or requester) department.
	PersonalDeliveries int64 `json:"personal_data_deliveries"`
	// PersonalAccesses sums the access-log digests of the period's months
	// (query_access.go); absent when no node in scope publishes them.
	PersonalAccesses *Accesses `json:"personal_data_accesses,omitempty"`
}

func security(src Source, p Period, department string) (*Security, error) {
	s := &Security{}
	list, err := governance.Incidents(src.State)
	if err != nil {
		return nil, err
	}
	sev := make([]int64, governance.SeverityMax+1)
	var hours []int64
	for _, in := range list {
		if !p.Contains(in.Opened) {
			continue
		}
		if department != "" && in.Department != department && !slices.Contains(in.Departments, department) {
			continue
		}
		s.Incidents++
		if in.Severity >= governance.SeverityMin && in.Severity <= governance.SeverityMax {
			sev[in.Severity]++
		}
		if in.State == governance.IncidentClosed && in.Review != nil {
			s.Closed++
			hours = append(hours, int64(in.Review.Time.Sub(in.Opened)/time.Hour))
		} else {
			s.Open++
		}
	}
	for l := governance.SeverityMin; l <= governance.SeverityMax; l++ {
		s.BySeverity = append(s.BySeverity, Count{Name: governance.Roman(l), Count: sev[l]})
	}
	s.MedianCloseHours = median(hours)

	where, args := deptClause("node_department", department, []any{p.Start.Unix(), p.End.Unix()})
	rows, err := src.DB.Query(`SELECT findings, findings_by, to_height FROM eval_audits WHERE time >= ? AND time < ?`+where+` ORDER BY id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byCheck := map[string]int64{}
	for rows.Next() {
		var n, to int64
		var by string
		if err := rows.Scan(&n, &by, &to); err != nil {
			return nil, err
		}
		s.Audits++
		s.AuditFindings += n
		s.AuditedTo = max(s.AuditedTo, to)
		var cs []Count
		if json.Unmarshal([]byte(by), &cs) == nil {
			for _, c := range cs {
				byCheck[c.Name] += c.Count
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, k := range sortedKeys(byCheck) {
		s.FindingsByKind = append(s.FindingsByKind, Count{Name: k, Count: byCheck[k]})
	}

	personal, err := personalFields(src)
	if err != nil {
		return nil, err
	}
	acc, err := sharing.Accesses(src.State)
	if err != nil {
		return nil, err
	}
	for _, a := range acc {
		if !p.Contains(a.Time) || (department != "" && a.Owner != department && a.Requester != department) {
			continue
		}
		if slices.ContainsFunc(a.Fields, func(f string) bool { return personal[a.Resource+"/"+f] }) {
			s.PersonalDeliveries++
		}
	}
	return s, nil
}

// personalFields are resource/field names any version of the catalogue
// marks personal or sensitive.
func personalFields(src Source) (map[string]bool, error) {
	res, err := sharing.Resources(src.State)
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, r := range res {
		vs, err := sharing.ResourceVersions(src.State, r.ID)
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			for _, f := range v.Fields {
				if f.Personal || f.Sensitive {
					out[r.ID+"/"+f.Name] = true
				}
			}
		}
	}
	return out, nil
}

func sortedKeys(m map[string]int64) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
