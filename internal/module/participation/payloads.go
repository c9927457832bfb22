package participation

import (
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/sealed"
)

// Limits on text (characters) and numbers.
const (
	MaxTitle       = 100
	MaxBody        = 4000
	MaxPlace       = 200
	MaxReason      = 500
	MaxCapacity    = 10000
	MaxMinutes     = 24 * 60
	MaxAttendance  = 500 // receipts in one attendance record
	MaxCancelCode  = 64
	maxCaseNo      = 64
	maxReceiptChar = 32
)

func text(field, s string, required bool, max int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s must be valid UTF-8", ErrInvalid, field)
	}
	if required && strings.TrimSpace(s) == "" {
		return fmt.Errorf("%w: %s is required", ErrInvalid, field)
	}
	if utf8.RuneCountInString(s) > max {
		return fmt.Errorf("%w: %s is at most %d characters", ErrInvalid, field, max)
	}
	return nil
}

// PublishStory is the payload of participation.story_publish.
type PublishStory struct {
	CaseNo  string `json:"case_no"`
	TitleZH string `json:"title_zh"`
	TitleEN string `json:"title_en,omitempty"`
	BodyZH  string `json:"body_zh"`
	BodyEN  string `json:"body_en,omitempty"`
	// Consent must be true: the department confirms the citizen agreed in
	// writing; ConsentHash is the hash of that signed form.
	Consent     bool        `json:"consent"`
	ConsentHash module.Hash `json:"consent_hash"`
}

// Validate implements module.Payload.
func (p *PublishStory) Validate() error {
	if err := text("case_no", p.CaseNo, true, maxCaseNo); err != nil {
		return err
	}
	for _, f := range []struct {
		name, v  string
		required bool
		max      int
	}{{"title_zh", p.TitleZH, true, MaxTitle}, {"title_en", p.TitleEN, false, MaxTitle},
		{"body_zh", p.BodyZH, true, MaxBody}, {"body_en", p.BodyEN, false, MaxBody}} {
		if err := text(f.name, f.v, f.required, f.max); err != nil {
			return err
		}
	}
	if !p.Consent {
		return fmt.Errorf("%w: consent: the citizen's written consent is required", ErrInvalid)
	}
	if err := p.ConsentHash.Check("consent_hash", true); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return nil
}

// WithdrawStory is the payload of participation.story_withdraw.
type WithdrawStory struct {
	Story  uint64 `json:"story"`
	Reason string `json:"reason"`
}

// Validate implements module.Payload.
func (p *WithdrawStory) Validate() error {
	if p.Story == 0 {
		return fmt.Errorf("%w: story is required", ErrInvalid)
	}
	return text("reason", p.Reason, true, MaxReason)
}

// Announce is the payload of participation.activity_announce.
type Announce struct {
	Kind          string `json:"kind"`
	TitleZH       string `json:"title_zh"`
	TitleEN       string `json:"title_en,omitempty"`
	DescriptionZH string `json:"description_zh,omitempty"`
	DescriptionEN string `json:"description_en,omitempty"`
	Place         string `json:"place"`
	// StartUnix is the start in Unix seconds; it must lie after the block
	// time of the announcement.
	StartUnix int64  `json:"start_unix"`
	Minutes   uint32 `json:"minutes"`
	Capacity  uint32 `json:"capacity"`
}

// Validate implements module.Payload.
func (p *Announce) Validate() error {
	if p.Kind != KindLecture && p.Kind != KindForum {
		return fmt.Errorf("%w: kind %q must be %q or %q", ErrInvalid, p.Kind, KindLecture, KindForum)
	}
	for _, f := range []struct {
		name, v  string
		required bool
		max      int
	}{{"title_zh", p.TitleZH, true, MaxTitle}, {"title_en", p.TitleEN, false, MaxTitle},
		{"description_zh", p.DescriptionZH, false, MaxBody}, {"description_en", p.DescriptionEN, false, MaxBody},
		{"place", p.Place, true, MaxPlace}} {
		if err := text(f.name, f.v, f.required, f.max); err != nil {
			return err
		}
	}
	// 2000-01-01 .. 2100-01-01: a start outside is a unit mistake.
	if p.StartUnix < 946684800 || p.StartUnix > 4102444800 {
		return fmt.Errorf("%w: start_unix %d is not a plausible time in Unix seconds", ErrInvalid, p.StartUnix)
	}
	if p.Minutes == 0 || p.Minutes > MaxMinutes {
		return fmt.Errorf("%w: minutes must be 1..%d", ErrInvalid, MaxMinutes)
	}
	if p.Capacity == 0 || p.Capacity > MaxCapacity {
		return fmt.Errorf("%w: capacity must be 1..%d", ErrInvalid, MaxCapacity)
	}
	return nil
}

