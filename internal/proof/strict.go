package proof

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"

	cmtjson "github.com/cometbft/cometbft/libs/json"
)

// checkSyntax accepts exactly one JSON value with no repeated object keys.
// encoding/json silently keeps the last of two equal keys, so a file could
// show a reader one value while the verifier checks another.
func checkSyntax(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	type frame struct {
		seen      map[string]bool
		expectKey bool
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			if len(stack) != 0 {
				return io.ErrUnexpectedEOF
			}
			break
		}
		if err != nil {
			return err
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				if top != nil && top.seen != nil {
					top.expectKey = true
				}
				stack = append(stack, &frame{seen: map[string]bool{}, expectKey: true})
			case '[':
				if top != nil && top.seen != nil {
					top.expectKey = true
				}
				stack = append(stack, &frame{})
			default:
				stack = stack[:len(stack)-1]
			}
		default:
			if top != nil && top.seen != nil {
				if top.expectKey {
					k, _ := tok.(string)
					if top.seen[k] {
						return fmt.Errorf("duplicate field %q", k)
					}
					top.seen[k] = true
				}
				top.expectKey = !top.expectKey
			}
		}
		if len(stack) == 0 && dec.More() {
			return errors.New("data after the JSON value")
		}
	}
	return nil
}

// decodeStrict decodes a CometBFT JSON value with cmtjson, which ignores
// unknown fields and defaults missing ones. To be strict anyway, the
// decoded value is encoded again and both documents must have the same
// fields everywhere; values need not be byte-identical (hex case, spacing),
// since the decoder already accepted them.
func decodeStrict(name string, raw json.RawMessage, v any) error {
	if err := cmtjson.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	again, err := cmtjson.Marshal(v)
	if err != nil {
		return fmt.Errorf("%s: re-encode: %v", name, err)
	}
	var orig, canon any
	if err := json.Unmarshal(raw, &orig); err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	if err := json.Unmarshal(again, &canon); err != nil {
		return fmt.Errorf("%s: re-decode: %v", name, err)
	}
	return sameFields(name, orig, canon)
}

func sameFields(path string, orig, canon any) error {
	switch o := orig.(type) {
	case map[string]any:
		c, ok := canon.(map[string]any)
		if !ok {
			return nil
		}
		for _, k := range sortedKeys(o) {
			if _, ok := c[k]; !ok {
				return fmt.Errorf("%s: unknown field %q", path, k)
			}
		}
		for _, k := range sortedKeys(c) {
			if _, ok := o[k]; !ok {
				return fmt.Errorf("%s: missing field %q", path, k)
			}
			if err := sameFields(path+"."+k, o[k], c[k]); err != nil {
				return err
			}
		}
	case []any:
		c, ok := canon.([]any)
		if !ok {
			return nil
		}
		if len(o) != len(c) {
			return fmt.Errorf("%s: %d elements decoded as %d", path, len(o), len(c))
		}
		for i := range o {
			if err := sameFields(fmt.Sprintf("%s[%d]", path, i), o[i], c[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
