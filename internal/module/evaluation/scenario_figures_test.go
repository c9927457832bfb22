package evaluation_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/evaluation"
)

func i64(p *int64) string {
	if p == nil {
		return "absent"
	}
	return strconv.FormatInt(*p, 10)
}

func rate(r *evaluation.Rate) string {
	if r == nil {
		return "absent"
	}
	return fmt.Sprintf("%d/%d=%s", r.Num, r.Den, r.String())
}

// flatten names every figure of a report, for comparison with the hand-
// computed values below.
func flatten(r *evaluation.Report) map[string]string {
	m := map[string]string{}
	s := r.Satisfaction
	for _, l := range s.Levels {
		m["sat.level."+l.Name] = strconv.FormatInt(l.Count, 10)
	}
	m["sat.ratings"] = strconv.FormatInt(s.Ratings, 10)
	m["sat.good_rate"] = rate(&s.GoodRate)
	m["sat.bad"] = strconv.FormatInt(s.Bad, 10)
	m["sat.tasks"] = strconv.FormatInt(s.Tasks, 10)
	m["sat.rectified"] = rate(&s.RectifiedRate)
	m["sat.rectified_on_time"] = rate(&s.RectifiedOnTime)
	m["sat.replied"] = fmt.Sprintf("%d replied, %d not", s.Replied, s.Unreplied)
	m["sat.median_reply_hours"] = i64(s.MedianReplyHours)
	e := r.Efficiency
	m["eff.closed"] = strconv.FormatInt(e.Closed, 10)
	for _, p := range e.Processes {
		k := "eff." + p.Process + "."
		m[k+"closed"] = fmt.Sprintf("%d (%d approved, %d rejected, %d withdrawn)", p.Closed, p.Approved, p.Rejected, p.Withdrawn)
		m[k+"approval_rate"] = rate(&p.ApprovalRate)
		m[k+"median_days"] = i64(p.MedianDays)
		m[k+"p90_days"] = i64(p.P90Days)
		m[k+"avg_centi_days"] = i64(p.AvgCenti)
		m[k+"limits"] = i64(p.StatutoryDays) + "/" + i64(p.PromisedDays)
		m[k+"compression"] = rate(p.Compression)
		m[k+"on_time"] = rate(p.OnTime)
		m[k+"overdue"] = i64(p.Overdue)
		m[k+"open_overdue"] = strconv.FormatInt(p.OpenOverdue, 10)
		m[k+"steps_centi"] = i64(p.StepsCenti)
		m[k+"handoffs_centi"] = i64(p.HandoffsCenti)
		for _, c := range p.Versus {
			m[k+"vs."+c.Figure] = fmt.Sprintf("now %s, baseline %d (v%d, %s), change %s", i64(c.Now), c.Baseline.Value, c.Baseline.Version, c.Baseline.Period, i64(c.Change))
		}
	}
	sec := r.Security
	m["sec.incidents"] = fmt.Sprintf("%d (%d open, %d closed)", sec.Incidents, sec.Open, sec.Closed)
	for _, c := range sec.BySeverity {
		m["sec.severity."+c.Name] = strconv.FormatInt(c.Count, 10)
	}
	m["sec.median_close_hours"] = i64(sec.MedianCloseHours)
	m["sec.audits"] = fmt.Sprintf("%d audits, %d findings, to height %d", sec.Audits, sec.AuditFindings, sec.AuditedTo)
	for _, c := range sec.FindingsByKind {
		m["sec.findings."+c.Name] = strconv.FormatInt(c.Count, 10)
	}
	m["sec.personal_deliveries"] = strconv.FormatInt(sec.PersonalDeliveries, 10)
	if a := sec.PersonalAccesses; a != nil {
		m["sec.personal_accesses"] = fmt.Sprintf("%d in %d months, missing %v", a.Count, a.Months, a.Missing)
	} else {
		m["sec.personal_accesses"] = "absent: " + r.Missing["security.personal_data_accesses"]
	}
	g := r.Integration
	m["int.resources"] = fmt.Sprintf("%d: %d/%d/%d", g.Resources, g.ByClass[0].Count, g.ByClass[1].Count, g.ByClass[2].Count)
	m["int.share_rate"] = rate(&g.ShareRate)
	m["int.requests"] = fmt.Sprintf("%d (%d granted, %d refused, %d pending, %d overdue)", g.Requests, g.Granted, g.Refused, g.Pending, g.Overdue)
	m["int.grant_rate"] = rate(&g.GrantRate)
	m["int.median_answer_days"] = i64(g.MedianAnswerDays)
	m["int.deliveries"] = strconv.FormatInt(g.Deliveries, 10)
	pt := r.Participation
	m["par.counts"] = fmt.Sprintf("%d ratings, %d suggestions, %d complaints, %d objections = %d", pt.Ratings, pt.Suggestions, pt.Complaints, pt.Objections, pt.Total)
	m["par.rated_cases"] = strconv.FormatInt(pt.RatedCases, 10)
	m["par.per_thousand_cases"] = i64(pt.PerThousandCases)
	m["par.sign_ups"] = i64(pt.SignUps)
	m["par.sign_ups_missing"] = r.Missing["participation.sign_ups"]
	m["par.people"] = fmt.Sprintf("%d distinct, %d without a hash", pt.DistinctParticipants, pt.WithoutHash)
	return m
}

