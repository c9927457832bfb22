package module

import (
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/pingshan/govchain/internal/tx"
)

// DecodeStrict decodes one JSON value into v (a pointer) under the same
// rules as DecodeJSON's payloads: the strict pre-scan (depth, duplicate
// and wrong-case keys, clean text), unknown fields and trailing data
// refused. It is for values nested in a payload that are decoded later,
// against state (a governance proposal's body, a parameter's value).
func DecodeStrict(raw []byte, v any) error {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Pointer {
		return fmt.Errorf("%w: DecodeStrict needs a pointer", tx.ErrInvalidPayload)
	}
	if err := strictScan(raw, t.Elem()); err != nil {
		return err
	}
	dec := json.NewDecoder(bytesReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", tx.ErrInvalidPayload, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: trailing data after the value", tx.ErrInvalidPayload)
	}
	return nil
}
