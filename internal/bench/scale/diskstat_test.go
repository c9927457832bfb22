package scale

import (
	"encoding/binary"
	"testing"
)

func nodeBytes(height int64, key, value []byte) []byte {
	b := binary.AppendVarint(nil, height)
	b = binary.AppendVarint(b, 1)
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	if height == 0 {
		b = binary.AppendUvarint(b, uint64(len(value)))
		b = append(b, value...)
	} else {
		b = append(b, make([]byte, 34)...) // hash and child keys, not read
	}
	return b
}

// TestDecodeNode: leaves and inner nodes are told apart by height and
// their keys read; a root reference (a bare 12-byte node key) is not a node.
func TestDecodeNode(t *testing.T) {
	ref := make([]byte, 12)
	binary.BigEndian.PutUint64(ref, 41)
	binary.BigEndian.PutUint32(ref[8:], 1)
	cases := []struct {
		name string
		b    []byte
		leaf bool
		key  string
		err  bool
	}{
		{"leaf", nodeBytes(0, []byte("tx/000000000001/000000"), []byte("v")), true, "tx/000000000001/000000", false},
		{"inner", nodeBytes(3, []byte("workflow/case/X"), nil), false, "workflow/case/X", false},
		{"root reference", ref, false, "", true},
		{"empty", nil, false, "", true},
		{"key too long", []byte{0, 2, 200, 1}, false, "", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			n, err := decodeNode(c.b)
			if (err != nil) != c.err {
				t.Fatalf("err %v, want error %v", err, c.err)
			}
			if err == nil && (n.leaf != c.leaf || string(n.key) != c.key) {
				t.Fatalf("got leaf %v key %q", n.leaf, n.key)
			}
		})
	}
}

func TestKeyPrefix(t *testing.T) {
	for in, want := range map[string]string{
		"tx/000000000001/000003": "tx/",
		"workflow/case/PS-1":     "workflow/case/",
		"identity/acct/abc":      "identity/acct/",
		"governance/x":           "governance/",
		"plain":                  "plain",
	} {
		if got := keyPrefix([]byte(in)); got != want {
			t.Errorf("keyPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzDecodeNode(f *testing.F) {
	f.Add(nodeBytes(0, []byte("k"), []byte("v")))
	f.Add(nodeBytes(2, []byte("k"), nil))
	f.Add([]byte{0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		n, err := decodeNode(b)
		if err == nil && len(n.key) > len(b) {
			t.Fatalf("key longer than the record")
		}
	})
}
