package codeshape

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// tunables are the exported variables allowed to stay: key-derivation costs
// that tests lower to keep the suite fast. Each is read once when a keyring
// or portal opens; nothing in the state machine reads them.
var tunables = map[string]bool{
	"internal/keyring.DefaultKDF": true,
	"internal/web.PasswordKDF":    true,
}

// TestNoInitNoExportedGlobals: modules are wired in one explicit list, so
// no non-test file may have an init function, and no exported package-level
// variable other than a sentinel error (Err…) may exist for another
// package to change.
func TestNoInitNoExportedGlobals(t *testing.T) {
	var found []string
	fset := token.NewFileSet()
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); n == "node_modules" || n == "testdata" || strings.HasPrefix(n, ".") && path != "../.." {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../..", filepath.Dir(path))
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "init" {
					found = append(found, fset.Position(d.Pos()).String()+": func init()")
				}
			case *ast.GenDecl:
				if d.Tok != token.VAR {
					continue
				}
				for _, spec := range d.Specs {
					for _, name := range spec.(*ast.ValueSpec).Names {
						if !name.IsExported() || strings.HasPrefix(name.Name, "Err") || tunables[rel+"."+name.Name] {
							continue
						}
						found = append(found, fset.Position(name.Pos()).String()+": exported variable "+name.Name)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(found)
	for _, f := range found {
		t.Error(f)
	}
}
