package payloadschema

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/app"
)

var update = flag.Bool("update", false, "rewrite docs/schemas")

var schemaDir = filepath.Join("..", "..", "docs", "schemas")

// TestSchemasUpToDate fails when docs/schemas differs from what the Go
// payload types generate, or holds a schema of an action that is gone.
// Regenerate with: go test ./internal/payloadschema -update
func TestSchemasUpToDate(t *testing.T) {
	want := map[string][]byte{}
	for _, p := range Payloads() {
		b, err := Generate(p)
		if err != nil {
			t.Fatal(err)
		}
		want[FileName(p.Module, p.Action)] = b
	}
	if *update {
		os.MkdirAll(schemaDir, 0o755)
		old, _ := filepath.Glob(filepath.Join(schemaDir, "*.json"))
		for _, f := range old {
			os.Remove(f)
		}
		for name, b := range want {
			if err := os.WriteFile(filepath.Join(schemaDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	have, _ := filepath.Glob(filepath.Join(schemaDir, "*.json"))
	for _, f := range have {
		if _, ok := want[filepath.Base(f)]; !ok {
			t.Errorf("%s is the schema of no action (run with -update)", f)
		}
	}
	for name, b := range want {
		got, err := os.ReadFile(filepath.Join(schemaDir, name))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("docs/schemas/%s is stale (go test ./internal/payloadschema -update)", name)
		}
	}
}

// TestEveryActionHasASchema: the list matches the app's action table both
// ways, and each listed type is the one the action decodes into — its
// zero value, marshalled, has no field the decoder calls unknown.
func TestEveryActionHasASchema(t *testing.T) {
	listed := map[string]Payload{}
	for _, p := range Payloads() {
		listed[p.Module+"."+p.Action] = p
	}
	var missing []string
	for _, m := range app.Modules() {
		for _, a := range m.Actions() {
			name := m.Name() + "." + a.Name
			p, ok := listed[name]
			if !ok {
				missing = append(missing, name)
				continue
			}
			delete(listed, name)
			zero, err := json.Marshal(reflectNew(p))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Decode(zero); err != nil && strings.Contains(err.Error(), "unknown field") {
				t.Errorf("%s: listed type %s is not what the action decodes: %v", name, p.Type, err)
			}
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("actions without a payload type in payloadschema.Payloads: %v", missing)
	}
	for name := range listed {
		t.Errorf("payloadschema.Payloads lists %s, which no module routes", name)
	}
}

// TestCustomJSONTypesMapped: every type in a payload that decodes itself
// (json.Unmarshaler) has a hand-written schema in mapper, since reflection
// would describe its Go layout instead of its JSON form.
func TestCustomJSONTypesMapped(t *testing.T) {
	unmarshaler := reflect.TypeFor[json.Unmarshaler]()
	seen := map[reflect.Type]bool{}
	var walk func(reflect.Type)
	walk = func(ty reflect.Type) {
		if seen[ty] {
			return
		}
		seen[ty] = true
		// time.Time the reflector knows (a date-time string).
		if ty == reflect.TypeFor[time.Time]() {
			return
		}
		if ty.Kind() != reflect.Pointer && reflect.PointerTo(ty).Implements(unmarshaler) && mapper(ty) == nil {
			t.Errorf("%s has its own JSON form and no schema in mapper", ty)
			return
		}
		switch ty.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(ty.Elem())
		case reflect.Map:
			walk(ty.Key())
			walk(ty.Elem())
		case reflect.Struct:
			for i := 0; i < ty.NumField(); i++ {
				if ty.Field(i).IsExported() {
					walk(ty.Field(i).Type)
				}
			}
		}
	}
	for _, p := range Payloads() {
		walk(p.Type)
	}
}
