package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// The top-level layout is public (docs/proofs.md); changing it needs a new
// Format.
func TestLayout(t *testing.T) {
	data, err := json.Marshal(newFixture(t).bundle())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"chain_id", "format", "key", "key_hex", "proof", "signed_header", "state_version", "validator_set", "value"}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("fields %v, want %v", keys, want)
	}
	if string(m["key"]) != `"`+string(fixtureKey)+`"` || string(m["state_version"]) != "1" {
		t.Errorf("key %s state_version %s", m["key"], m["state_version"])
	}
}

func TestParseRejects(t *testing.T) {
	valid, err := json.Marshal(newFixture(t).bundle())
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) []byte {
		if !bytes.Contains(valid, []byte(old)) {
			t.Fatalf("fixture has no %s", old)
		}
		return bytes.Replace(valid, []byte(old), []byte(new), 1)
	}
	tests := []struct {
		name, why string
		data      []byte
	}{
		{"empty", "EOF", nil},
		{"null", "format", []byte("null")},
		{"array", "cannot unmarshal array", []byte("[]")},
		{"trailing data", "after the JSON value", append(bytes.Clone(valid), []byte(` {}`)...)},
		{"truncated", "unexpected EOF", valid[:len(valid)-1]},
		{"unknown field", `unknown field "verified"`, edit(`{"format"`, `{"verified":true,"format"`)},
		{"unknown nested field", `signed_header.header: unknown field "note"`, edit(`"header":{`, `"header":{"note":"x",`)},
		{"missing nested field", `missing field "app_hash"`, removeField(t, valid, "app_hash")},
		{"duplicate field", `duplicate field "value"`, edit(`"value":`, `"value":"AA==","value":`)},
		{"duplicate nested field", `duplicate field "height"`, edit(`"height":`, `"height":"9","height":`)},
		{"other format", "understands only", edit(`"govchain-proof/1"`, `"govchain-proof/2"`)},
		{"key disagrees", "disagrees with key_hex", edit(`"key":"notary`, `"key":"notarx`)},
		{"bad key_hex", "key_hex", edit(`"key_hex":"`, `"key_hex":"zz`)},
		{"no header", "signed_header is missing", setField(t, valid, "null", "signed_header")},
		{"no commit", "both header and commit", setField(t, valid, "null", "signed_header", "commit")},
		{"no validators", "validator_set has no validators", setField(t, valid, "[]", "validator_set", "validators")},
		{"state version zero", "state_version", edit(`"state_version":1`, `"state_version":0`)},
		{"state version string", "state_version", edit(`"state_version":1`, `"state_version":"1"`)},
		{"value not base64", "value", edit(`"value":"`, `"value":"!`)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := Parse(tc.data)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("got %v (bundle %v), want ErrMalformed", err, b != nil)
			}
			if !strings.Contains(err.Error(), tc.why) {
				t.Errorf("error %q does not say %q", err, tc.why)
			}
		})
	}
}

// setField replaces the value at path (object keys from the top) with raw.
func setField(t *testing.T, data []byte, raw string, path ...string) []byte {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	if len(path) == 1 {
		m[path[0]] = json.RawMessage(raw)
	} else {
		m[path[0]] = setField(t, m[path[0]], raw, path[1:]...)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// removeField deletes `"name":"…",` (a string-valued field) once.
func removeField(t *testing.T, data []byte, name string) []byte {
	i := bytes.Index(data, []byte(`"`+name+`":"`))
	if i < 0 {
		t.Fatalf("no field %s", name)
	}
	j := bytes.IndexByte(data[i+len(name)+4:], '"')
	return append(bytes.Clone(data[:i]), data[i+len(name)+4+j+2:]...)
}
