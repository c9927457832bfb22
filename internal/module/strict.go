package module

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/hygiene"
	"github.com/pingshan/govchain/internal/tx"
)

// FieldError is a payload refusal that says where in the payload it is:
// Path is "payee.name", "attachments[1].kind", or empty for the payload as
// a whole. Code is the registered code a client sees (tx/9 for the shape of
// the JSON, tx/13 for a refused character); Reason, when set, is the
// underlying cause (a hygiene error).
type FieldError struct {
	Code   *errcode.Error
	Path   string
	Detail string
	Reason error
}

func (e *FieldError) Error() string {
	where := e.Path
	if where == "" {
		where = "payload"
	}
	return fmt.Sprintf("%s: %s: %s", e.Code.Desc, where, e.Detail)
}

// Unwrap gives errors.Is both the registered code and the reason.
func (e *FieldError) Unwrap() []error {
	if e.Reason == nil {
		return []error{e.Code}
	}
	return []error{e.Code, e.Reason}
}

// JSONObjectShape is implemented by a payload type with its own
// UnmarshalJSON that reads a JSON object into a plain struct (workflow's
// Target): the strict scan checks the object's keys against that struct
// instead of treating the value as opaque.
type JSONObjectShape interface {
	JSONObjectShape() any
}

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	shapeType       = reflect.TypeFor[JSONObjectShape]()
)

// scanFrame is one open object or array during the strict scan. Frames
// keep only their current key or index: a field's path is built from the
// stack when an error names it, never per value, so long keys above many
// values cannot make the scan quadratic.
type scanFrame struct {
	object    bool
	expectKey bool
	key       string              // the key whose value comes next (objects)
	index     int                 // the index of the next element (arrays)
	keys      map[string]struct{} // keys seen so far (objects)
	typ       reflect.Type        // Go type this container decodes into; nil: opaque
}

// strictScan is the payload pre-scan: one pass over the JSON tokens, before
// anything is decoded into T, that refuses
//   - nesting deeper than maxJSONDepth (custom decoders re-read their
//     subtree per level, so depth would otherwise cost quadratic time);
//   - a key given twice in one object, at any depth (encoding/json keeps
//     the last, so a signer's tool could show the first and the chain
//     execute the second);
//   - a key that is not exactly a field's JSON name (encoding/json matches
//     names case-insensitively, even through Unicode folding: "DOC_HASH" or
//     "ſtatus" would fill doc_hash or status);
//   - any key or string value that is invalid UTF-8 (encoding/json would
//     silently replace it) or holds a bidi or control character
//     (hygiene.CheckText).
//
// Each token is looked at once and each struct's field names are computed
// once per scan, so the cost is linear in the payload.
func strictScan(payload []byte, root reflect.Type) error {
	dec := json.NewDecoder(bytes.NewReader(payload))
	dec.UseNumber()
	fields := fieldCache{}
	var stack []scanFrame
	done := false
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var syn *json.SyntaxError
			if errors.As(err, &syn) {
				return &FieldError{Code: tx.ErrInvalidPayload, Path: pathOf(stack, false), Detail: fmt.Sprintf("payload is not valid JSON at byte %d: %v", syn.Offset, err)}
			}
			return &FieldError{Code: tx.ErrInvalidPayload, Path: pathOf(stack, false), Detail: err.Error()}
		}
		if done {
			return &FieldError{Code: tx.ErrInvalidPayload, Detail: "trailing data after the JSON object"}
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].expectKey {
			top := &stack[n-1]
			if d, ok := tok.(json.Delim); ok && d == '}' {
				stack = stack[:n-1]
				done = valueDone(stack)
				continue
			}
			key, _ := tok.(string)
			if err := checkKey(stack, key, payload[start:dec.InputOffset()], fields); err != nil {
				return err
			}
			top.expectKey = false
			continue
		}
		typ := childType(stack, root, fields)
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				if len(stack) >= maxJSONDepth {
					return &FieldError{Code: tx.ErrInvalidPayload, Path: pathOf(stack, true), Detail: fmt.Sprintf("nested more than %d levels deep", maxJSONDepth)}
				}
				stack = append(stack, scanFrame{object: v == '{', expectKey: v == '{', typ: containerType(typ, v == '{')})
				if v == '{' {
					stack[len(stack)-1].keys = map[string]struct{}{}
				}
				continue
			default: // ']': '}' is handled where a key is expected
				stack = stack[:len(stack)-1]
			}
		case string:
			if err := checkString(v, payload[start:dec.InputOffset()]); err != nil {
				return &FieldError{Code: tx.ErrTextControl, Path: pathOf(stack, true), Detail: err.Error(), Reason: err}
			}
		case json.Number:
			// No payload takes a float: amounts are fen, areas m², and a
			// number has one spelling (10000, never 1e4 or 10000.0).
			if strings.ContainsAny(string(v), ".eE") {
				return &FieldError{Code: tx.ErrInvalidPayload, Path: pathOf(stack, true),
					Detail: fmt.Sprintf("%s must be an integer: payload numbers have no fraction or exponent (put the unit in the field name, e.g. area_m2, amount_fen)", truncateNumber(string(v)))}
			}
		}
		done = valueDone(stack)
	}
	return nil
}