// CancelActivity is the payload of participation.activity_cancel.
type CancelActivity struct {
	Activity uint64 `json:"activity"`
	Reason   string `json:"reason"`
}

// Validate implements module.Payload.
func (p *CancelActivity) Validate() error {
	if p.Activity == 0 {
		return fmt.Errorf("%w: activity is required", ErrInvalid)
	}
	return text("reason", p.Reason, true, MaxReason)
}

var hexHash = regexp.MustCompile(`^[0-9a-f]{64}$`)

// SignUp is the payload of participation.signup (gateway only). Contact
// is the citizen's name and phone sealed (sealed.DomainActivitySignup) to
// the organising department only; CancelHash is CancelHash(code) of the
// cancel code the gateway gives the citizen. Participant is the keyed
// hash of the phone number (internal/participant), so the evaluation can
// count distinct people without knowing who; absent when the gateway holds
// no participant-hash key (the sign-up then counts as "without a hash").
type SignUp struct {
	Activity    uint64      `json:"activity"`
	Contact     *sealed.Box `json:"contact"`
	CancelHash  string      `json:"cancel_hash"`
	Participant module.Hash `json:"participant,omitempty"`
}

// Validate implements module.Payload.
func (p *SignUp) Validate() error {
	if p.Activity == 0 {
		return fmt.Errorf("%w: activity is required", ErrInvalid)
	}
	if p.Contact == nil {
		return fmt.Errorf("%w: contact: the sealed name and phone are required", ErrInvalid)
	}
	if err := p.Contact.CheckSize(); err != nil {
		return fmt.Errorf("%w: contact: %v", ErrInvalid, err)
	}
	if !hexHash.MatchString(p.CancelHash) {
		return fmt.Errorf("%w: cancel_hash must be 64 lower-case hex digits", ErrInvalid)
	}
	if err := p.Participant.Check("participant", false); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	return nil
}

func (p *SignUp) cancelHash() []byte {
	b, _ := hex.DecodeString(p.CancelHash)
	return b
}

// CancelSignup is the payload of participation.signup_cancel (gateway
// only): the receipt and the cancel code the citizen typed.
type CancelSignup struct {
	Receipt    string `json:"receipt"`
	CancelCode string `json:"cancel_code"`
}

// Validate implements module.Payload.
func (p *CancelSignup) Validate() error {
	if err := text("receipt", p.Receipt, true, maxReceiptChar); err != nil {
		return err
	}
	return text("cancel_code", p.CancelCode, true, MaxCancelCode)
}

// Attendance is the payload of participation.attendance: the receipts of
// the sign-ups that came.
type Attendance struct {
	Activity uint64   `json:"activity"`
	Receipts []string `json:"receipts"`
}

// Validate implements module.Payload.
func (p *Attendance) Validate() error {
	if p.Activity == 0 {
		return fmt.Errorf("%w: activity is required", ErrInvalid)
	}
	if len(p.Receipts) == 0 || len(p.Receipts) > MaxAttendance {
		return fmt.Errorf("%w: receipts: 1..%d expected", ErrInvalid, MaxAttendance)
	}
	seen := map[string]bool{}
	for i, r := range p.Receipts {
		if err := text(fmt.Sprintf("receipts[%d]", i), r, true, maxReceiptChar); err != nil {
			return err
		}
		if seen[r] {
			return fmt.Errorf("%w: receipts[%d]: %s listed twice", ErrInvalid, i, r)
		}
		seen[r] = true
	}
	return nil
}

// ReturnVisit is the payload of participation.return_visit (gateway
// only): RatingToken is workflow.RatingToken(suite, access code), as a
// rating carries it, so only the citizen who holds the case's code can
// answer.
type ReturnVisit struct {
	Task        string `json:"task"`
	RatingToken string `json:"rating_token"`
	Answer      string `json:"answer"`
}

// Validate implements module.Payload.
func (p *ReturnVisit) Validate() error {
	if err := text("task", p.Task, true, maxReceiptChar); err != nil {
		return err
	}
	if !hexHash.MatchString(p.RatingToken) {
		return fmt.Errorf("%w: rating_token must be 64 lower-case hex digits", ErrInvalid)
	}
	if p.Answer != Solved && p.Answer != NotSolved {
		return fmt.Errorf("%w: answer %q must be %q or %q", ErrInvalid, p.Answer, Solved, NotSolved)
	}
	return nil
}

func (p *ReturnVisit) token() []byte {
	b, _ := hex.DecodeString(p.RatingToken)
	return b
}
