package module

import (
	"bytes"
	"io"

	"github.com/fxamacker/cbor/v2"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

// The state codec: core deterministic CBOR out, duplicate keys refused in.
// Built once from fixed options; the options are constants, so an error
// here is a programming error caught by every test run.
var (
	stateEnc = must(cbor.CoreDetEncOptions().EncMode())
	stateDec = must(cbor.DecOptions{DupMapKey: cbor.DupMapKeyEnforcedAPF}.DecMode())
)

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// MarshalState encodes a state record deterministically (CBOR, core
// deterministic encoding), so equal records are equal bytes on every node.
func MarshalState(v any) ([]byte, error) { return stateEnc.Marshal(v) }

// UnmarshalState decodes a state record.
func UnmarshalState(b []byte, v any) error { return stateDec.Unmarshal(b, v) }
