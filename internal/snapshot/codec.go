// Package snapshot moves a node's state between nodes and files: the ABCI
// state-sync snapshots a node takes every N blocks (a new node joins by
// CometBFT state sync from them), and backup files (`govchain export` /
// `govchain import`). Both carry an IAVL tree version as its exported node
// stream, which the receiving side re-hashes to the app hash before
// anything becomes visible.
package snapshot

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/pingshan/govchain/internal/store"
)

// Limits on decoded nodes: a corrupt or hostile stream must not make the
// reader allocate without bound.
const (
	maxKeyBytes   = 1 << 16
	maxValueBytes = 16 << 20
)

// encodeNode appends one node: height (1 byte, two's complement), version
// (uvarint), key (uvarint length + bytes) and, for leaves, value (uvarint
// length + bytes).
func encodeNode(buf []byte, n *store.ExportNode) []byte {
	buf = append(buf, byte(n.Height))
	buf = binary.AppendUvarint(buf, uint64(n.Version))
	buf = binary.AppendUvarint(buf, uint64(len(n.Key)))
	buf = append(buf, n.Key...)
	if n.Height == 0 {
		buf = binary.AppendUvarint(buf, uint64(len(n.Value)))
		buf = append(buf, n.Value...)
	}
	return buf
}

// nodeReader decodes a stream written by encodeNode.
type nodeReader struct{ r *bufio.Reader }

func newNodeReader(r io.Reader) *nodeReader {
	if br, ok := r.(*bufio.Reader); ok {
		return &nodeReader{br}
	}
	return &nodeReader{bufio.NewReaderSize(r, 64<<10)}
}

// next returns the next node, or io.EOF at a clean end of stream.
func (d *nodeReader) next() (*store.ExportNode, error) {
	h, err := d.r.ReadByte()
	if err != nil {
		return nil, err // io.EOF at a node boundary is the clean end
	}
	n := &store.ExportNode{Height: int8(h)}
	if n.Height < 0 {
		return nil, fmt.Errorf("corrupt node stream: height %d", n.Height)
	}
	v, err := binary.ReadUvarint(d.r)
	if err != nil || v == 0 || v > 1<<62 {
		return nil, corrupt("version", err)
	}
	n.Version = int64(v)
	if n.Key, err = d.bytes(maxKeyBytes); err != nil {
		return nil, corrupt("key", err)
	}
	if n.Height == 0 {
		if n.Value, err = d.bytes(maxValueBytes); err != nil {
			return nil, corrupt("value", err)
		}
	}
	return n, nil
}

func (d *nodeReader) bytes(limit uint64) ([]byte, error) {
	l, err := binary.ReadUvarint(d.r)
	if err != nil {
		return nil, err
	}
	if l > limit {
		return nil, fmt.Errorf("length %d over the limit %d", l, limit)
	}
	b := make([]byte, l)
	if _, err := io.ReadFull(d.r, b); err != nil {
		return nil, err
	}
	return b, nil
}

func corrupt(what string, err error) error {
	if errors.Is(err, io.EOF) {
		err = io.ErrUnexpectedEOF
	}
	return fmt.Errorf("corrupt node stream (%s): %w", what, err)
}
