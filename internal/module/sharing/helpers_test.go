package sharing_test

import (
	"strconv"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/sharing"
)

func newChain(t *testing.T, start time.Time) *apptest.Chain {
	t.Helper()
	return apptest.New(t, apptest.Options{Start: start})
}

func wantCode(t *testing.T, r *abci.ExecTxResult, want *errcode.Error) {
	t.Helper()
	if r.Codespace != want.Codespace || r.Code != want.Code {
		t.Fatalf("want %s/%d (%s), got %s/%d %q", want.Codespace, want.Code, want.Error(), r.Codespace, r.Code, r.Log)
	}
}

// Example resources of the tests (field names only: no data on chain).
func eiaResource() sharing.RegisterResource {
	return sharing.RegisterResource{ID: "eeb-eia-approvals", NameZH: "建设项目环境影响评价审批结果", NameEN: "Environmental impact approvals by parcel",
		Description: "环评批复：地块、批复文号、结论", ShareClass: sharing.ClassConditional,
		LegalBasis: "《环境影响评价法》第二十二条；《政务数据共享条例》", Frequency: "daily",
		Fields: []sharing.Field{{Name: "parcel_id", Type: "code"}, {Name: "approval_no", Type: "code"},
			{Name: "conclusion", Type: "text"}, {Name: "applicant_name", Type: "text", Personal: true}}}
}

func qualificationResource() sharing.RegisterResource {
	return sharing.RegisterResource{ID: "hub-enterprise-qualifications", NameZH: "建筑业企业资质", NameEN: "Construction enterprise qualifications",
		Description: "企业名称、统一社会信用代码、资质类别与等级、有效期", ShareClass: sharing.ClassUnconditional, Frequency: "daily", OpenToPublic: true,
		Fields: []sharing.Field{{Name: "enterprise_name", Type: "text"}, {Name: "credit_code", Type: "code"},
			{Name: "qualification", Type: "text"}, {Name: "valid_until", Type: "date"}}}
}

func auditPapersResource() sharing.RegisterResource {
	return sharing.RegisterResource{ID: "aud-working-papers", NameZH: "审计工作底稿", NameEN: "Audit working papers",
		Description: "审计过程记录", ShareClass: sharing.ClassNone, LegalBasis: "《审计法》第十六条", Frequency: "irregular",
		Fields: []sharing.Field{{Name: "audit_no", Type: "code"}, {Name: "finding", Type: "text", Sensitive: true}}}
}

func registerAll(c *apptest.Chain) {
	c.MustDo("eeb-admin", "sharing", "register_resource", eiaResource())
	c.MustDo("hub-admin", "sharing", "register_resource", qualificationResource())
	c.MustDo("aud-admin", "sharing", "register_resource", auditPapersResource())
}

func ask(t *testing.T, c *apptest.Chain, who, resource string, fields ...string) uint64 {
	t.Helper()
	r := c.MustDo(who, "sharing", "request", sharing.RequestData{Resource: resource, Fields: fields,
		Purpose: "审查建设用地申请", LegalBasis: "《土地管理法》", CaseNo: "LAND-2026-000001", DurationDays: 30})
	id, err := strconv.ParseUint(apptest.Event(r, "sharing.requested", "request"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func request(t *testing.T, c *apptest.Chain, id uint64) *sharing.Request {
	t.Helper()
	r, err := sharing.GetRequest(c.State(), id)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func grant(id uint64, until time.Time, uses uint32, fields ...string) sharing.Decide {
	return sharing.Decide{Request: id, Decision: sharing.DecisionGrant, Fields: fields, ValidUntil: &until, MaxUses: uses}
}

func refuse(id uint64, reason string) sharing.Decide {
	return sharing.Decide{Request: id, Decision: sharing.DecisionRefuse, Reason: reason, ReasonText: "不符合共享条件"}
}

const hashA = "5f0c3e1a9b7d2c4e6f8a0b1c2d3e4f5061728394a5b6c7d8e9f0a1b2c3d4e5f6"
