package check

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// LevelDB's log format, shared by goleveldb's journal and manifest and by
// Pebble's WAL and manifest: 32 KiB blocks of chunks, each a header
// (masked CRC-32C, 2-byte length, type; Pebble's "recyclable" types 5-8
// add the 4-byte log number) and a payload. A block's last bytes too few
// for a header (7 bytes; 11 in Pebble's logs) are zero padding.
const (
	logBlockSize     = 32 << 10
	legacyHeader     = 7
	recyclableHeader = 11
)

func maskedCRC(b []byte) uint32 {
	c := crc32.Checksum(b, crc32c)
	return (c>>15 | c<<17) + 0xa282ead8
}

// walkLog checks every byte of a log written by either engine: each
// chunk's checksum, the zero padding at block ends, and what follows the
// last chunk. Pebble ends a log it closed with an "EOF trailer" (a
// recyclable chunk of length 0 naming log num+1) and may reuse an old
// log's file, whose stale chunks after that name an older log: those are
// garbage nothing reads and are not checked. A zeroed header ends the log
// (Pebble preallocates); everything after it must be zero.
func walkLog(b []byte, num uint64) error {
	off := 0
	for off < len(b) {
		left := logBlockSize - off%logBlockSize
		if left < legacyHeader {
			for i := off; i < off+left && i < len(b); i++ {
				if b[i] != 0 {
					return fmt.Errorf("byte %d: block padding is not zero", i)
				}
			}
			off += left
			continue
		}
		if len(b)-off < legacyHeader {
			return fmt.Errorf("byte %d: %d bytes, too few for a chunk header", off, len(b)-off)
		}
		sum := binary.LittleEndian.Uint32(b[off:])
		n := int(binary.LittleEndian.Uint16(b[off+4:]))
		typ := b[off+6]
		if sum == 0 && n == 0 && typ == 0 {
			if left < recyclableHeader {
				// Pebble's log writer pads the last <11 bytes of a block.
				for i := off; i < off+left && i < len(b); i++ {
					if b[i] != 0 {
						return fmt.Errorf("byte %d: block padding is not zero", i)
					}
				}
				off += left
				continue
			}
			for i := off; i < len(b); i++ {
				if b[i] != 0 {
					return fmt.Errorf("byte %d: data after the zeroed end of the log at byte %d", i, off)
				}
			}
			return nil
		}
		hdr := legacyHeader
		if typ >= 5 && typ <= 8 {
			hdr = recyclableHeader
			if left < hdr || len(b)-off < hdr {
				return fmt.Errorf("byte %d: truncated chunk header", off)
			}
			if ln := uint64(binary.LittleEndian.Uint32(b[off+7:])); ln != num {
				switch {
				case ln == num+1 && sum == 0 && n == 0 && typ == 5:
					return nil // Pebble's EOF trailer; anything after is a reused file's past
				case ln < num:
					return nil // a reused file's past
				default:
					return fmt.Errorf("byte %d: chunk of log %d in log %d", off, ln, num)
				}
			}
		} else if typ < 1 || typ > 4 {
			return fmt.Errorf("byte %d: chunk type %d", off, typ)
		}
		end := off + hdr + n
		if end > off+left || end > len(b) {
			return fmt.Errorf("byte %d: chunk of %d bytes runs past its block or the file", off, n)
		}
		if maskedCRC(b[off+6:end]) != sum {
			return fmt.Errorf("byte %d: chunk checksum does not match", off)
		}
		off = end
	}
	return nil
}
