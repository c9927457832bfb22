package workflow_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// Transcript tests (docs/workflow.md, "Transcript tests"): each file in
// testdata/transcripts is a script a clerk can read — who did what, when —
// and after each command the state of the case or the refusal, on lines
// starting with "> ". The runner replays the script through the real app
// block by block and rewrites the "> " lines from what happened; the test
// fails if the result differs from the file. -update writes it back.
var updateTranscripts = flag.Bool("update", false, "rewrite the expected lines of testdata/transcripts/*.txt")

const clock = "2006-01-02 15:04" // every time in a transcript is Beijing time (CST)

func TestTranscripts(t *testing.T) {
	files, err := filepath.Glob("testdata/transcripts/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			want, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			got := replay(t, string(want))
			switch {
			case got == string(want):
			case *updateTranscripts:
				if err := os.WriteFile(f, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			default:
				t.Errorf("%s differs (go test -run TestTranscripts -update accepts it):\n%s", f, firstDiff(string(want), got))
			}
		})
	}
}

// transcript is one replay: one chain, the case commands act on (the one
// opened last, or named by "case"), and the proposal votes go to.
type transcript struct {
	t        *testing.T
	c        *apptest.Chain
	number   string
	proposal uint64
	at       time.Time // block time of the last block
}

// replay runs every command of a script and returns the script with its
// "> " lines replaced by what the chain answered.
func replay(t *testing.T, script string) string {
	r := &transcript{t: t, c: apptest.New(t, apptest.Options{Suite: "gm", Staff: staff(),
		Start:   time.Date(2026, 3, 2, 9, 0, 0, 0, module.CST()),
		Modules: map[string]any{"workflow": map[string]any{"definitions": []json.RawMessage{landJSON(t)}}}})}
	var out []string
	for n, line := range strings.Split(strings.TrimRight(script, "\n"), "\n") {
		if strings.HasPrefix(line, ">") {
			continue
		}
		out = append(out, line)
		if s := strings.TrimSpace(line); s != "" && !strings.HasPrefix(s, "#") {
			for _, o := range r.exec(n+1, strings.Fields(s)) {
				out = append(out, "> "+o)
			}
		}
	}
	return strings.Join(out, "\n") + "\n"
}

func (r *transcript) exec(line int, f []string) []string {
	c := r.c
	switch f[0] {
	case "at": // at 2026-03-09 09:00: the next block carries this time
		// (blocks are a second apart, so within the current minute it is "now")
		when, err := time.ParseInLocation(clock, strings.Join(f[1:], " "), module.CST())
		if err != nil || when.Before(c.Now().Truncate(time.Minute)) {
			r.t.Fatalf("line %d: %q is not a time from %s on (%v)", line, strings.Join(f[1:], " "), c.Now().In(module.CST()).Format(clock), err)
		}
		if when.After(c.Now()) {
			c.Advance(when.Sub(c.Now()))
		}
		return nil
	case "advance": // advance 7 days | advance 2 hours
		n, err := strconv.Atoi(f[len(f)-2])
		unit := map[string]time.Duration{"day": 24 * time.Hour, "days": 24 * time.Hour, "hour": time.Hour, "hours": time.Hour}[f[len(f)-1]]
		if err != nil || unit == 0 || len(f) != 3 {
			r.t.Fatalf("line %d: want advance N days|hours", line)
		}
		c.Advance(time.Duration(n) * unit)
		return nil
	case "show": // an empty block at the current time, then the case
		r.block()
		return r.state()
	case "overdue": // the supervision list (督办) the portal reads from the index
		r.block()
		return r.overdue()
	case "case": // case LAND-2026-000001: later commands act on that case
		if len(f) != 2 {
			r.t.Fatalf("line %d: want case <number>", line)
		}
		r.number = f[1]
		r.block()
		return append(r.version(), r.state()...)
	}
	if len(f) < 2 {
		r.t.Fatalf("line %d: want <account> <command> …", line)
	}
	who, cmd, args := f[0], f[1], f[2:]
	var attach []string
	var pos []string
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "attach="); ok {
			attach = strings.Split(v, ",")
		} else {
			pos = append(pos, a)
		}
	}
	need := func(n int) {
		if len(pos) < n {
			r.t.Fatalf("line %d: %s needs %d arguments", line, cmd, n)
		}
	}
	var action string
	var payload any
	switch cmd {
	case "open": // open area=5000 [attach=a,b]
		need(1)
		area, err := strconv.ParseInt(strings.TrimPrefix(pos[0], "area="), 10, 64)
		if err != nil {
			r.t.Fatalf("line %d: %v", line, err)
		}
		req, _ := openReq(r.t, c, area, attach...)
		action, payload = "open_case", req
	case "act": // act <step> <action> [attach=a,b] [opinion…]
		need(2)
		a := act(r.number, pos[0], pos[1], att(c, attach...))
		if len(pos) > 2 {
			a.Opinion = strings.Join(pos[2:], " ")
		}
		action, payload = "act", a
	case "supplement": // supplement attach=a,b [note…]
		action, payload = "supplement", workflow.SupplementRequest{Case: r.number, Attachments: att(c, attach...), Note: strings.Join(pos, " ")}
	case "object": // object <text…>
		need(1)
		action, payload = "file_objection", workflow.FileObjectionRequest{Case: r.number, Text: strings.Join(pos, " ")}
	case "answer": // answer <objection number> <upheld|dismissed> <text…>
		need(3)
		id, _ := strconv.Atoi(pos[0])
		action, payload = "answer_objection", workflow.AnswerObjectionRequest{Case: r.number, Objection: id, Outcome: pos[1], Answer: strings.Join(pos[2:], " ")}
	default:
		if out, ok := r.govern(line, who, cmd, pos); ok {
			return out
		}
		r.t.Fatalf("line %d: unknown command %q", line, cmd)
	}
	r.at = c.Now()
	res := c.Do(who, "workflow", action, payload)
	if res.Code != 0 {
		desc := res.Log
		if e, ok := errcode.Lookup(res.Codespace, res.Code); ok {
			desc = e.Desc
		}
		return []string{fmt.Sprintf("refused %s/%d: %s", res.Codespace, res.Code, desc)}
	}
	if n := apptest.Event(res, "workflow.case_opened", "case"); n != "" {
		r.number = n
	}
	return r.state()
}

func (r *transcript) block() {
	r.at = r.c.Now()
	r.c.Block()
}
