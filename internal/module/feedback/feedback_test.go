package feedback_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/module"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/notary"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
)

// fakeCases stands in for the case module: a case is a notary anchor of
// sha256(number) whose category says whether it is completed; its access
// code is accessCode(number).
// newFakeCaseChain is a chain whose ratings find the cases addCase writes.
func newFakeCaseChain(t *testing.T) *apptest.Chain {
	s, err := cryptosuite.ByName(cryptosuite.GM) // apptest's default suite
	if err != nil {
		t.Fatal(err)
	}
	return apptest.New(t, apptest.Options{Wiring: app.Wiring{Cases: fakeCases(s)}})
}

func fakeCases(s cryptosuite.Suite) feedback.CaseLookup {
	return func(r store.Reader, number string) (*feedback.CaseInfo, error) {
		rec, err := notary.Get(r, module.Hash(caseHash(number)))
		if err != nil {
			return nil, fmt.Errorf("%w: %s", feedback.ErrCaseNotFound, number)
		}
		return &feedback.CaseInfo{Number: number, Department: rec.Department, Title: rec.Title, Completed: rec.Category == "completed",
			RatingTokenHash: workflow.RatingTokenHashFor(s, accessCode(number))}, nil
	}
}

// testSalt is a fixed commitment salt (clients draw a fresh one).
const testSalt = "00112233445566778899aabbccddeeff"

