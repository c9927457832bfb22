package payloadschema

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/testnet"
	"github.com/pingshan/govchain/internal/tx"
)

// compileSchemas compiles every docs/schemas file with an independent
// JSON Schema 2020-12 validator, formats asserted.
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	out := map[string]*jsonschema.Schema{}
	for _, p := range Payloads() {
		name := FileName(p.Module, p.Action)
		f, err := os.Open(filepath.Join(schemaDir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(name, doc); err != nil {
			t.Fatal(err)
		}
		if out[p.Module+"."+p.Action], err = c.Compile(name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	return out
}

func validate(s *jsonschema.Schema, payload []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(payload))
	if err != nil {
		return err
	}
	return s.Validate(v)
}

// TestSchemasAcceptRealPayloads: every payload of the demo chain's seed
// (land cases, workflow steps, finance, feedback …) and the wire-format
// vector validates against its action's schema, and a payload with an
// unknown field or a wrong type does not.
func TestSchemasAcceptRealPayloads(t *testing.T) {
	schemas := compileSchemas(t)
	home := node.Home(filepath.Join(t.TempDir(), "dev"))
	wf, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	port, err := testnet.FreeBasePort(1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: string(home), Single: true, Demo: true,
		HTTPAddr: "127.0.0.1:0", BasePort: port, GenesisTime: time.Now().Add(-demo.History),
		Modules: map[string]json.RawMessage{"workflow": wf}}); err != nil {
		t.Fatal(err)
	}
	plan, err := demo.Build(home)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, raw := range append(append([][]byte{}, plan.Block1...), plan.Later...) {
		env, err := tx.Decode(raw)
		if err != nil {
			t.Fatal(err)
		}
		name := env.Module + "." + env.Action
		s, ok := schemas[name]
		if !ok {
			t.Fatalf("no schema for %s", name)
		}
		if err := validate(s, env.Payload); err != nil {
			t.Errorf("%s payload %s\nfails its schema: %v", name, env.Payload, err)
		}
		seen[name]++
	}
	var names []string
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) < 8 {
		t.Fatalf("the demo seed covers only %v", names)
	}
	t.Logf("validated payloads of %d actions: %v", len(names), names)

	// The land process, as an administrator would publish it: steps,
	// conditional targets, field specs.
	d, err := land.Process()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := json.Marshal(workflow.PublishRequest{Definition: *d})
	if !bytes.Contains(def, []byte(`"if"`)) {
		t.Fatal("the land process has no conditional target to check")
	}
	if err := validate(schemas["workflow.publish_definition"], def); err != nil {
		t.Errorf("the land process fails the publish_definition schema: %v", err)
	}

	vec, err := os.ReadFile(filepath.Join("..", "tx", "testdata", "vectors", "gm.json"))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		PayloadJSON string `json:"payload_json"`
	}
	json.Unmarshal(vec, &v)
	anchor := schemas["notary.anchor"]
	for _, c := range []struct {
		payload string
		ok      bool
	}{
		{v.PayloadJSON, true},
		{`{"doc_hash":"00","title":"t","color":"red"}`, false},
		{`{"doc_hash":"00","title":7}`, false},
		{`[]`, false},
	} {
		if err := validate(anchor, []byte(c.payload)); (err == nil) != c.ok {
			t.Errorf("%s: %v", c.payload, err)
		}
	}
}
