package workflow_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// FuzzDefinition feeds arbitrary bytes to the definition decoder and
// validator. Neither may panic; a refusal is always ErrDefinitionInvalid
// with at least one problem; the decoder reads back its own output
// unchanged; and a definition that validates survives the state encoding
// and resolves every transition to a real step, whatever the case fields.
func FuzzDefinition(f *testing.F) {
	f.Add(landJSON(f))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := workflow.ParseDefinition(data)
		if err != nil {
			if !errors.Is(err, workflow.ErrDefinitionInvalid) {
				t.Fatalf("decode error not ErrDefinitionInvalid: %v", err)
			}
			return
		}
		verr := workflow.ValidateDefinition(d, allDepts)
		var de *workflow.DefinitionError
		if verr != nil && (!errors.As(verr, &de) || len(de.Problems) == 0) {
			t.Fatalf("validation error without problems: %v", verr)
		}
		b1, err := json.Marshal(d)
		if err != nil {
			return // e.g. a published_at beyond year 9999: not ours to write
		}
		d2, err := workflow.ParseDefinition(b1)
		if err != nil {
			t.Fatalf("cannot read own output: %v\n%s", err, b1)
		}
		if b2, _ := json.Marshal(d2); !bytes.Equal(b1, b2) {
			t.Fatalf("JSON round trip changed:\n%s\n%s", b1, b2)
		}
		if (workflow.ValidateDefinition(d2, allDepts) == nil) != (verr == nil) {
			t.Fatal("validity changed across a JSON round trip")
		}
		if verr != nil {
			return
		}
		s1, err := module.MarshalState(d)
		if err != nil {
			t.Fatal(err)
		}
		var d3 workflow.Definition
		if err := module.UnmarshalState(s1, &d3); err != nil {
			t.Fatal(err)
		}
		if s2, _ := module.MarshalState(&d3); !bytes.Equal(s1, s2) {
			t.Fatal("state encoding round trip changed")
		}
		fieldSets := []map[string]workflow.Value{nil, {}}
		for _, fs := range d.Fields {
			big := map[string]workflow.Value{}
			for _, g := range d.Fields {
				if g.Type == workflow.TypeNumber {
					big[g.Name] = workflow.NumberValue(math.MaxInt64)
				} else {
					big[g.Name] = workflow.StringValue(fs.Name)
				}
			}
			fieldSets = append(fieldSets, big)
		}
		for _, s := range d.Steps {
			for _, tg := range []*workflow.Target{s.Next.Pass, s.Next.Reject, s.Next.Return} {
				for _, fs := range fieldSets {
					if id := tg.Resolve(fs); tg != nil && d.Step(id) == nil {
						t.Fatalf("step %q: transition resolves to %q", s.ID, id)
					}
				}
			}
		}
	})
}

var writeSeeds = flag.Bool("workflow.write-seeds", false, "rewrite testdata/fuzz/FuzzDefinition")

// TestWriteFuzzSeeds regenerates the seed corpus: the land definition, each
// bad definition of the validation table, and malformed inputs.
// go test ./internal/module/workflow -run TestWriteFuzzSeeds -workflow.write-seeds
func TestWriteFuzzSeeds(t *testing.T) {
	if !*writeSeeds {
		t.Skip("run with -workflow.write-seeds")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDefinition")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	seeds := map[string][]byte{"land": landJSON(t)}
	for _, tc := range badDefinitions {
		d := mutate(t, tc.fn)
		b, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		seeds["bad-"+strings.ReplaceAll(tc.name, " ", "-")] = b
	}
	for name, s := range map[string]string{
		"empty":            ``,
		"null":             `null`,
		"trailing":         `{"id":"x"} {}`,
		"unknown-field":    `{"id":"x","colour":"red"}`,
		"target-bad-shape": `{"id":"ab","steps":[{"id":"a","kind":"task","next":{"pass":{"if":null,"then":"a","else":"a"}}}]}`,
		"target-extra-key": `{"id":"ab","steps":[{"id":"a","kind":"task","next":{"pass":{"if":{"field":"f","op":">","value":1},"then":"a","else":"a","also":"b"}}}]}`,
		"value-bool":       `{"id":"ab","steps":[{"id":"a","kind":"task","next":{"pass":{"if":{"field":"f","op":">","value":true},"then":"a","else":"a"}}}]}`,
		"value-huge":       `{"id":"ab","steps":[{"id":"a","kind":"task","next":{"pass":{"if":{"field":"f","op":">","value":1e999},"then":"a","else":"a"}}}]}`,
		"value-negzero":    `{"id":"ab","fields":[{"name":"f","type":"number","required":true}],"steps":[{"id":"a","kind":"task","next":{"pass":{"if":{"field":"f","op":"==","value":-0},"then":"a","else":"a"}}}]}`,
		"deep-condition":   `{"id":"ab","steps":[{"id":"a","kind":"task","next":{"pass":` + strings.Repeat(`{"if":{"field":"f","op":">","value":1},"then":"a","else":`, 12) + `"a"` + strings.Repeat(`}`, 12) + `}}]}`,
		"minimal-valid": `{"id":"permit","owner":"gsd","prefix":"PM","name_zh":"许可","name_en":"Permit","start":"do",
			"steps":[{"id":"do","kind":"task","name_zh":"办理","name_en":"Handle","department":"gsd","roles":["clerk"],"time_limit_days":1,
			"actions":["approve","reject"],"next":{"pass":"ok","reject":"no"}},
			{"id":"ok","kind":"end","name_zh":"准予","name_en":"Granted","outcome":"approved"},
			{"id":"no","kind":"end","name_zh":"不予","name_en":"Refused","outcome":"rejected"}]}`,
	} {
		seeds[name] = []byte(s)
	}
	for name, b := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
