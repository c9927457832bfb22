package participation_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/store"
)

// fakeCases stands in for the case module, as in the feedback tests: a
// case is a notary anchor of sha256(number) whose category says whether
// it is completed; its access code is accessCode(number).
func fakeCases(s cryptosuite.Suite) feedback.CaseLookup {
	return func(r store.Reader, number string) (*feedback.CaseInfo, error) {
		rec, err := notary.Get(r, caseHash(number))
		if err != nil {
			return nil, fmt.Errorf("%w: %s", feedback.ErrCaseNotFound, number)
		}
		return &feedback.CaseInfo{Number: number, Department: rec.Department, Title: rec.Title, Completed: rec.Category == "completed",
			RatingTokenHash: workflow.RatingTokenHashFor(s, accessCode(number))}, nil
	}
}

func accessCode(number string) string { return "CODE-" + number }

func tokenFor(s cryptosuite.Suite, code string) string {
	return hex.EncodeToString(workflow.RatingToken(s, code))
}

func caseHash(number string) module.Hash {
	h := sha256.Sum256([]byte(number))
	return module.HashOf(h[:])
}

func newChain(t *testing.T) *apptest.Chain {
	t.Helper()
	s, err := cryptosuite.ByName(cryptosuite.GM) // apptest's default suite
	if err != nil {
		t.Fatal(err)
	}
	return apptest.New(t, apptest.Options{Wiring: app.Wiring{Cases: fakeCases(s)}})
}

func addCase(c *apptest.Chain, who, number, state string) {
	c.MustDo(who, "notary", "anchor", notary.Anchor{DocHash: caseHash(number), Title: "Case " + number, Category: state})
}

// wantCode checks a result carries a registered error (nil: success).
func wantCode(t *testing.T, r *abci.ExecTxResult, want *errcode.Error) {
	t.Helper()
	if want == nil {
		if r.Code != 0 {
			t.Fatalf("want success, got %s/%d %q", r.Codespace, r.Code, r.Log)
		}
		return
	}
	if r.Codespace != want.Codespace || r.Code != want.Code {
		t.Fatalf("want %s/%d (%s), got %s/%d %q", want.Codespace, want.Code, want.Error(), r.Codespace, r.Code, r.Log)
	}
}

// sealFor seals a name and phone to the given departments.
func sealFor(t *testing.T, c *apptest.Chain, depts ...string) *sealed.Box {
	t.Helper()
	enc := map[string][]byte{}
	for _, d := range depts {
		dd, err := identity.GetDepartment(c.State(), d)
		if err != nil {
			t.Fatal(err)
		}
		enc[d] = dd.EncryptionKey
	}
	readers, err := sealed.Readers(c.Suite, depts, enc)
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := json.Marshal(map[string]string{"name": "张三", "phone": "13800000000"})
	b, err := sealed.Seal(c.Suite, readers, sealed.DomainActivitySignup, plain)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func signup(t *testing.T, c *apptest.Chain, activity uint64, code string) *abci.ExecTxResult {
	t.Helper()
	return c.Do("gsd-gateway", "participation", "signup", participation.SignUp{Activity: activity, Contact: sealFor(t, c, "nrb"),
		CancelHash: hex.EncodeToString(participation.CancelHash(c.Suite, code))})
}
