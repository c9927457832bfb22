package snapshot

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"testing"

	"github.com/pingshan/govchain/internal/proof"
)

// FuzzBackupChainRecords feeds the record reader and the chain-record
// checks a backup of the fixture chain's state 15 (after two validator
// changes) whose record after U, and the V payload, are the fuzzer's:
// nothing may panic, and a backup is accepted only with the transitions
// the chain really made (after blocks 5 and 10).
func FuzzBackupChainRecords(f *testing.F) {
	c := newFixtureChain(f)
	recs := c.records(f, 15)
	ts, err := exportTransitions(c, c.gen, nil, 15)
	if err != nil {
		f.Fatal(err)
	}
	good, err := proof.EncodeTransitions(ts)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(byte('V'), good)
	f.Add(byte('V'), good[:len(good)/2])
	f.Add(byte('V'), []byte("null"))
	f.Add(byte('V'), []byte("[]"))
	f.Add(byte('V'), []byte(`[{"signed_header":null,"validator_set":null}]`))
	f.Add(byte('V'), bytes.Replace(good, []byte(`"height":"5"`), []byte(`"height":"6"`), 1))
	f.Add(byte('N'), []byte{})
	f.Add(byte('A'), []byte("log\n"))
	f.Fuzz(func(t *testing.T, tag byte, payload []byte) {
		var stream bytes.Buffer
		put := func(tag byte, p []byte) {
			stream.WriteByte(tag)
			stream.Write(binary.AppendUvarint(nil, uint64(len(p))))
			stream.Write(p)
		}
		for _, r := range []struct {
			tag byte
			p   []byte
		}{{'S', recs.state}, {'C', recs.commit}, {'L', recs.header}, {'U', recs.signed}} {
			put(r.tag, r.p)
		}
		put(tag, payload)
		put('E', nil)
		rr := &recordReader{r: bufio.NewReader(&stream), sum: sha256.New()}
		got, next, _, err := readChainRecords(rr)
		if err != nil {
			return
		}
		if tag == 'V' && next != 'E' {
			t.Fatalf("after V the reader returned %q, not the record after it", next)
		}
		if _, _, _, _, err := verifyChainRecords(c.gen, manifestFor(15, 2), got); err != nil {
			return
		}
		if tag != 'V' {
			t.Fatal("a backup of a changed chain was accepted without its V record")
		}
		back, err := proof.DecodeTransitions(payload)
		if err != nil || len(back) != 2 || back[0].Header.Height != 5 || back[1].Header.Height != 10 {
			t.Fatalf("accepted transitions that are not the chain's: %d, %v", len(back), err)
		}
	})
}
