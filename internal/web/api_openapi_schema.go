package web

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/module/workflow"
)

var (
	timeType          = reflect.TypeOf(time.Time{})
	workflowValueType = reflect.TypeOf(workflow.Value{})
	rawMessageType    = reflect.TypeOf(json.RawMessage{})
	jsonMarshalerType = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshalerType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

// schemaOf is a small JSON Schema generator for the API's types. Types
// that marshal themselves as text (hashes, hex bytes) are strings; a
// json.RawMessage is any JSON value.
func schemaOf(t reflect.Type, depth int) map[string]any {
	if depth > 8 {
		return map[string]any{"description": "nested deeper than this document spells out"}
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch {
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		return map[string]any{"description": "any JSON value"}
	case t == workflowValueType:
		return map[string]any{"description": "an integer or a string", "oneOf": []any{map[string]any{"type": "integer"}, map[string]any{"type": "string"}}}
	case t.Implements(textMarshalerType) || reflect.PointerTo(t).Implements(textMarshalerType):
		return map[string]any{"type": "string"}
	case t.Implements(jsonMarshalerType) || reflect.PointerTo(t).Implements(jsonMarshalerType):
		if t.Kind() == reflect.Struct {
			// Its own encoding: the fields say nothing about the shape.
			return map[string]any{"description": "any JSON value (" + t.String() + ")"}
		}
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": "string", "format": "byte"}
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), depth+1)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), depth+1)}
	case reflect.Struct:
		props := map[string]any{}
		addFields(t, props, depth)
		return map[string]any{"type": "object", "properties": props}
	case reflect.Interface:
		return map[string]any{"description": "any JSON value"}
	}
	return map[string]any{}
}

// addFields lists t's JSON fields. A field without a json tag would be
// spelled the Go way (Label, Value); TestOpenAPINames refuses those.
func addFields(t reflect.Type, props map[string]any, depth int) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name == "-" {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			for et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				addFields(et, props, depth)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, depth+1)
	}
}