func salt(t *testing.T) []byte {
	b, err := hex.DecodeString(testSalt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func accessCode(number string) string { return "CODE-" + number }

// tokenFor is the rating token a client computes from the citizen's code.
func tokenFor(s cryptosuite.Suite, code string) string {
	return hex.EncodeToString(workflow.RatingToken(s, code))
}

func caseHash(number string) module.Hash {
	h := sha256.Sum256([]byte(number))
	return module.HashOf(h[:])
}

func addCase(c *apptest.Chain, number, state string) {
	c.MustDo("nrb-clerk", "notary", "anchor", notary.Anchor{DocHash: caseHash(number), Title: "Case " + number, Category: state})
}

func code(t *testing.T, r interface {
	GetCode() uint32
	GetCodespace() string
	GetLog() string
}, want interface{ Error() string }) {
	t.Helper()
	if r.GetCode() == 0 || !strings.Contains(r.GetLog(), want.Error()) {
		t.Fatalf("want %q, got %d %s %s", want.Error(), r.GetCode(), r.GetCodespace(), r.GetLog())
	}
}

func TestSuggestionReplyHide(t *testing.T) {
	c := apptest.New(t, apptest.Options{})
	dept, err := identity.GetDepartment(c.State(), "nrb")
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := feedback.SealContact(c.Suite, "nrb", dept.EncryptionKey, feedback.Contact{Name: "张三", Phone: "13800000000"})
	if err != nil {
		t.Fatal(err)
	}
	sub := feedback.Submit{Kind: feedback.KindSuggestion, Department: "nrb", Subject: "路灯", Text: "<script>alert(1)</script> 请修路灯", Salt: testSalt,
		ContactKey: hex.EncodeToString(sealed.Key), ContactData: hex.EncodeToString(sealed.Data)}
	raw := c.Sign("gsd-gateway", "feedback", "submit", sub)
	res := c.Block(raw)[0]
	if res.Code != 0 {
		t.Fatal(res.Log)
	}
	receipt := feedback.ReceiptFor(feedback.KindSuggestion, c.Suite.Hash(raw))
	it, err := feedback.GetItem(c.State(), receipt)
	if err != nil || !bytes.Equal(it.TextHash, feedback.TextCommitment(c.Suite, salt(t), sub.Subject, sub.Text)) || it.Status != feedback.StatusOpen || it.Contact == nil || it.GatewayDept != "gsd" {
		t.Fatalf("item %s: %+v %v", receipt, it, err)
	}
	if !strings.HasPrefix(receipt, "JY-") || len(receipt) != 13 {
		t.Fatalf("receipt %q", receipt)
	}
	// Only the department's data key opens the contact.
	got, err := feedback.OpenContact(c.Suite, "nrb", c.Keys["nrb-data"], it.Contact)
	if err != nil || got.Phone != "13800000000" {
		t.Fatalf("open: %+v %v", got, err)
	}
	if _, err := feedback.OpenContact(c.Suite, "nrb", c.Keys["fin-data"], it.Contact); err == nil {
		t.Fatal("another department's key opened the contact")
	}
	if _, err := feedback.OpenContact(c.Suite, "fin", c.Keys["nrb-data"], it.Contact); err == nil {
		t.Fatal("contact opened under another department's binding")
	}
	// Only the gateway submits; only the addressed department replies.
	if r := c.Do("nrb-clerk", "feedback", "submit", sub); r.Code == 0 {
		t.Fatal("a clerk could submit as a citizen")
	}
	code(t, c.Do("fin-admin", "feedback", "reply", feedback.ReplyTo{Receipt: receipt, Text: "no"}), feedback.ErrOtherDepartment)
	c.MustDo("nrb-clerk", "feedback", "reply", feedback.ReplyTo{Receipt: receipt, Text: "已安排维修"})
	it, _ = feedback.GetItem(c.State(), receipt)
	if it.Status != feedback.StatusReplied || len(it.Replies) != 1 || it.Replies[0].Department != "nrb" {
		t.Fatalf("after reply: %+v", it)
	}
	// Moderation: the gateway's department admin may hide; others not.
	code(t, c.Do("fin-admin", "feedback", "hide", feedback.Hide{Receipt: receipt, Reason: "x"}), feedback.ErrOtherDepartment)
	c.MustDo("gsd-admin", "feedback", "hide", feedback.Hide{Receipt: receipt, Reason: "辱骂内容"})
	code(t, c.Do("nrb-admin", "feedback", "hide", feedback.Hide{Receipt: receipt, Reason: "again"}), feedback.ErrAlreadyHidden)
	it, _ = feedback.GetItem(c.State(), receipt)
	if it.Hidden == nil || it.Hidden.Reason != "辱骂内容" || len(it.TextHash) == 0 {
		t.Fatalf("hidden: %+v", it)
	}
	// Payload checks.
	for i, bad := range []feedback.Submit{
		{Kind: "praise", Department: "nrb", Subject: "s", Text: "t", Salt: testSalt, Anonymous: true},
		{Kind: "complaint", Department: "nrb", Subject: "s", Text: "", Salt: testSalt, Anonymous: true},
		{Kind: "complaint", Department: "nrb", Subject: "s", Text: "t", Salt: testSalt},
		{Kind: "complaint", Department: "nrb", Subject: "s", Text: "t", Salt: testSalt, Anonymous: true, ContactKey: "aa", ContactData: "bb"},
		{Kind: "complaint", Department: "nrb", Subject: "s", Text: "t", Anonymous: true},
		{Kind: "complaint", Department: "nrb", Subject: "s", Text: "t", Salt: "abcd", Anonymous: true},
	} {
		if r := c.Do("gsd-gateway", "feedback", "submit", bad); r.Code == 0 || r.Codespace != "tx" {
			t.Errorf("%d: %d %s %s", i, r.Code, r.Codespace, r.Log)
		}
	}
	r := c.Do("gsd-gateway", "feedback", "submit", feedback.Submit{Kind: "complaint", Department: "xyz", Subject: "s", Text: "t", Salt: testSalt, Anonymous: true})
	code(t, r, identity.ErrDepartmentNotFound)
}

func TestRatingAndRectification(t *testing.T) {
	// The production lookup reads workflow cases: none exists yet.
	plain := apptest.New(t, apptest.Options{})
	rate := feedback.Rate{CaseNo: "PS-2026-0001", Level: feedback.Dissatisfied, Comment: "太慢", Salt: testSalt, RatingToken: tokenFor(plain.Suite, accessCode("PS-2026-0001"))}
	code(t, plain.Do("gsd-gateway", "feedback", "rate", rate), feedback.ErrCaseNotFound)

	c := newFakeCaseChain(t)
	code(t, c.Do("gsd-gateway", "feedback", "rate", rate), feedback.ErrCaseNotFound)
	addCase(c, "PS-2026-0001", "in_progress")
	code(t, c.Do("gsd-gateway", "feedback", "rate", rate), feedback.ErrCaseNotCompleted)
	addCase(c, "PS-2026-0002", "completed")
	addCase(c, "PS-2026-0003", "completed")
	rate.CaseNo, rate.RatingToken = "PS-2026-0002", tokenFor(c.Suite, accessCode("PS-2026-0002"))
	raw := c.Sign("gsd-gateway", "feedback", "rate", rate)
	if r := c.Block(raw)[0]; r.Code != 0 {
		t.Fatal(r.Log)
	}
	receipt := feedback.ReceiptFor(feedback.KindRating, c.Suite.Hash(raw))
	it, err := feedback.GetItem(c.State(), receipt)
	if err != nil || it.Level != feedback.Dissatisfied || it.Department != "nrb" || it.Task == "" {
		t.Fatalf("rating: %+v %v", it, err)
	}
	task, err := feedback.GetTask(c.State(), it.Task)
	if err != nil || task.Status != feedback.TaskOpen || task.Deadline.Sub(task.Opened) != feedback.RectifyDays*24*time.Hour {
		t.Fatalf("task: %+v %v", task, err)
	}
	// Once per case.
	rate.Level = feedback.VerySatisfied
	code(t, c.Do("gsd-gateway", "feedback", "rate", rate), feedback.ErrAlreadyRated)
	// A good rating opens no task.
	rate.CaseNo, rate.RatingToken = "PS-2026-0003", tokenFor(c.Suite, accessCode("PS-2026-0003"))
	c.MustDo("gsd-gateway", "feedback", "rate", rate)
	// Closing: own department only, once.
	code(t, c.Do("fin-admin", "feedback", "close_task", feedback.CloseTask{Task: task.ID, Text: "x"}), feedback.ErrOtherDepartment)
	c.Advance(20 * 24 * time.Hour)
	r := c.MustDo("nrb-approver", "feedback", "close_task", feedback.CloseTask{Task: task.ID, Text: "已优化流程"})
	if apptest.Event(r, "feedback.task_closed", "late") != "true" {
		t.Fatal("late closure not flagged")
	}
	code(t, c.Do("nrb-approver", "feedback", "close_task", feedback.CloseTask{Task: task.ID, Text: "again"}), feedback.ErrTaskClosed)
	task, _ = feedback.GetTask(c.State(), task.ID)
	if task.Status != feedback.TaskClosed || task.Closure == nil || task.Closure.Text != "已优化流程" {
		t.Fatalf("closed task: %+v", task)
	}
}

// TestRatingNeedsCitizenToken: a gateway account alone cannot rate a case;
// the chain wants the token only the citizen's access code yields.
func TestRatingNeedsCitizenToken(t *testing.T) {
	c := newFakeCaseChain(t)
	const no = "PS-2026-0100"
	addCase(c, no, "completed")
	for _, tc := range []struct {
		name      string
		token     string
		codespace string
		want      error
	}{
		{"no token", "", "tx", nil},
		{"not hex", "zz", "tx", nil},
		{"another case's code", tokenFor(c.Suite, accessCode("PS-2026-0101")), "feedback", feedback.ErrRatingToken},
		{"the access code hash instead", hex.EncodeToString(workflow.AccessCodeHash(c.Suite, accessCode(no))), "feedback", feedback.ErrRatingToken},
		{"the token hash itself", hex.EncodeToString(workflow.RatingTokenHashFor(c.Suite, accessCode(no))), "feedback", feedback.ErrRatingToken},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.Do("gsd-gateway", "feedback", "rate", feedback.Rate{CaseNo: no, Level: feedback.VeryDissatisfied, RatingToken: tc.token})
			if r.Code == 0 || r.Codespace != tc.codespace {
				t.Fatalf("got %d %s %s, want a %s refusal", r.Code, r.Codespace, r.Log, tc.codespace)
			}
			if tc.want != nil {
				code(t, r, tc.want)
			}
		})
	}
	if got, _ := feedback.RatingOf(c.State(), no); got != "" {
		t.Fatalf("a refused rating used up the case's one rating: %s", got)
	}
	// The citizen's code, typed loosely, gives the right token.
	c.MustDo("gsd-gateway", "feedback", "rate", feedback.Rate{CaseNo: no, Level: feedback.Satisfied,
		RatingToken: tokenFor(c.Suite, strings.ToLower(accessCode(no)))})
	if got, _ := feedback.RatingOf(c.State(), no); got == "" {
		t.Fatal("the right token was not accepted")
	}
}
