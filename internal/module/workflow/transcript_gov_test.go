package workflow_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// Transcript commands for a new version of a process (docs/governance.md,
// "Changing a process"):
//
//	nrb-admin propose-process land-v2.json   a process proposal of testdata/<file>
//	gov-admin vote yes|no|abstain            on the last proposal
//	nrb-admin publish land-v2.json           publish_definition, by the admin alone
//	case LAND-2026-000001                    act on that case from now on
//
// Each prints the proposal's state and tally, and the process's latest
// version; "case" prints the version the case runs on.
func (r *transcript) govern(line int, who, cmd string, pos []string) ([]string, bool) {
	c := r.c
	switch cmd {
	case "propose-process", "publish":
		if len(pos) != 1 {
			r.t.Fatalf("line %d: %s <file in testdata>", line, cmd)
		}
		raw, err := os.ReadFile(filepath.Join("testdata", pos[0]))
		if err != nil {
			r.t.Fatalf("line %d: %v", line, err)
		}
		r.at = c.Now()
		if cmd == "publish" {
			d, err := workflow.ParseDefinition(raw)
			if err != nil {
				r.t.Fatalf("line %d: %v", line, err)
			}
			d.Version = 0 // a proposal may name it; publish_definition may not
			if out := refusal(c.Do(who, "workflow", "publish_definition", workflow.PublishRequest{Definition: *d})); out != nil {
				return out, true
			}
			return r.latest(), true
		}
		got := c.Do(who, "governance", "propose", governance.Propose{Type: governance.TypeProcess, Payload: raw})
		if out := refusal(got); out != nil {
			return out, true
		}
		r.proposal, _ = strconv.ParseUint(apptest.Event(got, "governance.proposed", "proposal"), 10, 64)
		return r.proposalState(), true
	case "vote":
		if len(pos) != 1 || r.proposal == 0 {
			r.t.Fatalf("line %d: vote yes|no|abstain, after a proposal", line)
		}
		r.at = c.Now()
		if out := refusal(c.Do(who, "governance", "vote", governance.VoteRequest{Proposal: r.proposal, Choice: pos[0]})); out != nil {
			return out, true
		}
		return r.proposalState(), true
	}
	return nil, false
}

func refusal(res interface {
	GetCode() uint32
	GetCodespace() string
	GetLog() string
}) []string {
	if res.GetCode() == 0 {
		return nil
	}
	desc := res.GetLog()
	if e, ok := errcode.Lookup(res.GetCodespace(), res.GetCode()); ok {
		desc = e.Desc
	}
	return []string{fmt.Sprintf("refused %s/%d: %s", res.GetCodespace(), res.GetCode(), desc)}
}

// proposalState is the last proposal's state and tally, then the latest
// version of the process.
func (r *transcript) proposalState() []string {
	p, err := governance.GetProposal(r.c.State(), r.proposal)
	if err != nil {
		return []string{"no proposal: " + err.Error()}
	}
	t := p.Tally
	out := []string{fmt.Sprintf("proposal %d %s %s: %s (yes %d, no %d, abstain %d, not voted %d)", p.ID, p.Type, p.Target, p.State, t.Yes, t.No, t.Abstain, t.Remaining)}
	if p.Result != "" {
		out = append(out, "  result: "+p.Result)
	}
	return append(out, r.latest()...)
}

// latest is the land process's latest version and who published it.
func (r *transcript) latest() []string {
	d, err := workflow.GetDefinition(r.c.State(), "land-use", 0)
	if err != nil {
		return []string{"no land-use: " + err.Error()}
	}
	by := d.PublishedBy
	if d.Proposal != 0 {
		by = fmt.Sprintf("proposal %d", d.Proposal)
	} else if by != "genesis" {
		by = "its admin"
	}
	return []string{fmt.Sprintf("land-use is at v%d (published by %s); new cases start on it", d.Version, by)}
}

// version is the version the current case runs on.
func (r *transcript) version() []string {
	k, err := workflow.GetCase(r.c.State(), r.number)
	if err != nil {
		return nil
	}
	return []string{fmt.Sprintf("%s runs on %s v%d", k.Number, k.Definition, k.Version)}
}
