package workflow_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestStateEncodingRoundTrip: a case read from state, encoded again, gives
// the same bytes and the same record, and binary fields are CBOR byte
// strings, not arrays of numbers.
func TestStateEncodingRoundTrip(t *testing.T) {
	b, err := module.MarshalState(workflow.HexBytes{1, 2})
	if err != nil || !bytes.Equal(b, []byte{0x42, 1, 2}) {
		t.Fatalf("HexBytes encodes as %x", b)
	}
	c := newChain(t, "intl")
	n, _ := toNotice(t, c, 12000)
	c.MustDo("gsd-gateway", "workflow", "file_objection", workflow.FileObjectionRequest{Case: n, Text: "x"})
	raw, err := c.State().Get(workflow.CaseKey(n))
	if err != nil {
		t.Fatal(err)
	}
	k := getCase(t, c, n)
	again, err := module.MarshalState(k)
	if err != nil || !bytes.Equal(raw, again) {
		t.Fatalf("re-encoding differs: %v", err)
	}
	k2 := getCase(t, c, n)
	if !reflect.DeepEqual(k, k2) {
		t.Fatal("decode is not stable")
	}
}
