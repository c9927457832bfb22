package evaluation_test

import (
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/evaluation"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/tx"
)

const hashA = "5f0c3e1a9b7d2c4e6f8a0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f6"

func wantCode(t *testing.T, r *abci.ExecTxResult, want *errcode.Error) {
	t.Helper()
	if r.Codespace != want.Codespace || r.Code != want.Code {
		t.Fatalf("want %s/%d (%s), got %s/%d %q", want.Codespace, want.Code, want.Error(), r.Codespace, r.Code, r.Log)
	}
}

func landApproval(value int64) evaluation.PublishBaseline {
	return evaluation.PublishBaseline{Process: "land-use", Department: "nrb", Figure: evaluation.FigureApprovalRate,
		Value: value, Scale: evaluation.ScaleBasisPoint, Period: "2024", SourceHash: hashA,
		SourceTitle: "2024年坪山市政务服务统计年报", Note: "全年 412 件"}
}

func TestBaselineVersions(t *testing.T) {
	c := apptest.New(t, apptest.Options{Start: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)})
	c.MustDo("gsd-admin", "evaluation", "publish_baseline", landApproval(8800))
	fixed := landApproval(8750)
	fixed.Note = "更正：剔除撤回件"
	c.MustDo("gsd-admin", "evaluation", "publish_baseline", fixed)
	got, err := evaluation.GetLatest(c.State(), "land-use", evaluation.FigureApprovalRate)
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 2 || got.Value != 8750 || got.By != c.Addrs["gsd-admin"] {
		t.Fatalf("latest %+v", got)
	}
	vs, err := evaluation.Versions(c.State(), "land-use", evaluation.FigureApprovalRate)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 2 || vs[0].Value != 8800 || vs[1].Note != fixed.Note {
		t.Fatalf("versions %+v", vs)
	}
}

func TestPublishRefusals(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	c.Block() // height 3: heights 1-2 exist
	for _, tc := range []struct {
		name, who, action string
		payload           any
		want              *errcode.Error
	}{
		{"another department's admin", "nrb-admin", "publish_baseline", landApproval(1), evaluation.ErrNotDataBureau},
		{"an auditor cannot publish baselines", "aud-auditor", "publish_baseline", landApproval(1), tx.ErrRoleNotAllowed},
		{"unknown department", "gsd-admin", "publish_baseline", func() evaluation.PublishBaseline {
			b := landApproval(1)
			b.Department = "zzz"
			return b
		}(), identity.ErrDepartmentNotFound},
		{"wrong scale", "gsd-admin", "publish_baseline", func() evaluation.PublishBaseline {
			b := landApproval(1)
			b.Scale = evaluation.ScaleCount
			return b
		}(), tx.ErrInvalidPayload},
		{"rate above 100%", "gsd-admin", "publish_baseline", landApproval(10001), tx.ErrInvalidPayload},
		{"audit of future heights", "aud-auditor", "publish_audit", evaluation.PublishAudit{NodeDepartment: "aud", FromHeight: 1, ToHeight: 99,
			Checks: []evaluation.Count{{Name: "blocks", Count: 99}}, ReportHash: hashA}, evaluation.ErrHeightRange},
		{"findings without their checks", "aud-auditor", "publish_audit", evaluation.PublishAudit{NodeDepartment: "aud", FromHeight: 1, ToHeight: 1,
			Checks: []evaluation.Count{{Name: "blocks", Count: 1}}, Findings: 2, ReportHash: hashA}, tx.ErrInvalidPayload},
		{"unsorted checks", "aud-auditor", "publish_audit", evaluation.PublishAudit{NodeDepartment: "aud", FromHeight: 1, ToHeight: 1,
			Checks: []evaluation.Count{{Name: "state", Count: 1}, {Name: "blocks", Count: 1}}, ReportHash: hashA}, tx.ErrInvalidPayload},
		{"an admin is not an auditor", "aud-admin", "publish_audit", evaluation.PublishAudit{NodeDepartment: "aud", FromHeight: 1, ToHeight: 1,
			Checks: []evaluation.Count{{Name: "blocks", Count: 1}}, ReportHash: hashA}, tx.ErrRoleNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := c.AppHash()
			wantCode(t, c.Do(tc.who, "evaluation", tc.action, tc.payload), tc.want)
			if c.AppHash() != before {
				// A refused tx still records its result; only module state must not change.
				if _, err := evaluation.Audits(c.State()); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
	if l, _ := evaluation.Latest(c.State()); len(l) != 0 {
		t.Fatalf("refused baselines were stored: %+v", l)
	}
	if a, _ := evaluation.Audits(c.State()); len(a) != 0 {
		t.Fatalf("refused audits were stored: %+v", a)
	}
}

func TestPublishAudit(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	c.Block()
	c.Block()
	r := c.MustDo("aud-auditor", "evaluation", "publish_audit", evaluation.PublishAudit{NodeDepartment: "nrb", FromHeight: 1, ToHeight: 3,
		Checks:   []evaluation.Count{{Name: "blocks", Count: 3}, {Name: "commits", Count: 3}},
		Findings: 1, FindingsBy: []evaluation.Count{{Name: "index", Count: 1}}, ReportHash: hashA})
	if apptest.Event(r, "evaluation.audit", "audit") != "1" {
		t.Fatalf("events %+v", r.Events)
	}
	a, err := evaluation.GetAudit(c.State(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if a.Department != "aud" || a.NodeDepartment != "nrb" || a.Findings != 1 || a.ToHeight != 3 {
		t.Fatalf("audit %+v", a)
	}
}
