package web

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// An area package (internal/web/<module>web) sees the core only through
// package site: it must not import the core (a cycle the compiler would
// catch) nor another area (which the compiler would allow, and which would
// tie two areas' pages together again).
func TestAreasImportOnlySite(t *testing.T) {
	const base = "github.com/pingshan/govchain/internal/web"
	dirs, err := filepath.Glob("*web")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no area packages found: %v", err)
	}
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			af, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, im := range af.Imports {
				path, _ := strconv.Unquote(im.Path.Value)
				if path == base || (strings.HasPrefix(path, base+"/") && path != base+"/site") {
					t.Errorf("%s imports %s: areas use only %s/site", f, path, base)
				}
			}
		}
	}
}
