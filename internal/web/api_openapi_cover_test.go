package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// muxPattern is a ServeMux pattern under /api/ written as a literal, the
// way every JSON route is registered (m.HandleFunc("GET /api/v1/…", …)).
var muxPattern = regexp.MustCompile(`"(GET|POST|PUT|PATCH|DELETE) (/api/[^"]*)"`)

// TestOpenAPICoversMux: every route the node API (internal/api) or any
// other package registers on a mux under /api/ is in the OpenAPI document,
// so a route added by anyone cannot be left out. The mux does not list its
// patterns, so the test reads them from the source: each registration is
// a literal pattern. Portal routes added with Portal.API are recorded and
// checked by TestOpenAPIMatchesRoutes.
func TestOpenAPICoversMux(t *testing.T) {
	documented := map[string]bool{}
	for _, rt := range coreRoutes {
		documented[rt.Method+" "+rt.Path] = true
	}
	// Portal routes: p.API records them; an empty portal registers none,
	// so read them from the source too.
	apiCall := regexp.MustCompile(`\.API\("(GET|POST|PUT|PATCH|DELETE)", "(/api/[^"]*)"`)
	found := 0
	for _, dir := range []string{"../api", ".", "../node", "../cli"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range muxPattern.FindAllStringSubmatch(string(src), -1) {
				found++
				if !documented[m[1]+" "+m[2]] {
					t.Errorf("%s registers %s %s, which the OpenAPI document lacks: add it to coreRoutes (api_openapi_core.go) with its schemas", f, m[1], m[2])
				}
			}
			for _, m := range apiCall.FindAllStringSubmatch(string(src), -1) {
				found++
				documented[m[1]+" "+m[2]] = true
			}
		}
	}
	if found < 20 {
		t.Fatalf("found only %d route registrations: has the registration style changed? update this test", found)
	}
}
