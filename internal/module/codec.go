package module

import (
	"bytes"
	"io"

	"github.com/fxamacker/cbor/v2"
)

func bytesReader(b []byte) io.Reader { return bytes.NewReader(b) }

var (
	stateEnc cbor.EncMode
	stateDec cbor.DecMode
)

func init() {
	var err error
	if stateEnc, err = cbor.CoreDetEncOptions().EncMode(); err != nil {
		panic(err)
	}
	if stateDec, err = (cbor.DecOptions{DupMapKey: cbor.DupMapKeyEnforcedAPF}).DecMode(); err != nil {
		panic(err)
	}
}

// MarshalState encodes a state record deterministically (CBOR, core
// deterministic encoding), so equal records are equal bytes on every node.
func MarshalState(v any) ([]byte, error) { return stateEnc.Marshal(v) }

// UnmarshalState decodes a state record.
func UnmarshalState(b []byte, v any) error { return stateDec.Unmarshal(b, v) }
