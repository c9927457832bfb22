package evaluation

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/store"
)

// DataBureau is the department named by sharing.data_bureau: the one body
// that keeps the city's data, arbitrates sharing and states baselines.
func DataBureau(r store.Reader) (string, error) {
	raw, err := governance.ParamValue(r, sharing.DataBureauParam())
	if err != nil {
		return "", err
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("parameter %s: %w", sharing.ParamDataBureau, err)
	}
	return s, nil
}

// handlePublishBaseline stores a new version of a baseline figure. The
// earlier versions stay under their own keys: a corrected baseline does
// not erase what was said before.
func handlePublishBaseline(ctx *module.Context, p module.Payload) error {
	in := p.(*PublishBaseline)
	bureau, err := DataBureau(ctx.KV)
	if err != nil {
		return err
	}
	if ctx.Signer.Department != bureau {
		return fmt.Errorf("%w: the data bureau is %s, the signer is %s's", ErrNotDataBureau, bureau, ctx.Signer.Department)
	}
	if _, err := identity.GetDepartment(ctx.KV, in.Department); err != nil {
		return err
	}
	var version uint32 = 1
	prev, err := GetLatest(ctx.KV, in.Process, in.Figure)
	switch {
	case errors.Is(err, ErrBaselineMissing):
	case err != nil:
		return err
	default:
		version = prev.Version + 1
	}
	b := &Baseline{Process: in.Process, Department: in.Department, Figure: in.Figure, Value: in.Value, Scale: in.Scale,
		Period: in.Period, SourceHash: in.SourceHash, SourceTitle: in.SourceTitle, Note: in.Note, Version: version,
		By: ctx.Signer.Address, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := module.PutRecord(ctx.KV, BaselineKey(in.Process, in.Figure, version), b); err != nil {
		return err
	}
	if err := module.PutRecord(ctx.KV, LatestKey(in.Process, in.Figure), b); err != nil {
		return err
	}
	ctx.Emit("evaluation.baseline", "process", in.Process, "figure", in.Figure,
		"version", strconv.FormatUint(uint64(version), 10), "period", in.Period)
	return nil
}

// handlePublishAudit stores an auditor's signed summary of an audit run.
// The audited range must be blocks this chain has: a summary of heights
// not yet produced cannot be of this chain.
func handlePublishAudit(ctx *module.Context, p module.Payload) error {
	in := p.(*PublishAudit)
	if in.ToHeight >= ctx.Height {
		return fmt.Errorf("%w: audited up to %d, the chain is at %d", ErrHeightRange, in.ToHeight, ctx.Height)
	}
	if _, err := identity.GetDepartment(ctx.KV, in.NodeDepartment); err != nil {
		return err
	}
	id, err := module.NextSeq(ctx.KV, []byte(seqPrefix+"audit"))
	if err != nil {
		return err
	}
	a := &AuditReport{ID: id, NodeDepartment: in.NodeDepartment, FromHeight: in.FromHeight, ToHeight: in.ToHeight,
		Checks: in.Checks, Findings: in.Findings, FindingsBy: in.FindingsBy, ReportHash: in.ReportHash, Note: in.Note,
		Auditor: ctx.Signer.Address, Department: ctx.Signer.Department, Height: ctx.Height, Time: ctx.BlockTime.UTC()}
	if err := module.PutRecord(ctx.KV, AuditKey(id), a); err != nil {
		return err
	}
	ctx.Emit("evaluation.audit", "audit", strconv.FormatUint(id, 10), "node_department", in.NodeDepartment,
		"findings", strconv.FormatInt(in.Findings, 10))
	return nil
}
