package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/notary"
)

func openLog(t *testing.T, path string) *AccessLog {
	t.Helper()
	l, err := OpenAccessLog(path, gm())
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func appendN(t *testing.T, l *AccessLog, n int) {
	t.Helper()
	for i := 0; i < n; i++ {
		if _, err := l.Append(Access{Staff: "a1b2", StaffName: "nrb-clerk", Department: "nrb", Case: fmt.Sprintf("case-%d", i),
			Purpose: "review application", Fields: []string{"id_number"}}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestAccessLogChain(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	l := openLog(t, path)
	if _, err := l.Append(Access{Staff: "x", Case: "c"}); !errors.Is(err, ErrInvalidAccess) {
		t.Fatalf("missing purpose accepted: %v", err)
	}
	// Concurrent appends chain in some order without gaps.
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() { defer wg.Done(); appendN(t, l, 5) }()
	}
	wg.Wait()
	h := l.Head()
	if h.Seq != 20 || len(h.Hash) != 64 {
		t.Fatalf("head %+v", h)
	}
	res, err := l.Verify()
	if err != nil || len(res.Problems) > 0 || res.Entries != 20 || res.Head != h {
		t.Fatalf("verify: %+v %v", res, err)
	}
	l.Close()

	// Reopen continues the chain; a torn last line is cut off.
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`{"seq":21,"time":"2026`)
	f.Close()
	l = openLog(t, path)
	appendN(t, l, 1)
	if l.Head().Seq != 21 {
		t.Fatalf("after reopen: %+v", l.Head())
	}
	res, _ = l.Verify()
	if len(res.Problems) > 0 || res.TornBytes != 0 {
		t.Fatalf("after torn line: %+v", res)
	}
	l.Close()
	good, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(good), "\n")

	check := func(name, content string, want string) {
		t.Helper()
		os.WriteFile(path, []byte(content), 0o600)
		res, err := VerifyFile(path, gm())
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Problems) == 0 || !strings.Contains(strings.Join(res.Problems, "\n"), want) {
			t.Fatalf("%s: problems %q, want %q", name, res.Problems, want)
		}
		dl, err := OpenAccessLog(path, gm())
		var de *DamagedError
		if !errors.As(err, &de) || dl == nil {
			t.Fatalf("%s: open: %v", name, err)
		}
		if _, err := dl.Append(Access{Staff: "x", Case: "c", Purpose: "p"}); !errors.Is(err, ErrDamaged) {
			t.Fatalf("%s: append to a damaged log: %v", name, err)
		}
		dl.Close()
		t.Logf("%s: %s", name, res.Problems[0])
	}
	// An edited field.
	check("edited", strings.Join(lines[:5], "")+strings.Replace(lines[5], "review application", "review applicatiom", 1)+strings.Join(lines[6:], ""), "line 6 (seq 6): contents do not hash")
	// A removed entry.
	check("removed", strings.Join(lines[:9], "")+strings.Join(lines[10:], ""), "sequence 11 where 10 belongs")
	// A byte flipped anywhere.
	flipped := []byte(string(good))
	flipped[len(lines[0])+40] ^= 0x01
	check("flipped", string(flipped), "line 2")
	// Recomputing the hashes after an edit passes locally...
	os.WriteFile(path, good, 0o600)
}

// TestAnchors: a log rewritten consistently after an anchor (or cut short)
// verifies locally but not against its anchors.
func TestAnchors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "access.log")
	l := openLog(t, path)
	appendN(t, l, 6)
	var anchors []Anchor
	a := &Anchorer{Log: l, Submit: func(_ context.Context, p []byte) error {
		var an notary.Anchor
		if err := json.Unmarshal(p, &an); err != nil {
			return err
		}
		if err := an.Validate(); err != nil {
			return err
		}
		var seq uint64
		fmt.Sscanf(an.Title, "access-log head %d", &seq)
		anchors = append(anchors, Anchor{Seq: seq, Hash: an.DocHash.String(), Height: int64(len(anchors) + 10), Time: time.Now()})
		return nil
	}}
	if _, err := a.AnchorNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	a.AnchorNow(context.Background()) // unchanged head: no second anchor
	appendN(t, l, 3)
	l.Close()
	if len(anchors) != 1 || anchors[0].Seq != 6 {
		t.Fatalf("anchors %+v", anchors)
	}
	res, _ := VerifyFile(path, gm())
	if p, un := CheckAnchors(res, anchors); len(p) > 0 || un != 3 {
		t.Fatalf("clean log: %v, %d unanchored", p, un)
	}

	// Rewrite the log from entry 4 on with recomputed hashes.
	b, _ := os.ReadFile(path)
	lines := strings.SplitAfter(strings.TrimSuffix(string(b), "\n"), "\n")
	var buf bytes.Buffer
	prev := ZeroHash
	for i, ln := range lines {
		var e Entry
		json.Unmarshal([]byte(ln), &e)
		if i == 3 {
			e.Purpose = "nothing to see"
		}
		e.Prev = prev
		e.Hash, _ = entryHash(gm(), &e)
		prev = e.Hash
		out, _ := json.Marshal(e)
		buf.Write(append(out, '\n'))
	}
	os.WriteFile(path, buf.Bytes(), 0o600)
	res, _ = VerifyFile(path, gm())
	if len(res.Problems) != 0 {
		t.Fatalf("rewritten log should verify locally: %v", res.Problems)
	}
	p, _ := CheckAnchors(res, anchors)
	if len(p) != 1 || !strings.Contains(p[0].What, "entry 6 hashes to") {
		t.Fatalf("rewrite not detected against the anchor: %v", p)
	}
	// Truncated below the anchor.
	os.WriteFile(path, []byte(strings.Join(lines[:4], "")), 0o600)
	res, _ = VerifyFile(path, gm())
	p, _ = CheckAnchors(res, anchors)
	if len(res.Problems) != 0 || len(p) != 1 || !strings.Contains(p[0].What, "missing from the log") {
		t.Fatalf("truncation not detected: %v %v", res.Problems, p)
	}
}

func gm() cryptosuite.Suite {
	s, err := cryptosuite.ByName(cryptosuite.GM)
	if err != nil {
		panic(err)
	}
	return s
}
