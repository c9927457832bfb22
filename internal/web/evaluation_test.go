package web

import (
	"encoding/csv"
	"encoding/json"
	"html"
	"regexp"
	"strings"
	"testing"
)

// TestEvaluationPages walks the dashboard of a seeded dev chain: the
// public page in both languages, the JSON with its five sections, every
// "how" link landing on an entry of the method page, a CSV export equal
// to the table on the page, a records list, the staff page and the
// printable report.
func TestEvaluationPages(t *testing.T) {
	e := newSeededEnv(t, Options{})
	b := e.client()
	for _, lang := range []string{"zh", "en"} {
		r := b.get("/evaluation?lang=" + lang)
		if r.Status != 200 {
			t.Fatalf("%s: status %d\n%s", lang, r.Status, r.Body)
		}
		want := map[string][]string{"zh": {"好评率", "办事效率", "暂无数据来源", "<svg"}, "en": {"Good-rating rate", "Efficiency", "not yet available", "<svg"}}[lang]
		for _, w := range want {
			if !strings.Contains(r.Body, w) {
				t.Errorf("%s: page lacks %q", lang, w)
			}
		}
	}
	page := b.get("/evaluation?lang=en").Body

	var rep map[string]json.RawMessage
	r := b.get("/api/v1/evaluation")
	if err := json.Unmarshal([]byte(r.Body), &rep); err != nil || r.Status != 200 {
		t.Fatalf("api: %d %v\n%s", r.Status, err, r.Body)
	}
	for _, s := range []string{"satisfaction", "efficiency", "security", "integration", "participation", "unavailable"} {
		if len(rep[s]) == 0 || string(rep[s]) == "null" {
			t.Errorf("api: section %s missing", s)
		}
	}
	// Sign-ups and return visits come from the participation module and
	// materials saved from data sharing; only what has no source is listed.
	for _, f := range []string{"participation.sign_ups", "participation.return_visits", "integration.materials_saved"} {
		if strings.Contains(string(rep["unavailable"]), f) {
			t.Errorf("api: %s listed as unavailable: %s", f, rep["unavailable"])
		}
	}
	if !strings.Contains(string(rep["participation"]), `"sign_ups"`) || !strings.Contains(string(rep["integration"]), `"materials_saved"`) {
		t.Errorf("api: sign-ups or materials saved missing: %s %s", rep["participation"], rep["integration"])
	}
	if r := b.get("/api/v1/evaluation?period=2026-13"); r.Status != 400 {
		t.Errorf("bad period: status %d", r.Status)
	}

	method := b.get("/evaluation/method?lang=en").Body
	for _, m := range regexp.MustCompile(`href="/evaluation/method#(m-[a-z_]+)"`).FindAllStringSubmatch(page, -1) {
		if !strings.Contains(method, `id="`+m[1]+`"`) {
			t.Errorf("method page has no entry %s", m[1])
		}
	}

	// The CSV of the satisfaction table is the page's table, cell by cell.
	csvLink := regexp.MustCompile(`href="(/evaluation/export\.csv\?table=satisfaction[^"]*)"`).FindStringSubmatch(page)
	if csvLink == nil {
		t.Fatal("no CSV link for satisfaction")
	}
	cr := b.get(html.UnescapeString(csvLink[1]) + "&lang=en")
	rows, err := csv.NewReader(strings.NewReader(cr.Body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv: %v\n%s", err, cr.Body)
	}
	sec := page[strings.Index(page, `data-section="satisfaction"`):]
	sec = sec[:strings.Index(sec, "</table>")]
	cells := regexp.MustCompile(`<t[hd](?:\s[^>]*)?>(.*?)</t[hd]>`).FindAllStringSubmatch(sec, -1)
	var got []string
	for _, c := range cells {
		if !strings.Contains(c[1], "<a ") && c[1] != "Basis" {
			got = append(got, html.UnescapeString(c[1]))
		}
	}
	var flat []string
	for _, row := range rows {
		flat = append(flat, row...)
	}
	if strings.Join(got, "|") != strings.Join(flat, "|") {
		t.Fatalf("CSV differs from the page:\npage %q\ncsv  %q", got, flat)
	}

	// A records link lists what the figure counted.
	rec := regexp.MustCompile(`href="(/evaluation/records/cases\?[^"]*)"`).FindStringSubmatch(page)
	if rec == nil {
		t.Fatal("no records link for cases")
	}
	if r := b.get(html.UnescapeString(rec[1])); r.Status != 200 {
		t.Fatalf("records: %d", r.Status)
	}
	if r := b.get("/evaluation/records/incidents"); r.Status != 401 {
		t.Errorf("incidents without a session: status %d, want 401", r.Status)
	}
	if r := b.get("/evaluation/report?lang=en"); r.Status != 200 || !strings.Contains(r.Body, "Monthly evaluation report") {
		t.Errorf("report: %d", r.Status)
	}
	// The headline gauges: the year's closed cases (the seeded land cases
	// closed this year) and the share rate of the seeded catalogue.
	m := b.get("/metrics").Body
	for _, w := range []string{`govchain_evaluation_closed_cases{period="year"}`, `govchain_evaluation_share_rate{period="year"}`, `govchain_evaluation_distinct_participants{period="year"}`} {
		if !strings.Contains(m, w) {
			t.Errorf("/metrics lacks %s", w)
		}
	}
	s := e.staff("nrb-admin")
	if r := s.get("/staff/evaluation?lang=en"); r.Status != 200 || !strings.Contains(r.Body, "Deliveries with personal data") {
		t.Errorf("staff page: %d", r.Status)
	}
	if r := s.get("/evaluation/records/incidents"); r.Status != 200 {
		t.Errorf("incidents with a session: %d", r.Status)
	}
	// The JSON routes take no session: incidents stay on the pages, even
	// for a signed-in member.
	if r := s.get("/api/v1/evaluation/records/incidents"); r.Status != 400 {
		t.Errorf("incidents through the JSON route with a session: status %d, want 400", r.Status)
	}
}
