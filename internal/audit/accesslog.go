// Package audit keeps the access log for personal data: every time a staff
// member's request decrypts personal data, one record (who, which case,
// when, why) is appended to HOME/data/access.log. Entries are hash-chained
// with the chain's suite hash (SM3 or SHA-256) and the head is anchored on
// chain (a notary anchor) every few minutes, so an entry removed or edited
// after it was anchored is detectable: `govchain audit` checks the chain
// of entries and every anchor the node's department recorded.
//
// The portal calls (*AccessLog).Append; the node opens the log (Node.AccessLog)
// and runs the anchoring (anchor.go).
package audit

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// Access is one decryption of personal data, as the caller reports it.
type Access struct {
	// Staff is the address of the staff account whose request decrypted
	// the data (who).
	Staff string
	// StaffName and Department describe the account (optional).
	StaffName  string
	Department string
	// Case is the case, application or record whose data was read (which).
	Case string
	// Purpose is why: the reason given or the page/step that needed it.
	Purpose string
	// Fields optionally lists what was decrypted ("id_number", "phone").
	Fields []string
}

// Entry is one line of the log.
type Entry struct {
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"` // when (node clock, UTC)
	Staff      string    `json:"staff"`
	StaffName  string    `json:"staff_name,omitempty"`
	Department string    `json:"department,omitempty"`
	Case       string    `json:"case"`
	Purpose    string    `json:"purpose"`
	Fields     []string  `json:"fields,omitempty"`
	// Prev is the hash of the previous entry (64 zeros for the first).
	Prev string `json:"prev"`
	// Hash is the suite hash of this entry without Hash, prefixed with
	// the domain "govchain/access-log/v1\n".
	Hash string `json:"hash"`
}

// Head is the newest entry's position and hash: what gets anchored.
type Head struct {
	Seq  uint64 `json:"seq"`
	Hash string `json:"hash"`
}

const hashDomain = "govchain/access-log/v1\n"

// ZeroHash is Prev of the first entry.
const ZeroHash = "0000000000000000000000000000000000000000000000000000000000000000"

// Limits keep one entry on one reasonable line.
const (
	maxFieldLen = 512
	maxLineLen  = 64 << 10
)

// ErrInvalidAccess is an Access missing who, which or why.
var ErrInvalidAccess = errors.New("invalid access record")

// entryHash computes an entry's hash from its fields (Hash ignored).
func entryHash(s cryptosuite.Suite, e *Entry) (string, error) {
	c := *e
	c.Hash = ""
	b, err := json.Marshal(struct {
		Seq        uint64    `json:"seq"`
		Time       time.Time `json:"time"`
		Staff      string    `json:"staff"`
		StaffName  string    `json:"staff_name,omitempty"`
		Department string    `json:"department,omitempty"`
		Case       string    `json:"case"`
		Purpose    string    `json:"purpose"`
		Fields     []string  `json:"fields,omitempty"`
		Prev       string    `json:"prev"`
	}{c.Seq, c.Time.UTC(), c.Staff, c.StaffName, c.Department, c.Case, c.Purpose, c.Fields, c.Prev})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(s.Hash(append([]byte(hashDomain), b...))), nil
}

// AccessLog is an open, append-only access log. It is safe for concurrent use.
type AccessLog struct {
	mu    sync.Mutex
	path  string
	suite cryptosuite.Suite
	f     *os.File
	head  Head
	// damaged is set when the file did not verify at open.
	damaged *DamagedError
	// Now is the clock (tests).
	Now func() time.Time
}

// ErrDamaged is returned by Append on a log whose chain does not verify.
var ErrDamaged = errors.New("access log damaged")

// DamagedError is what OpenAccessLog returns, together with a usable
// *AccessLog, when the existing entries do not verify.
type DamagedError struct {
	Path     string
	Problems []string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("access log %s does not verify (%s; %d problem(s)): appending is refused — keep the file for investigation, run `govchain audit`, then move it aside to start a new log",
		e.Path, e.Problems[0], len(e.Problems))
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

// OpenAccessLog opens (creating) the log at path and checks its whole
// chain. A torn last line (a crash in the middle of an append, which was
// never acknowledged) is cut off. When the chain does not verify, the log
// is returned with a *DamagedError: it can be read and verified, but
// Append refuses (fail closed: no personal data is shown without a record)
// — the node itself keeps running.
func OpenAccessLog(path string, s cryptosuite.Suite) (*AccessLog, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("access log: %w", err)
	}
	res, err := verifyReader(f, s)
	if err != nil {
		f.Close()
		return nil, err
	}
	l := &AccessLog{path: path, suite: s, f: f, head: res.Head, Now: time.Now}
	if len(res.Problems) > 0 {
		l.damaged = &DamagedError{Path: path, Problems: res.Problems}
		return l, l.damaged
	}
	if res.TornBytes > 0 {
		if err := f.Truncate(res.GoodBytes); err != nil {
			f.Close()
			return nil, fmt.Errorf("access log: cutting a torn last line: %w", err)
		}
	}
	if _, err := f.Seek(res.GoodBytes, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return l, nil
}

// Path is the log file.
func (l *AccessLog) Path() string { return l.path }

func checkField(name, v string, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return fmt.Errorf("%w: %s is required", ErrInvalidAccess, name)
	}
	if len(v) > maxFieldLen || !utf8.ValidString(v) {
		return fmt.Errorf("%w: %s must be valid UTF-8 of at most %d bytes", ErrInvalidAccess, name, maxFieldLen)
	}
	return nil
}

