package module

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
)

// describeJSONError rewrites an encoding/json error in the payload's own
// terms — the JSON field path and the JSON type it must have — since
// encoding/json names Go types ("Go struct field Anchor.title of type
// string") that a client in another language cannot act on.
func describeJSONError(err error) string {
	var (
		typ    *json.UnmarshalTypeError
		syntax *json.SyntaxError
	)
	switch {
	case errors.As(err, &typ):
		if typ.Field == "" {
			return fmt.Sprintf("payload must be %s, got %s", jsonKind(typ.Type), jsonValue(typ.Value))
		}
		return fmt.Sprintf("payload field %q must be %s, got %s", typ.Field, jsonKind(typ.Type), jsonValue(typ.Value))
	case errors.As(err, &syntax):
		return fmt.Sprintf("payload is not valid JSON at byte %d: %s", syntax.Offset, strings.TrimPrefix(syntax.Error(), "json: "))
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if strings.HasPrefix(msg, "unknown field ") {
		return "payload has an " + msg + " (fields are listed in docs/schemas)"
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "payload is empty or truncated; it must be one JSON object"
	}
	return "payload: " + msg
}

// jsonKind names the JSON type a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another JSON type"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a JSON string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "an integer (no fraction, no exponent)"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a non-negative integer (no fraction, no exponent)"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return "a base64 string"
		}
		return "an array"
	case reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another JSON type"
}

// jsonValue turns encoding/json's description of the value found ("number",
// "number -1", "string", "array" …) into prose.
func jsonValue(v string) string {
	switch {
	case v == "":
		return "another JSON type"
	case strings.HasPrefix(v, "number "):
		return "the number " + strings.TrimPrefix(v, "number ")
	case v == "array" || v == "object":
		return "an " + v
	case v == "bool":
		return "a boolean"
	}
	return "a " + v
}