// TestScenario checks every figure of testdata/scenario.txt against values
// computed by hand (the arithmetic is in the comments). A change in a
// formula, in the working-day calendar, in period boundaries (CST) or in
// rounding shows here.
func TestScenario(t *testing.T) {
	src := scenario(t)
	oct, _ := evaluation.ParsePeriod("2026-10")
	q4, _ := evaluation.ParsePeriod("2026-Q4")
	sep, _ := evaluation.ParsePeriod("2026-09")
	for _, tc := range []struct {
		name       string
		period     evaluation.Period
		department string
		want       map[string]string
	}{
		{"nrb October", oct, "nrb", map[string]string{
			// Ratings in October: r1 非常满意, r2 满意, r3 非常不满意, r4 基本满意,
			// r5 不满意 (r0 was on 30 September; r6 is eeb's).
			"sat.level.very_satisfied": "1", "sat.level.satisfied": "1", "sat.level.basic": "1",
			"sat.level.dissatisfied": "1", "sat.level.very_dissatisfied": "1",
			"sat.ratings": "5", "sat.good_rate": "2/5=40.00%", "sat.bad": "2",
			// Tasks opened in October: t1 closed before its deadline, t2 after.
			"sat.tasks": "2", "sat.rectified": "2/2=100.00%", "sat.rectified_on_time": "1/2=50.00%",
			// Reply hours to the first reply: 30 (30.5 floored), 4 (4 h 59 min),
			// 120, 2 (s5; its second reply, after 200 h, does not count):
			// sorted 2 4 30 120, lower middle 4 (to the latest reply it would be 30).
			"sat.replied": "4 replied, 1 not", "sat.median_reply_hours": "4",
			// Closed in October: A 3, B 3, C 10, D 4 working days (see the transcript).
			"eff.closed":                          "4",
			"eff.land-use.closed":                 "4 (3 approved, 1 rejected, 0 withdrawn)",
			"eff.land-use.approval_rate":          "3/4=75.00%",
			"eff.land-use.median_days":            "3",  // sorted 3 3 4 10: lower middle
			"eff.land-use.p90_days":               "10", // rank ⌈0.9·4⌉ = 4
			"eff.land-use.avg_centi_days":         "500",
			"eff.land-use.limits":                 "20/5",
			"eff.land-use.compression":            "15/20=75.00%",
			"eff.land-use.on_time":                "3/4=75.00%", // ≤ 5 days: A, B, D
			"eff.land-use.overdue":                "1",
			"eff.land-use.open_overdue":           "1",   // H: deadline 20 Oct, still open on 5 Nov
			"eff.land-use.steps_centi":            "325", // (4+2+4+3)/4
			"eff.land-use.handoffs_centi":         "125", // (2+0+3+0)/4
			"eff.land-use.vs.avg_processing_days": "now 500, baseline 1200 (v2, 2024), change -700",
			"eff.land-use.vs.approval_rate":       "now 7500, baseline 8800 (v1, 2024), change -1300",
			// Incidents: 1 (nrb's, closed after 30.5 h) and 2 (eeb's, naming nrb, open).
			"sec.incidents": "2 (1 open, 1 closed)", "sec.severity.I": "0", "sec.severity.II": "1",
			"sec.severity.III": "1", "sec.severity.IV": "0", "sec.median_close_hours": "30",
			"sec.audits": "1 audits, 2 findings, to height 3", "sec.findings.index": "1", "sec.findings.state": "1",
			"sec.personal_deliveries": "1",                         // nrb received applicant_name
			"sec.personal_accesses":   "7 in 1 months, missing []", // entries 5–11
			// nrb owns no resource.
			"int.resources": "0: 0/0/0", "int.share_rate": "0/0=—",
			"int.requests": "0 (0 granted, 0 refused, 0 pending, 0 overdue)", "int.grant_rate": "0/0=—",
			"int.median_answer_days": "absent", "int.deliveries": "0",
			// 5 + 3 + 2 + 1 (on case C) = 11, + 3 sign-ups (BM-1..3; BM-4
			// cancelled, BM-6 in September) = 14, per 1,000 of 4 closed cases.
			"par.counts":             "5 ratings, 3 suggestions, 2 complaints, 1 objections = 14",
			"par.rated_cases":        "5",
			"par.per_thousand_cases": "3500",
			"par.sign_ups":           "3",
			"par.sign_ups_missing":   "",
			// Hashes: s1 aaaa, s2 bbbb, s4 aaaa, BM-1 aaaa, BM-2 cccc, and
			// ratings by their case's applicant: r1 (A) aaaa, r2 (B) ffff,
			// r3 (C) bbbb → {aaaa, bbbb, cccc, ffff} = 4 people (without the
			// cases' hashes it was 3). Without: r4 (D) and r5 (E), filed
			// without one, + 1 objection (anyone's, not the applicant's) +
			// s3, s5 + BM-3 = 6 (14 − 8 hashed).
			"par.people": "4 distinct, 6 without a hash",
		}},
		{"city October", oct, "", map[string]string{
			"sat.ratings": "6", "sat.good_rate": "3/6=50.00%", "sat.bad": "2",
			"eff.closed":               "5",
			"eff.permit.closed":        "1 (0 approved, 0 rejected, 1 withdrawn)",
			"eff.permit.approval_rate": "0/0=—",
			"eff.permit.median_days":   "0",
			"eff.permit.limits":        "absent/absent",
			"eff.permit.on_time":       "absent",
			"sec.incidents":            "3 (1 open, 2 closed)",
			"sec.severity.IV":          "1",
			"sec.median_close_hours":   "2", // 30 and 2: lower middle
			"sec.audits":               "2 audits, 2 findings, to height 3",
			// nrb's 7; eeb published September (0) but not October: missing.
			"sec.personal_accesses":  "7 in 1 months, missing [eeb 2026-10]",
			"int.resources":          "3: 1/1/1",
			"int.share_rate":         "2/3=66.67%",
			"int.requests":           "4 (2 granted, 1 refused, 1 pending, 0 overdue)",
			"int.grant_rate":         "2/3=66.67%",
			"int.median_answer_days": "0", // 3 and 0 (the automatic grant not counted): lower middle
			"int.deliveries":         "2",
			"par.counts":             "6 ratings, 3 suggestions, 2 complaints, 1 objections = 16", // + 4 sign-ups
			"par.per_thousand_cases": "3200",
			// nrb's four and eeb's dddd… (BM-5, and r6 by G's applicant:
			// one person) = 5; without: r4, r5 + 1 objection + s3, s5 +
			// BM-3 = 6 (16 − 10 hashed).
			"par.people": "5 distinct, 6 without a hash",
		}},
		{"eeb October", oct, "eeb", map[string]string{
			"int.resources": "1: 0/1/0", "int.share_rate": "1/1=100.00%",
			"int.requests":           "3 (1 granted, 1 refused, 1 pending, 0 overdue)",
			"int.grant_rate":         "1/2=50.00%",
			"int.median_answer_days": "0",
			"int.deliveries":         "1",
			"sec.incidents":          "1 (1 open, 0 closed)",
			"sec.personal_accesses":  "0 in 0 months, missing [eeb 2026-10]",
			// r6, the rating of G, whose applicant is dddd…, and BM-5 by
			// dddd…: one person, two participations, none without a hash.
			"par.counts": "1 ratings, 0 suggestions, 0 complaints, 0 objections = 2",
			"par.people": "1 distinct, 0 without a hash",
		}},
		{"hub October", oct, "hub", map[string]string{
			// hub's node never published a digest: unknown, not 0.
			"sec.personal_accesses": "absent: " + evaluation.MissingAccessDigest,
		}},
		{"nrb September", sep, "nrb", map[string]string{"sec.personal_accesses": "4 in 1 months, missing []"}},
		{"nrb fourth quarter", q4, "nrb", map[string]string{
			// Adds F (9 days, closed 2 Nov): 3 3 4 9 10.
			"eff.land-use.closed":         "5 (4 approved, 1 rejected, 0 withdrawn)",
			"eff.land-use.median_days":    "4",
			"eff.land-use.p90_days":       "10",
			"eff.land-use.avg_centi_days": "580",
			"eff.land-use.on_time":        "3/5=60.00%",
			"eff.land-use.overdue":        "2",
			"eff.land-use.approval_rate":  "4/5=80.00%",
			// November and December are not over on 5 November: not missing.
			"sec.personal_accesses": "7 in 1 months, missing []",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := evaluation.Compute(src, tc.period, tc.department)
			if err != nil {
				t.Fatal(err)
			}
			got := flatten(r)
			for k, want := range tc.want {
				if got[k] != want {
					t.Errorf("%s: got %q, want %q", k, got[k], want)
				}
			}
		})
	}
}