// valueDone moves the enclosing container past the value just read and
// reports whether that value was the whole payload.
func valueDone(stack []scanFrame) bool {
	if len(stack) == 0 {
		return true
	}
	top := &stack[len(stack)-1]
	if top.object {
		top.expectKey = true
	} else {
		top.index++
	}
	return false
}

// checkKey refuses a key that is not clean text, repeats one already seen
// in its object, or does not name a field of the struct exactly.
// On success the key becomes the frame's current key.
func checkKey(stack []scanFrame, key string, raw []byte, fields fieldCache) error {
	top := &stack[len(stack)-1]
	if err := checkString(key, raw); err != nil {
		return &FieldError{Code: tx.ErrTextControl, Path: pathOf(stack[:len(stack)-1], true), Detail: fmt.Sprintf("key %s %v", strconv.QuoteToASCII(key), err), Reason: err}
	}
	top.key = key
	if _, dup := top.keys[key]; dup {
		return &FieldError{Code: tx.ErrInvalidPayload, Path: pathOf(stack, true), Detail: "duplicate key"}
	}
	top.keys[key] = struct{}{}
	if top.typ == nil || top.typ.Kind() != reflect.Struct {
		return nil
	}
	names := fields.of(top.typ)
	if _, ok := names[key]; ok {
		return nil
	}
	for _, name := range slices.Sorted(maps.Keys(names)) {
		if strings.EqualFold(name, key) {
			return &FieldError{Code: tx.ErrInvalidPayload, Path: pathOf(stack, true), Detail: fmt.Sprintf("field names are case-sensitive: want %q", name)}
		}
	}
	return &FieldError{Code: tx.ErrInvalidPayload, Path: pathOf(stack, true), Detail: "unknown field"}
}

// checkString checks a decoded string and the raw bytes it came from:
// encoding/json turns invalid UTF-8 and unpaired surrogate escapes
// ("\ud800") into U+FFFD without a word, so two different payloads would
// decode to the same text. A U+FFFD the decoder made is one the raw bytes
// do not spell, literally or as \ufffd.
func checkString(s string, raw []byte) error {
	if !utf8.Valid(raw) {
		return &hygiene.RuneError{Reason: hygiene.ErrInvalidUTF8, Rune: utf8.RuneError, Offset: -1}
	}
	if n := strings.Count(s, "\ufffd"); n > 0 {
		spelled := bytes.Count(raw, []byte("\ufffd")) + bytes.Count(bytes.ToLower(raw), []byte(`\ufffd`))
		if n > spelled {
			return &hygiene.RuneError{Reason: hygiene.ErrInvalidUTF8, Rune: utf8.RuneError, Offset: -1}
		}
	}
	return hygiene.CheckText(s)
}

