package web

import (
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// lintDir holds the pinned linter (package.json + package-lock.json);
// scripts/test.sh runs `npm ci` there, and so does this test when it has
// not been run yet.
const lintDir = "../../tools/openapi-lint"

// TestOpenAPILint exports /api/v1/openapi.json and runs Redocly's
// recommended rules on it (@redocly/cli, pinned): any error or warning
// fails. A route added without a response schema, an operation without a
// 4xx answer, a Go-style field name in a body: each is a lint finding.
func TestOpenAPILint(t *testing.T) {
	redocly := lintTool(t)
	e := newEnv(t, Options{})
	r := e.client().get("/api/v1/openapi.json")
	if r.Status != http.StatusOK {
		t.Fatal(r.Status)
	}
	doc := filepath.Join(t.TempDir(), "openapi.json")
	if err := os.WriteFile(doc, []byte(r.Body), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, ok := redoclyLint(t, redocly, doc); !ok {
		t.Fatalf("redocly lint found problems (docs/api.md says how to run it):\n%s", out)
	}
}

// redoclyLint runs the linter; ok only with no error and no warning.
func redoclyLint(t *testing.T, redocly, doc string) (string, bool) {
	cfg := filepath.Join(lintDir, "redocly.yaml")
	run := func(format string) ([]byte, error) {
		cmd := exec.Command(redocly, "lint", "--config", cfg, "--format", format, doc)
		cmd.Env = append(os.Environ(), "REDOCLY_TELEMETRY=off", "REDOCLY_SUPPRESS_UPDATE_NOTICE=true", "NO_COLOR=1")
		var stdout strings.Builder
		cmd.Stdout = &stdout
		err := cmd.Run()
		return []byte(stdout.String()), err
	}
	out, _ := run("json")
	var res struct {
		Totals *struct {
			Errors   int `json:"errors"`
			Warnings int `json:"warnings"`
		} `json:"totals"`
	}
	if err := json.Unmarshal(out, &res); err != nil || res.Totals == nil {
		t.Fatalf("redocly lint: no JSON report (%v):\n%s", err, out)
	}
	if res.Totals.Errors+res.Totals.Warnings == 0 {
		return "", true
	}
	text, _ := run("stylish")
	return string(text), false
}

// lintTool finds the pinned redocly, installing it from the lock file if
// needed; without Node it skips (scripts/test.sh installs Node; with CI
// set it fails instead).
func lintTool(t *testing.T) string {
	t.Helper()
	bin, _ := filepath.Abs(filepath.Join(lintDir, "node_modules", ".bin", "redocly"))
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("npm not found: scripts/test.sh installs Node")
		}
		t.Skip("Node (npm) is not installed: the OpenAPI lint needs it (scripts/test.sh installs it)")
	}
	cmd := exec.Command(npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = lintDir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", lintDir, err, out)
	}
	return bin
}

var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// TestOpenAPINames: every property of every schema is snake_case, so no
// Go field without a json tag (Label, Value) reaches a client.
func TestOpenAPINames(t *testing.T) {
	p := &Portal{}
	doc, _ := json.Marshal(p.openAPI())
	var d struct {
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	json.Unmarshal(doc, &d)
	var walk func(path string, s any)
	walk = func(path string, s any) {
		m, ok := s.(map[string]any)
		if !ok {
			return
		}
		if props, ok := m["properties"].(map[string]any); ok {
			for name, sub := range props {
				if !snakeCase.MatchString(name) {
					t.Errorf("%s: property %q is not snake_case (a Go field without a json tag?)", path, name)
				}
				walk(path+"."+name, sub)
			}
		}
		walk(path+"[]", m["items"])
		walk(path+"{}", m["additionalProperties"])
	}
	for name, s := range d.Components.Schemas {
		walk(name, s)
	}
}

// TestOpenAPILintCatches: the lint check fails on a document with a bare
// object answer and no 4xx (so TestOpenAPILint cannot pass vacuously).
func TestOpenAPILintCatches(t *testing.T) {
	redocly := lintTool(t)
	bad := `{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"summary":"a","operationId":"a",` +
		`"responses":{"200":{"description":"OK","content":{"application/json":{"schema":{"type":"object"}}}}}}}}}`
	doc := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(doc, []byte(bad), 0o644)
	if out, ok := redoclyLint(t, redocly, doc); ok {
		t.Fatal("a document without servers, security or 4xx answers passed the lint")
	} else if !strings.Contains(out, "operation-4xx-response") {
		t.Fatalf("lint output does not name the missing 4xx:\n%s", out)
	}
}
