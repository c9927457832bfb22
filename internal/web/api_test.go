package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes: every path and method in /api/v1/openapi.json
// is served (no "no route" answer from either catch-all), every JSON route
// the portal registered is in the document, and the document is OpenAPI 3
// with resolvable schema references.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	r := c.get("/api/v1/openapi.json")
	if r.Status != http.StatusOK {
		t.Fatal(r.Status)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi %q", doc.OpenAPI)
	}
	for _, ref := range strings.Split(r.Body, `"$ref": "#/components/schemas/`)[1:] {
		name := ref[:strings.IndexByte(ref, '"')]
		if doc.Components.Schemas[name] == nil {
			t.Errorf("schema %s is referenced but not defined", name)
		}
	}
	for _, want := range []string{"/api/v1/disclosures", "/api/v1/feedback", "/api/v1/feedback/{receipt}", "/api/v1/proofs", "/api/v1/openapi.json"} {
		if doc.Paths[want] == nil {
			t.Errorf("document lacks %s", want)
		}
	}
	for _, rt := range e.p.apiRoutes {
		if doc.Paths[rt.Path][strings.ToLower(rt.Method)] == nil {
			t.Errorf("registered route %s %s is not documented", rt.Method, rt.Path)
		}
	}
	n := 0
	for path, ops := range doc.Paths {
		for method := range ops {
			concrete := pathParam.ReplaceAllStringFunc(path, func(s string) string {
				if s == "{height}" {
					return "1"
				}
				return "x"
			})
			req, _ := http.NewRequest(strings.ToUpper(method), e.srv.URL+concrete, strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			got := c.do(req)
			if got.Status == http.StatusNotFound && strings.Contains(got.Body, "no route") || got.Status == http.StatusMethodNotAllowed {
				t.Errorf("%s %s is documented but not served: %d %s", method, path, got.Status, got.Body)
			}
			if !strings.HasPrefix(strings.TrimSpace(got.Body), "{") && !strings.HasPrefix(strings.TrimSpace(got.Body), "[") {
				t.Errorf("%s %s: not JSON: %.80s", method, path, got.Body)
			}
			n++
		}
	}
	if n < 15 {
		t.Fatalf("only %d operations documented", n)
	}
	// An unknown route under /api/ answers JSON, never the HTML 404.
	if r := c.get("/api/v1/nope"); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "no route") {
		t.Fatalf("unknown api route: %d %s", r.Status, r.Body)
	}
}

// TestVerify: a document number and a receipt resolve and are proven live;
// an uploaded bundle verifies, and a tampered one does not.
func TestVerify(t *testing.T) {
	e := newEnv(t, Options{})
	c := e.client()
	staff := e.staff("gov-admin")
	r := staff.submit("/staff/disclosures", "/staff/disclosures", url.Values{"title": {"关于启用政务链的决定"}, "category": {"decision"},
		"body": {"正文"}, "effective_date": {"2026-03-01"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", r.Status, r.Body)
	}
	number := strings.TrimPrefix(r.Location, "/disclosures/")
	var v Verification
	getJSON(t, c, "/api/v1/verify?code="+number, &v)
	if !v.Authentic || v.Result == nil || v.Result.SignedValidators != 1 || len(v.Validators) != 1 || v.Validators[0].Department != "gov" || v.Record == nil {
		t.Fatalf("verify code: %+v", v)
	}
	page := c.get("/verify?code=" + number + "&lang=en")
	if !strings.Contains(page.Body, "Authentic") || !strings.Contains(page.Body, "City Government") {
		t.Fatal("verify page does not show the result")
	}
	if r := c.get("/verify?code=nope-2026-9999"); r.Status != http.StatusNotFound {
		t.Fatalf("unknown code: %d", r.Status)
	}
	bundle := c.get("/api/v1/proofs?key=" + url.QueryEscape("disclosure/doc/"+number+"/0001"))
	if bundle.Status != http.StatusOK {
		t.Fatal(bundle.Body)
	}
	up := c.submit("/verify", "/verify", url.Values{"bundle_text": {bundle.Body}})
	if up.Status != http.StatusOK || !strings.Contains(up.Body, `class="result good"`) {
		t.Fatalf("upload: %d", up.Status)
	}
	// Change one byte of the value: the proof no longer matches.
	var m map[string]any
	json.Unmarshal([]byte(bundle.Body), &m)
	val := m["value"].(string)
	m["value"] = "A" + val[1:]
	if val[0] == 'A' {
		m["value"] = "B" + val[1:]
	}
	bad, _ := json.Marshal(m)
	up = c.submit("/verify", "/verify", url.Values{"bundle_text": {string(bad)}})
	if !strings.Contains(up.Body, `class="result bad"`) {
		t.Fatal("tampered bundle accepted")
	}
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/api/v1/verify", strings.NewReader(string(bad)))
	if r := c.do(req); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"authentic": false`) {
		t.Fatalf("api tampered: %d %s", r.Status, r.Body)
	}
}