// TestScenarioRecords: the lists behind the figures hold exactly the
// records counted (the dashboard links each figure to one of them).
func TestScenarioRecords(t *testing.T) {
	src := scenario(t)
	oct, _ := evaluation.ParsePeriod("2026-10")
	for _, tc := range []struct {
		kind, department string
		col              int
		want             string
	}{
		{"cases", "nrb", 6, "3 3 10 4"}, // working days of A, B, C, D
		{"ratings", "nrb", 3, "dissatisfied very_satisfied satisfied basic very_dissatisfied"},
		{"tasks", "nrb", 0, "t2 t1"},
		{"messages", "nrb", 0, "s1 s2 s4 s5 s3"},
		{"incidents", "", 1, "III II IV"},
		{"audits", "nrb", 4, "2"},
		{"requests", "eeb", 7, "3 0 "},
		{"requests", "", 4, "granted refused granted pending"},
		{"accesses", "", 0, "nrb"}, // eeb's October is not there
		{"accesses", "nrb", 4, "7"},
	} {
		t.Run(tc.kind+" "+tc.department, func(t *testing.T) {
			tb, err := evaluation.Records(src, tc.kind, oct, tc.department)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range tb.Rows {
				got = append(got, r[tc.col])
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Fatalf("column %s: got %q, want %q", tb.Header[tc.col], g, tc.want)
			}
		})
	}
	if _, err := evaluation.Records(src, "people", oct, ""); err == nil {
		t.Fatal("unknown list accepted")
	}
}
