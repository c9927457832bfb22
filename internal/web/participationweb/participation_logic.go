package participationweb

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/sealed"
	"github.com/pingshan/govchain/internal/web/site"
)

// SignupInput is a citizen's sign-up for an activity, from the form or as
// the body of POST /api/v1/participation/signups.
type SignupInput struct {
	Activity uint64 `json:"activity"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
}

// SignupCreated answers a sign-up: the receipt and the cancel code, shown
// once (the chain keeps only the code's hash).
type SignupCreated struct {
	Receipt    string `json:"receipt"`
	CancelCode string `json:"cancel_code"`
	Activity   uint64 `json:"activity"`
	Height     int64  `json:"height"`
	TxHash     string `json:"tx_hash"`
}

// SignupContact is what is sealed to the organising department.
type SignupContact struct {
	Name  string `json:"name"`
	Phone string `json:"phone"`
}

var phonePattern = regexp.MustCompile(`^[0-9][0-9 -]{5,19}$`)

// newCancelCode draws 80 random bits, written as four groups of four
// base32 letters and digits (no padding): what a citizen can copy.
func newCancelCode() (string, error) {
	b := make([]byte, 10)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	s := base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)
	return s[0:4] + "-" + s[4:8] + "-" + s[8:12] + "-" + s[12:16], nil
}

func normalizeCancelCode(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

var (
	errSignupName  = fmt.Errorf("%w: name is required (at most 50 characters)", site.ErrBadRequest)
	errSignupPhone = fmt.Errorf("%w: phone must be 6 to 20 digits", site.ErrBadRequest)
)

// signup seals the citizen's name and phone to the organising department
// and signs the sign-up with the gateway key: the one path for the form
// and the JSON API. Nothing personal leaves this function in clear.
func (p *Portal) signup(ctx context.Context, client string, in SignupInput) (*SignupCreated, error) {
	if p.Gateway() == nil {
		return nil, fmt.Errorf("%w: this node has no gateway account (%s)", site.ErrUnavailable, site.GatewayKeyName)
	}
	in.Name, in.Phone = strings.TrimSpace(in.Name), strings.TrimSpace(in.Phone)
	if in.Name == "" || utf8.RuneCountInString(in.Name) > 50 {
		return nil, errSignupName
	}
	if !phonePattern.MatchString(in.Phone) {
		return nil, errSignupPhone
	}
	st := p.n.Store.Committed()
	a, err := participation.GetActivity(st, in.Activity)
	if err != nil {
		return nil, err
	}
	// Refuse early what the chain would refuse (a full activity, one that
	// started): the gateway's transactions are not spent on them. The
	// chain decides again, in block order.
	if a.State != participation.ActivityOpen {
		return nil, fmt.Errorf("%w: activity %d", participation.ErrActivityState, a.ID)
	}
	if !p.BlockTime().Before(a.Start) {
		return nil, fmt.Errorf("%w: activity %d", participation.ErrSignupClosed, a.ID)
	}
	if a.Full() {
		return nil, fmt.Errorf("%w: activity %d", participation.ErrFull, a.ID)
	}
	d, err := identity.GetDepartment(st, a.Department)
	if err != nil {
		return nil, err
	}
	readers, err := sealed.Readers(p.suite, []string{d.ID}, map[string][]byte{d.ID: d.EncryptionKey})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", site.ErrUnavailable, err)
	}
	plain, _ := json.Marshal(SignupContact{Name: in.Name, Phone: in.Phone})
	box, err := sealed.Seal(p.suite, readers, sealed.DomainActivitySignup, plain)
	clear(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", site.ErrUnavailable, err)
	}
	code, err := newCancelCode()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", site.ErrUnavailable, err)
	}
	pl := &participation.SignUp{Activity: a.ID, Contact: box, CancelHash: hex.EncodeToString(participation.CancelHash(p.suite, code)),
		Participant: p.ParticipantHash(in.Phone, "")}
	if err := pl.Validate(); err != nil {
		return nil, err
	}
	if !p.ipLimit.Allow(client) {
		return nil, site.ErrRateLimited
	}
	res, err := p.Send(ctx, p.Gateway(), "participation", "signup", pl)
	if err != nil {
		return nil, err
	}
	return &SignupCreated{Receipt: participation.SignupReceipt(res.Hash), CancelCode: code, Activity: a.ID, Height: res.Height,
		TxHash: hex.EncodeToString(res.Hash)}, nil
}

var signupReceiptPattern = regexp.MustCompile(`^BM-[0-9A-F]{10}$`)

// cancelSignup cancels with the receipt and the cancel code. Wrong codes
// are charged to the client like wrong access codes.
func (p *Portal) cancelSignup(ctx context.Context, client, receipt, code string) (*participation.Signup, error) {
	if p.Gateway() == nil {
		return nil, fmt.Errorf("%w: this node has no gateway account (%s)", site.ErrUnavailable, site.GatewayKeyName)
	}
	receipt, code = strings.ToUpper(strings.TrimSpace(receipt)), normalizeCancelCode(code)
	if !signupReceiptPattern.MatchString(receipt) || code == "" {
		return nil, fmt.Errorf("%w: the receipt number (BM-…) and the cancel code are required", site.ErrBadRequest)
	}
	if p.wrongCodeBlocked(client) {
		return nil, site.ErrTooManyWrongCodes
	}
	s, err := participation.GetSignup(p.n.Store.Committed(), receipt)
	if err != nil || !participation.CheckCancel(p.suite, s.CancelHash, code) {
		p.wrongCode(client)
		// Never tell which of receipt and code was wrong.
		return nil, participation.ErrCancelCode
	}
	if s.State != participation.SignupActive {
		return nil, fmt.Errorf("%w: %s", participation.ErrSignupState, receipt)
	}
	if _, err := p.Send(ctx, p.Gateway(), "participation", "signup_cancel", &participation.CancelSignup{Receipt: receipt, CancelCode: code}); err != nil {
		return nil, err
	}
	return participation.GetSignup(p.n.Store.Committed(), receipt)
}

// VisitInput is a return visit: the rated case's number and access code,
// and the answer (solved or not_solved).
type VisitInput struct {
	CaseNo     string `json:"case_no"`
	AccessCode string `json:"access_code"`
	Answer     string `json:"answer"`
}

var (
	errNoRectification = fmt.Errorf("%w: this case has no rectification to answer about (it was not rated 不满意 or 非常不满意)", site.ErrBadRequest)
)

// returnVisit finds the rectification task of the case's poor rating and
// records the citizen's answer, signed by the gateway; the chain checks
// the rating token derived from the code.
func (p *Portal) returnVisit(ctx context.Context, client string, in VisitInput) (*participation.Visit, error) {
	if p.Gateway() == nil {
		return nil, fmt.Errorf("%w: this node has no gateway account (%s)", site.ErrUnavailable, site.GatewayKeyName)
	}
	check := p.CaseAccess()
	if check == nil {
		return nil, fmt.Errorf("%w: return visits need the case module", site.ErrUnavailable)
	}
	in.CaseNo, in.AccessCode = strings.TrimSpace(in.CaseNo), strings.TrimSpace(in.AccessCode)
	if in.CaseNo == "" || in.AccessCode == "" {
		return nil, fmt.Errorf("%w: case number and access code are required", site.ErrAccessCode)
	}
	if in.Answer != participation.Solved && in.Answer != participation.NotSolved {
		return nil, fmt.Errorf("%w: answer must be solved or not_solved", site.ErrBadRequest)
	}
	if p.wrongCodeBlocked(client) {
		return nil, site.ErrTooManyWrongCodes
	}
	st := p.n.Store.Committed()
	if _, err := check(st, in.CaseNo, in.AccessCode); err != nil {
		p.wrongCode(client)
		return nil, site.ErrAccessCode
	}
	receipt, err := feedback.RatingOf(st, in.CaseNo)
	if err != nil {
		return nil, err
	}
	if receipt == "" {
		return nil, errNoRectification
	}
	it, err := feedback.GetItem(st, receipt)
	if err != nil {
		return nil, err
	}
	if it.Task == "" {
		return nil, errNoRectification
	}
	pl := &participation.ReturnVisit{Task: it.Task, RatingToken: hex.EncodeToString(workflow.RatingToken(p.suite, in.AccessCode)), Answer: in.Answer}
	if !p.ipLimit.Allow(client) {
		return nil, site.ErrRateLimited
	}
	if _, err := p.Send(ctx, p.Gateway(), "participation", "return_visit", pl); err != nil {
		return nil, err
	}
	return participation.GetVisit(p.n.Store.Committed(), it.Task)
}
