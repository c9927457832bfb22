package check

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strings"

	cmtcons "github.com/cometbft/cometbft/api/cometbft/consensus/v1"
	"github.com/cosmos/gogoproto/proto"
)

// walMaxRecord is CometBFT's limit on one WAL record (consensus
// maxMsgSize 1 MiB plus 24 bytes of framing; internal/consensus/wal.go).
const walMaxRecord = 1<<20 + 24

var crc32c = crc32.MakeTable(crc32.Castagnoli)

// scanWALDir decodes every record of the consensus WAL (HOME/data/cs.wal:
// the head file "wal" and its rotated pieces "wal.000", "wal.001", …, one
// stream in that order). CometBFT frames each record as a CRC-32C, a
// length and a protobuf TimedWALMessage (its WALEncoder, which lives in an
// internal package and is re-implemented here); a record that does not
// verify names its file. The heights the WAL marks as finished are kept
// to compare with the block store.
func (c *checker) scanWALDir(dir string) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		c.findFile("file", dir, 0, "cannot list: %v", err)
		return
	}
	var parts []string
	head := ""
	for _, e := range ents {
		switch n := e.Name(); {
		case n == "wal":
			head = filepath.Join(dir, n)
		case strings.HasPrefix(n, "wal."):
			parts = append(parts, filepath.Join(dir, n))
		default:
			c.note("not checked: %s (not a WAL file)", c.rel(filepath.Join(dir, n)))
		}
	}
	sort.Strings(parts)
	if head != "" {
		parts = append(parts, head)
	}
	var stream []byte
	var starts []int // where each part starts in the stream
	for _, p := range parts {
		c.file(p, "consensus WAL (record checksums)")
		b, err := os.ReadFile(p)
		if err != nil {
			c.findFile("file", p, 0, "cannot read: %v", err)
			return
		}
		starts = append(starts, len(stream))
		stream = append(stream, b...)
	}
	fileAt := func(off int) string {
		i := sort.Search(len(starts), func(i int) bool { return starts[i] > off }) - 1
		return parts[max(i, 0)]
	}
	var records int64
	for off := 0; off < len(stream); {
		rest := stream[off:]
		if len(rest) < 8 {
			c.note("%s ends with %d bytes of an unfinished record (a crash while writing; CometBFT cuts them at start)", c.rel(fileAt(off)), len(rest))
			break
		}
		sum, n := binary.BigEndian.Uint32(rest), binary.BigEndian.Uint32(rest[4:])
		fits := n <= walMaxRecord && int(n) <= len(rest)-8
		if !fits || crc32.Checksum(rest[8:8+n], crc32c) != sum {
			next, torn := walResync(stream, off, sum, int(n))
			switch {
			case next > 0 && torn:
				c.note("%s: WAL record %d at byte %d was cut short by a failed write (a full disk or a crash) and later records follow it; CometBFT skips it",
					c.rel(fileAt(off)), records+1, off-starts[0])
				off = next
				continue
			case next == 0 && n <= walMaxRecord && int(n) > len(rest)-8:
				c.note("%s ends with %d bytes of an unfinished record (a crash while writing; CometBFT cuts them at start)", c.rel(fileAt(off)), len(rest))
			case n > walMaxRecord:
				c.findFile("file", fileAt(off), 0, "WAL record %d at byte %d: length %d over CometBFT's limit %d", records+1, off-starts[0], n, walMaxRecord)
			default:
				c.findFile("file", fileAt(off), 0, "WAL record %d at byte %d: checksum does not match", records+1, off-starts[0])
			}
			break
		}
		data := rest[8 : 8+n]
		var m cmtcons.TimedWALMessage
		if err := proto.Unmarshal(data, &m); err != nil || m.Msg == nil || m.Msg.Sum == nil {
			c.findFile("file", fileAt(off), 0, "WAL record %d at byte %d: not a WAL message: %v", records+1, off-starts[0], errors.Join(err))
			return
		}
		if eh, ok := m.Msg.Sum.(*cmtcons.WALMessage_EndHeight); ok {
			c.walEnd = append(c.walEnd, eh.EndHeight.Height)
		}
		records++
		off += 8 + int(n)
	}
	c.count("wal_records", records)
}

// walResync tells a record cut short by a failed write, after which the
// node went on writing, from a damaged one. It finds the next offset past
// off where a whole valid record starts. A record cut short declares more
// bytes than were written before that offset, and those bytes do not hash
// to its checksum. A record damaged in place has its next record right
// after its declared length (a changed byte in its data or checksum), or
// its bytes up to the next record hash to its checksum (a changed length).
func walResync(stream []byte, off int, sum uint32, n int) (next int, torn bool) {
	for x := off + 1; x+8 <= len(stream); x++ {
		l := int(binary.BigEndian.Uint32(stream[x+4:]))
		if l > walMaxRecord || x+8+l > len(stream) {
			continue
		}
		data := stream[x+8 : x+8+l]
		if crc32.Checksum(data, crc32c) != binary.BigEndian.Uint32(stream[x:]) {
			continue
		}
		var m cmtcons.TimedWALMessage
		if proto.Unmarshal(data, &m) != nil || m.Msg == nil || m.Msg.Sum == nil {
			continue
		}
		cut := x < off+8+n && crc32.Checksum(stream[min(off+8, x):x], crc32c) != sum
		return x, cut
	}
	return 0, false
}