// childType is the Go type the value about to be read decodes into.
func childType(stack []scanFrame, root reflect.Type, fields fieldCache) reflect.Type {
	if len(stack) == 0 {
		return root
	}
	top := &stack[len(stack)-1]
	switch {
	case top.typ == nil:
		return nil
	case !top.object:
		return top.typ.Elem()
	case top.typ.Kind() == reflect.Struct:
		return fields.of(top.typ)[top.key]
	case top.typ.Kind() == reflect.Map:
		return top.typ.Elem()
	}
	return nil
}

// pathOf names a position from the stack: "payee.name", "items[1].kind".
// With current, the innermost frame's current key or index is included
// (the value being read); without, the path ends at the innermost
// container.
func pathOf(stack []scanFrame, current bool) string {
	var sb strings.Builder
	n := len(stack)
	if !current && n > 0 {
		n--
	}
	for i := 0; i < n; i++ {
		f := &stack[i]
		if f.object {
			if sb.Len() > 0 {
				sb.WriteByte('.')
			}
			sb.WriteString(f.key)
		} else {
			sb.WriteString("[" + strconv.Itoa(f.index) + "]")
		}
	}
	return sb.String()
}

// containerType is the struct, map, slice or array type a JSON object or
// array (object false) decodes into, seen through pointers; nil when the scan cannot know
// (interface values, json.RawMessage, types with their own UnmarshalJSON
// and no JSONObjectShape). Keys under nil are still checked for
// duplicates and clean text, just not against field names.
func containerType(t reflect.Type, object bool) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == nil {
		return nil
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) || t.Implements(unmarshalerType) {
		if !reflect.PointerTo(t).Implements(shapeType) && !t.Implements(shapeType) {
			return nil
		}
		shape := reflect.New(t).Interface().(JSONObjectShape).JSONObjectShape()
		return containerType(reflect.TypeOf(shape), object)
	}
	switch k := t.Kind(); {
	case object && (k == reflect.Struct || k == reflect.Map):
		return t
	case !object && (k == reflect.Slice || k == reflect.Array):
		return t
	}
	return nil // a type mismatch the decoder itself reports
}

// fieldCache holds, for one scan, each struct type's JSON field names and
// the types they decode into. It lives only as long as the scan: no
// package-level state, so nothing depends on what was decoded before.
type fieldCache map[reflect.Type]map[string]reflect.Type

func (c fieldCache) of(t reflect.Type) map[string]reflect.Type {
	if m, ok := c[t]; ok {
		return m
	}
	m := map[string]reflect.Type{}
	collectFields(t, m, 0)
	c[t] = m
	return m
}

// collectFields lists the names encoding/json decodes into, following its
// rules: a tag name or else the Go name; "-" skips; unexported fields are
// skipped unless embedded structs, whose fields are promoted. A shallower
// field wins over a promoted one of the same name.
func collectFields(t reflect.Type, m map[string]reflect.Type, depth int) {
	if depth > 8 {
		return
	}
	type promoted struct{ t reflect.Type }
	var embedded []promoted
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		ft := f.Type
		if f.Anonymous && name == "" {
			et := ft
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				embedded = append(embedded, promoted{et})
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if _, taken := m[name]; !taken {
			m[name] = ft
		}
	}
	for _, e := range embedded {
		sub := map[string]reflect.Type{}
		collectFields(e.t, sub, depth+1)
		for name, ft := range sub {
			if _, taken := m[name]; !taken {
				m[name] = ft
			}
		}
	}
}

// truncateNumber keeps an error message short whatever the payload holds.
func truncateNumber(s string) string {
	if len(s) > 24 {
		return s[:24] + "…"
	}
	return s
}
