package check

import (
	"encoding/binary"
	"os"
)

// sqliteWAL checks index.db-wal, SQLite's write-ahead log, frame by
// frame, before anything opens the index: SQLite itself treats the first
// frame whose cumulative checksum fails as the end of the log and drops it
// and all that follows without a word, so a damaged frame in the middle
// would silently lose index rows. Format (sqlite.org/fileformat.html#wal):
// a 32-byte header (magic, version, page size, checkpoint sequence, two
// salts, a checksum of the first 24 bytes), then frames of a 24-byte
// header (page number, database size for a commit frame, the salts, a
// checksum over the frame header's first 8 bytes and the page, cumulative
// from the previous frame) and one page. Frames whose salts differ are
// left from before the last checkpoint and are never read. A failing
// checksum in the last frame of the current salts is a write cut short by
// a crash (a note); anywhere else it is a finding.
func (c *checker) sqliteWAL(p string) {
	b, err := os.ReadFile(p)
	if err != nil {
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	if len(b) == 0 {
		return
	}
	if len(b) < 32 {
		c.findFile("file", p, 0, "%d bytes, too few for a WAL header", len(b))
		return
	}
	var order binary.ByteOrder
	switch binary.BigEndian.Uint32(b) {
	case 0x377f0682:
		order = binary.LittleEndian
	case 0x377f0683:
		order = binary.BigEndian
	default:
		c.findFile("file", p, 0, "not a SQLite WAL (magic %08x)", binary.BigEndian.Uint32(b))
		return
	}
	sum := func(s1, s2 uint32, data []byte) (uint32, uint32) {
		for i := 0; i+8 <= len(data); i += 8 {
			s1 += order.Uint32(data[i:]) + s2
			s2 += order.Uint32(data[i+4:]) + s1
		}
		return s1, s2
	}
	be := binary.BigEndian
	s1, s2 := sum(0, 0, b[:24])
	if s1 != be.Uint32(b[24:]) || s2 != be.Uint32(b[28:]) {
		c.findFile("file", p, 0, "the WAL header's checksum does not match")
		return
	}
	page := int(be.Uint32(b[8:]))
	if page == 1 {
		page = 65536
	}
	if page < 512 || page > 65536 || page&(page-1) != 0 {
		c.findFile("file", p, 0, "page size %d", page)
		return
	}
	salt1, salt2 := be.Uint32(b[16:]), be.Uint32(b[20:])
	frame := 24 + page
	bad := -1 // first frame of the current salts whose checksum fails
	frames := 0
	for off := 32; off+frame <= len(b); off += frame {
		h := b[off : off+24]
		if be.Uint32(h[8:]) != salt1 || be.Uint32(h[12:]) != salt2 {
			break // before the last checkpoint: never read
		}
		if bad >= 0 {
			c.findFile("file", p, 0, "WAL frame %d does not verify, and frames of the same log follow it", bad+1)
			return
		}
		s1, s2 = sum(s1, s2, h[:8])
		s1, s2 = sum(s1, s2, b[off+24:off+frame])
		if s1 != be.Uint32(h[16:]) || s2 != be.Uint32(h[20:]) {
			bad = frames
		}
		frames++
	}
	if bad >= 0 {
		c.note("%s: its last frame (%d) does not verify: a write cut short by a crash; SQLite ignores it", c.rel(p), bad+1)
	}
	c.count("sqlite_wal_frames", int64(frames))
}
