package payloadschema

import (
	"bytes"
	"encoding/json"
	"github.com/pingshan/govchain/internal/module"
	"reflect"

	"github.com/invopop/jsonschema"

	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/sealed"
)

// FileName is where an action's schema is written under docs/schemas.
func FileName(module, action string) string { return module + "." + action + ".json" }

// Generate returns the schema of one payload, indented, ending in a newline.
//
// Field names and JSON types come from the Go type; additional properties
// are refused because the decoder refuses unknown fields. No field is
// marked required: which fields an action needs, and the value rules
// (lengths, hex digests, ranges), are checked by the action's own
// validation, whose errors name the field.
func Generate(p Payload) ([]byte, error) {
	r := &jsonschema.Reflector{
		RequiredFromJSONSchemaTags: true,
		Mapper:                     mapper,
		ExpandedStruct:             true,
		BaseSchemaID:               "https://govchain.invalid/schemas/",
	}
	s := r.ReflectFromType(p.Type)
	s.ID = jsonschema.ID("https://govchain.invalid/schemas/" + FileName(p.Module, p.Action))
	s.Title = "govchain " + p.Module + "." + p.Action + " payload"
	s.Description = "The JSON object carried, as UTF-8 bytes, in envelope field 7 of a " + p.Module + "." + p.Action +
		" transaction (docs/wire-format.md). Unknown fields are refused."
	if usesTarget(s) {
		if s.Definitions == nil {
			s.Definitions = jsonschema.Definitions{}
		}
		s.Definitions["Target"] = targetSchema()
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// mapper describes the types whose JSON form is hand-written
// (MarshalJSON/UnmarshalJSON) and so invisible to reflection;
// TestCustomJSONTypesMapped fails when a payload gains another.
func mapper(t reflect.Type) *jsonschema.Schema {
	switch t {
	case reflect.TypeFor[sealed.HexBytes]():
		return &jsonschema.Schema{Type: "string", Pattern: "^([0-9a-fA-F]{2})*$", Description: "bytes as hex (written lower-case)"}
	case reflect.TypeFor[workflow.Value]():
		return valueSchema()
	case reflect.TypeFor[workflow.Target]():
		return &jsonschema.Schema{Ref: "#/$defs/Target"}
	case reflect.TypeFor[module.Hash]():
		return &jsonschema.Schema{Type: "string", Pattern: "^[0-9a-f]{64}$", Description: "a 32-byte digest (SM3 or SHA-256) as 64 lower-case hex digits, its one spelling"}
	case reflect.TypeFor[json.RawMessage]():
		// A governance proposal's body or a parameter's value: its shape
		// depends on the proposal type or parameter (docs/governance.md).
		return &jsonschema.Schema{Description: "any JSON value; its shape depends on the proposal type or parameter"}
	}
	return nil
}

func valueSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: "a case field value: a JSON integer or a JSON string",
		OneOf:       []*jsonschema.Schema{{Type: "integer"}, {Type: "string"}},
	}
}

// targetSchema is workflow.Target: a step id, or a condition with a target
// for each outcome.
func targetSchema() *jsonschema.Schema {
	cond := jsonschema.NewProperties()
	cond.Set("field", &jsonschema.Schema{Type: "string"})
	cond.Set("op", &jsonschema.Schema{Type: "string", Enum: []any{">", ">=", "<", "<=", "==", "!="}})
	cond.Set("value", valueSchema())
	branch := jsonschema.NewProperties()
	branch.Set("if", &jsonschema.Schema{Type: "object", Properties: cond, Required: []string{"field", "op", "value"},
		AdditionalProperties: jsonschema.FalseSchema})
	branch.Set("then", &jsonschema.Schema{Ref: "#/$defs/Target"})
	branch.Set("else", &jsonschema.Schema{Ref: "#/$defs/Target"})
	return &jsonschema.Schema{
		Description: "the next step: a step id, or {\"if\": condition, \"then\": target, \"else\": target}",
		OneOf: []*jsonschema.Schema{
			{Type: "string"},
			{Type: "object", Properties: branch, Required: []string{"if", "then", "else"}, AdditionalProperties: jsonschema.FalseSchema},
		},
	}
}

func usesTarget(s *jsonschema.Schema) bool {
	b, _ := json.Marshal(s)
	return bytes.Contains(b, []byte(`"#/$defs/Target"`))
}
