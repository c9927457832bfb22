package web

import (
	"os"
	"strings"
	"testing"
)

func TestTmpSeed(t *testing.T) {
	e := newSeededEnv(t, Options{})
	c := e.client()
	for _, p := range []string{"/", "/land", "/land/decisions", "/land/parcels", "/land/parcels/PS-G01-0101", "/land/notices/" + e.cases["public_notice_with_objection"].Number, "/finance", "/finance/flags", "/finance/departments/hub", "/land/track", "/api/v1/land/notices", "/api/v1/finance/budgets", "/api/v1/finance/flags"} {
		r := c.get(p)
		t.Logf("%s: %d %d", p, r.Status, len(r.Body))
		if r.Status != 200 {
			t.Errorf("%s: %s", p, r.Body[:min(2000, len(r.Body))])
		}
		os.WriteFile("/tmp/scratch/"+strings.ReplaceAll(p, "/", "_")+".html", []byte(r.Body), 0o644)
	}
	nc := e.cases["public_notice_with_objection"]
	r := c.get("/api/v1/land/cases/" + nc.Number + "?code=" + nc.AccessCode)
	t.Logf("case api %d %.600s", r.Status, r.Body)
	r = c.submit("/land/track", "/land/track", map[string][]string{"case_no": {nc.Number}, "access_code": {nc.AccessCode}})
	os.WriteFile("/tmp/scratch/track.html", []byte(r.Body), 0o644)
	t.Logf("track %d", r.Status)
}