// Append records one access durably (written and synced) before it
// returns; callers show personal data only after it succeeded.
func (l *AccessLog) Append(a Access) (*Entry, error) {
	for _, c := range []struct {
		name, v  string
		required bool
	}{{"staff", a.Staff, true}, {"case", a.Case, true}, {"purpose", a.Purpose, true},
		{"staff_name", a.StaffName, false}, {"department", a.Department, false}} {
		if err := checkField(c.name, c.v, c.required); err != nil {
			return nil, err
		}
	}
	if len(a.Fields) > 64 {
		return nil, fmt.Errorf("%w: at most 64 fields", ErrInvalidAccess)
	}
	for _, f := range a.Fields {
		if err := checkField("fields", f, true); err != nil {
			return nil, err
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil, errors.New("access log is closed")
	}
	if l.damaged != nil {
		return nil, l.damaged
	}
	prev := l.head.Hash
	if prev == "" {
		prev = ZeroHash
	}
	e := &Entry{Seq: l.head.Seq + 1, Time: l.Now().UTC(), Staff: a.Staff, StaffName: a.StaffName, Department: a.Department,
		Case: a.Case, Purpose: a.Purpose, Fields: append([]string(nil), a.Fields...), Prev: prev}
	var err error
	if e.Hash, err = entryHash(l.suite, e); err != nil {
		return nil, err
	}
	line, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	line = append(line, '\n')
	off, err := l.f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, err
	}
	if _, err := l.f.Write(line); err != nil {
		l.f.Truncate(off)
		l.f.Seek(off, io.SeekStart)
		return nil, fmt.Errorf("access log write: %w", err)
	}
	if err := l.f.Sync(); err != nil {
		// Not durable: take the line back so the next append chains to
		// what is on disk.
		l.f.Truncate(off)
		l.f.Seek(off, io.SeekStart)
		return nil, fmt.Errorf("access log sync: %w", err)
	}
	l.head = Head{Seq: e.Seq, Hash: e.Hash}
	return e, nil
}

// Damaged is the verification failure found at open, nil if none.
func (l *AccessLog) Damaged() error {
	if l.damaged == nil {
		return nil
	}
	return l.damaged
}

// Head is the newest entry (Seq 0 for an empty log).
func (l *AccessLog) Head() Head {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.head
}

// Verify re-reads the whole file and checks its chain.
func (l *AccessLog) Verify() (*VerifyResult, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return VerifyFile(l.path, l.suite)
}

// Close closes the file.
func (l *AccessLog) Close() error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// VerifyResult is what a verification found.
type VerifyResult struct {
	Entries uint64 `json:"entries"`
	Head    Head   `json:"head"`
	// Problems lists every break in the chain, with the line number.
	Problems []string `json:"problems,omitempty"`
	// GoodBytes is the length of the complete lines; TornBytes what follows
	// the last newline.
	GoodBytes int64 `json:"-"`
	TornBytes int64 `json:"torn_bytes,omitempty"`
	// Hashes maps a sequence number to its entry hash (for anchor checks).
	Hashes map[uint64]string `json:"-"`
	// Times maps a sequence number to its entry's time (for the monthly
	// digests, digest.go).
	Times map[uint64]time.Time `json:"-"`
}

// VerifyFile checks a log file without opening it for writing (a missing
// file is an empty log).
func VerifyFile(path string, s cryptosuite.Suite) (*VerifyResult, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &VerifyResult{Hashes: map[uint64]string{}, Times: map[uint64]time.Time{}}, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return verifyReader(f, s)
}

func verifyReader(r io.Reader, s cryptosuite.Suite) (*VerifyResult, error) {
	res := &VerifyResult{Hashes: map[uint64]string{}, Times: map[uint64]time.Time{}}
	br := bufio.NewReaderSize(r, 64<<10)
	prev, lineNo := ZeroHash, 0
	var wantSeq uint64 = 1
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 && line[len(line)-1] != '\n' {
			res.TornBytes = int64(len(line))
			break
		}
		if len(line) > 0 {
			lineNo++
			res.GoodBytes += int64(len(line))
			if p := checkLine(s, line, lineNo, &prev, &wantSeq, res); p != "" {
				res.Problems = append(res.Problems, p)
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("read access log: %w", err)
		}
	}
	return res, nil
}

// checkLine verifies one line and advances the chain. After a break it
// continues from the damaged entry, so every later break is reported too.
func checkLine(s cryptosuite.Suite, line []byte, n int, prev *string, wantSeq *uint64, res *VerifyResult) string {
	if len(line) > maxLineLen {
		return fmt.Sprintf("line %d: %d bytes, longer than any entry", n, len(line))
	}
	var e Entry
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&e); err != nil {
		*wantSeq++
		return fmt.Sprintf("line %d: not an entry: %v", n, err)
	}
	var problems []string
	if e.Seq != *wantSeq {
		problems = append(problems, fmt.Sprintf("sequence %d where %d belongs (entries removed or reordered)", e.Seq, *wantSeq))
	}
	if e.Prev != *prev {
		problems = append(problems, fmt.Sprintf("prev %s is not the hash of the entry before (%s)", short(e.Prev), short(*prev)))
	}
	h, err := entryHash(s, &e)
	if err != nil || h != e.Hash {
		problems = append(problems, fmt.Sprintf("contents do not hash to the recorded %s (edited)", short(e.Hash)))
	}
	res.Entries++
	res.Hashes[e.Seq] = e.Hash
	res.Times[e.Seq] = e.Time
	res.Head = Head{Seq: e.Seq, Hash: e.Hash}
	*prev, *wantSeq = e.Hash, e.Seq+1
	if len(problems) == 0 {
		return ""
	}
	return fmt.Sprintf("line %d (seq %d): %s", n, e.Seq, strings.Join(problems, "; "))
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
