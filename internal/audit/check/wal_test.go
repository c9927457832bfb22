package check

import (
	"encoding/binary"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtcons "github.com/cometbft/cometbft/api/cometbft/consensus/v1"
	"github.com/cosmos/gogoproto/proto"
)

// walRecord encodes one record as CometBFT's WALEncoder does.
func walRecord(t *testing.T, h int64) []byte {
	t.Helper()
	m := &cmtcons.TimedWALMessage{Time: time.Unix(1700000000, 0).UTC(), Msg: &cmtcons.WALMessage{Sum: &cmtcons.WALMessage_EndHeight{EndHeight: &cmtcons.EndHeight{Height: h}}}}
	data, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]byte, 8, 8+len(data))
	binary.BigEndian.PutUint32(out, crc32.Checksum(data, crc32c))
	binary.BigEndian.PutUint32(out[4:], uint32(len(data)))
	return append(out, data...)
}

// TestWAL: the consensus WAL's records verify; a record cut short by a
// failed write (a full disk) with the node's later records after it is a
// note; a record damaged in place — a changed byte in its data, its
// checksum or its length — is a finding.
func TestWAL(t *testing.T) {
	r1, r2, r3, r4 := walRecord(t, 1), walRecord(t, 2), walRecord(t, 3), walRecord(t, 4)
	join := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	flip := func(r []byte, i int, bit byte) []byte {
		r = append([]byte{}, r...)
		r[i] ^= bit
		return r
	}
	for _, tc := range []struct {
		name    string
		wal     []byte
		finding bool
		note    string
		records int64
	}{
		{"whole", join(r1, r2, r3, r4), false, "", 4},
		{"cut short, then more", join(r1, r2[:len(r2)-5], r3, r4), false, "cut short by a failed write", 3},
		{"cut in its header, then more", join(r1, r2[:6], r3, r4), false, "cut short by a failed write", 3},
		{"cut short at the end", join(r1, r2, r3[:len(r3)-4]), false, "unfinished record", 2},
		{"data byte changed", join(r1, flip(r2, 12, 0x01), r3, r4), true, "", 1},
		{"checksum changed", join(r1, flip(r2, 2, 0x01), r3, r4), true, "", 1},
		{"length longer", join(r1, flip(r2, 7, 0x04), r3, r4), true, "", 1},
		{"length shorter", join(r1, flip(r2, 7, 0x01), r3, r4), true, "", 1},
		{"length huge", join(r1, flip(r2, 4, 0x40), r3, r4), true, "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home := t.TempDir()
			dir := filepath.Join(home, "data", "cs.wal")
			os.MkdirAll(dir, 0o700)
			os.WriteFile(filepath.Join(dir, "wal"), tc.wal, 0o600)
			c := newTestChecker(t, home)
			c.scanWALDir(dir)
			if got := len(c.r.Findings) > 0; got != tc.finding {
				t.Fatalf("findings %+v, want some: %v (notes %q)", c.r.Findings, tc.finding, c.r.Notes)
			}
			if tc.note != "" && (len(c.r.Notes) == 0 || !strings.Contains(c.r.Notes[0], tc.note)) {
				t.Errorf("notes %q, want %q", c.r.Notes, tc.note)
			}
			if tc.note == "" && len(c.r.Notes) > 0 {
				t.Errorf("unexpected notes %q", c.r.Notes)
			}
			if got := c.r.Checked["wal_records"]; got != tc.records {
				t.Errorf("%d records read, want %d", got, tc.records)
			}
		})
	}
}
