// Package feedback is citizen participation: 好差评 ratings of completed
// cases, suggestions and complaints to a department, the department's
// public replies, and rectification tasks opened by poor ratings. Citizens
// never sign: the node's gateway account submits on their behalf, and a
// rating carries the citizen's rating token, which the chain checks against
// the case. Contact details travel and rest encrypted for the addressed
// department. The citizen's words stay off state (a salted commitment is
// kept, text.go), so a moderator's hide, with a recorded reason, removes
// them from every answer while the record stays provable.
package feedback

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
)

// Kinds of feedback item.
const (
	KindSuggestion = "suggestion" // 建议
	KindComplaint  = "complaint"  // 投诉
	KindRating     = "rating"     // 好差评
)

// Rating levels, best first (the five levels of 好差评).
const (
	VerySatisfied    = "very_satisfied"    // 非常满意
	Satisfied        = "satisfied"         // 满意
	Basic            = "basic"             // 基本满意
	Dissatisfied     = "dissatisfied"      // 不满意
	VeryDissatisfied = "very_dissatisfied" // 非常不满意
)

// Levels lists the rating levels, best first.
func Levels() []string {
	return []string{VerySatisfied, Satisfied, Basic, Dissatisfied, VeryDissatisfied}
}

// ValidLevel reports whether l is a rating level.
func ValidLevel(l string) bool {
	for _, x := range Levels() {
		if x == l {
			return true
		}
	}
	return false
}

// NeedsRectification reports whether a rating opens a rectification task.
func NeedsRectification(level string) bool { return level == Dissatisfied || level == VeryDissatisfied }

// Statuses of an item.
const (
	StatusOpen    = "open"    // waiting for the department's reply
	StatusReplied = "replied" // the department replied
)

// Task statuses.
const (
	TaskOpen   = "open"
	TaskClosed = "closed"
)

// RectifyDays is the default of feedback.rectify_days: how many days a
// department has to close a rectification task. The value in force is the
// parameter's (RectifyDaysParam), which a governance proposal can change.
const RectifyDays = 15

// Limits on text (characters).
const (
	MaxSubject = 100
	MaxText    = 2000
	MaxReply   = 4000
	MaxReason  = 500
	// MaxSealed bounds the encrypted contact blob (hex characters).
	MaxSealed = 4096
)

// Sealed is data encrypted for a department: Data is sealed with the suite
// AEAD under a fresh data key, and Key is that data key wrapped to the
// department's EncryptionKey.
type Sealed struct {
	Key  []byte `cbor:"1,keyasint" json:"key"`
	Data []byte `cbor:"2,keyasint" json:"data"`
}

// Reply is a department's public answer.
type Reply struct {
	Text       string    `cbor:"1,keyasint" json:"text"`
	Department string    `cbor:"2,keyasint" json:"department"`
	Signer     string    `cbor:"3,keyasint" json:"signer"`
	Height     int64     `cbor:"4,keyasint" json:"height"`
	Time       time.Time `cbor:"5,keyasint" json:"time"`
}

// Moderation records why a text was hidden, and by whom.
type Moderation struct {
	Reason     string    `cbor:"1,keyasint" json:"reason"`
	Signer     string    `cbor:"2,keyasint" json:"signer"`
	Department string    `cbor:"3,keyasint" json:"department"`
	Height     int64     `cbor:"4,keyasint" json:"height"`
	Time       time.Time `cbor:"5,keyasint" json:"time"`
}

// Item is one suggestion, complaint or rating. The citizen's own words
// (subject and text of a suggestion or complaint, a rating's comment) are
// not in this record: they travel in the tx, the index keeps them until a
// moderator hides them, and the record keeps only TextHash, a salted
// commitment to them (see text.go).
type Item struct {
	Receipt    string `cbor:"1,keyasint" json:"receipt"`
	Kind       string `cbor:"2,keyasint" json:"kind"`
	Department string `cbor:"3,keyasint" json:"department"`
	// Subject is set on ratings only: the rated case's process name, not
	// the citizen's words.
	Subject string `cbor:"4,keyasint,omitempty" json:"subject,omitempty"`
	// CaseNo and Level are set on ratings.
	CaseNo    string  `cbor:"6,keyasint,omitempty" json:"case_no,omitempty"`
	Level     string  `cbor:"7,keyasint,omitempty" json:"level,omitempty"`
	Anonymous bool    `cbor:"8,keyasint,omitempty" json:"anonymous"`
	Contact   *Sealed `cbor:"9,keyasint,omitempty" json:"-"`
	Status    string  `cbor:"10,keyasint" json:"status"`
	Replies   []Reply `cbor:"11,keyasint,omitempty" json:"replies"`
	// Hidden is set when a moderator hid Text.
	Hidden *Moderation `cbor:"12,keyasint,omitempty" json:"hidden,omitempty"`
	// Task is the rectification task a poor rating opened.
	Task string `cbor:"13,keyasint,omitempty" json:"task,omitempty"`
	// Gateway is the account that submitted it for the citizen, and its
	// department (whose admins may moderate it too).
	Gateway     string    `cbor:"14,keyasint" json:"gateway"`
	GatewayDept string    `cbor:"15,keyasint" json:"gateway_department"`
	Height      int64     `cbor:"16,keyasint" json:"height"`
	Time        time.Time `cbor:"17,keyasint" json:"time"`
	// TxIndex is the position in block Height of the tx that carried the
	// text.
	TxIndex uint32 `cbor:"18,keyasint" json:"tx_index"`
	// TextHash is TextCommitment(salt, subject, text); empty when the item
	// has no text (a rating without comment).
	TextHash []byte `cbor:"19,keyasint,omitempty" json:"text_hash,omitempty"`
	// Participant is the keyed hash of the contact's phone or e-mail
	// (internal/participant) on a named suggestion or complaint, so the
	// evaluation counts distinct people; never on anonymous items. Not in
	// the JSON: counted, never shown.
	Participant module.Hash `cbor:"20,keyasint,omitempty" json:"-"`
}

// HasContact reports whether encrypted contact details are attached.
func (it *Item) HasContact() bool { return it.Contact != nil }

// Task is a rectification task (整改) opened by a poor rating.
type Task struct {
	ID         string    `cbor:"1,keyasint" json:"id"`
	Receipt    string    `cbor:"2,keyasint" json:"receipt"`
	CaseNo     string    `cbor:"3,keyasint" json:"case_no"`
	Department string    `cbor:"4,keyasint" json:"department"`
	Level      string    `cbor:"5,keyasint" json:"level"`
	Opened     time.Time `cbor:"6,keyasint" json:"opened"`
	Deadline   time.Time `cbor:"7,keyasint" json:"deadline"`
	Status     string    `cbor:"8,keyasint" json:"status"`
	// Closure is the department's public account of what it rectified.
	Closure *Reply `cbor:"9,keyasint,omitempty" json:"closure,omitempty"`
	Height  int64  `cbor:"10,keyasint" json:"height"`
	// Transferred lists the department mergers that moved the task.
	Transferred []Transfer `cbor:"11,keyasint,omitempty" json:"transferred,omitempty"`
}

// Overdue reports whether the task is open past its deadline at now.
func (t *Task) Overdue(now time.Time) bool { return t.Status == TaskOpen && now.After(t.Deadline) }

// receiptPrefix is the receipt number prefix of each kind.
var receiptPrefix = map[string]string{KindSuggestion: "JY", KindComplaint: "TS", KindRating: "PJ"}

// ReceiptFor is the receipt number of the item a transaction creates: its
// kind's prefix and the first 5 bytes of the tx hash. The gateway knows it
// as soon as it has signed, before the block commits.
func ReceiptFor(kind string, txHash []byte) string {
	h := txHash
	if len(h) > 5 {
		h = h[:5]
	}
	return receiptPrefix[kind] + "-" + strings.ToUpper(hex.EncodeToString(h))
}

// TaskFor is the id of the rectification task a rating opens.
func TaskFor(receipt string) string {
	_, suffix, _ := strings.Cut(receipt, "-")
	return "ZG-" + suffix
}

// Submit is the payload of feedback.submit (gateway only): a suggestion
// or complaint to a department.
type Submit struct {
	Kind       string `json:"kind"`
	Department string `json:"department"`
	Subject    string `json:"subject"`
	Text       string `json:"text"`
	// Salt is 16 random bytes (32 hex digits) the client draws, so the
	// commitment on chain does not let anyone confirm a guess of hidden
	// text.
	Salt      string `json:"salt"`
	Anonymous bool   `json:"anonymous"`
	// ContactKey and ContactData are the hex of Sealed.Key and Sealed.Data;
	// both empty for an anonymous submission.
	ContactKey  string `json:"contact_key,omitempty"`
	ContactData string `json:"contact_data,omitempty"`
	// Participant is the keyed participant hash of the contact (named
	// submissions only; optional: a gateway without the key leaves it out).
	Participant module.Hash `json:"participant,omitempty"`
}

// Validate implements module.Payload.
func (p *Submit) Validate() error {
	if p.Kind != KindSuggestion && p.Kind != KindComplaint {
		return fmt.Errorf("%w: kind must be %q or %q", ErrInvalid, KindSuggestion, KindComplaint)
	}
	if p.Department == "" {
		return fmt.Errorf("%w: department is required", ErrInvalid)
	}
	if err := text("subject", p.Subject, 1, MaxSubject); err != nil {
		return err
	}
	if err := text("text", p.Text, 1, MaxText); err != nil {
		return err
	}
	if _, err := decodeSalt(p.Salt); err != nil {
		return err
	}
	hasContact := p.ContactKey != "" || p.ContactData != ""
	if p.Anonymous && (hasContact || p.Participant != "") {
		return fmt.Errorf("%w: an anonymous submission carries no contact details and no participant hash", ErrInvalid)
	}
	if err := p.Participant.Check("participant", false); err != nil {
		return fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if !p.Anonymous {
		if !hasContact {
			return fmt.Errorf("%w: contact details are required unless anonymous", ErrInvalid)
		}
		if _, err := p.Sealed(); err != nil {
			return err
		}
	}
	return nil
}

// Sealed decodes the contact fields.
func (p *Submit) Sealed() (*Sealed, error) {
	k, err1 := hex.DecodeString(p.ContactKey)
	d, err2 := hex.DecodeString(p.ContactData)
	if err1 != nil || err2 != nil || len(k) == 0 || len(d) == 0 || len(p.ContactKey) > MaxSealed || len(p.ContactData) > MaxSealed {
		return nil, fmt.Errorf("%w: contact_key and contact_data must be non-empty hex (at most %d digits)", ErrInvalid, MaxSealed)
	}
	return &Sealed{Key: k, Data: d}, nil
}

// Rate is the payload of feedback.rate (gateway only): 好差评 of a
// completed case, once per case. RatingToken is
// workflow.RatingToken(suite, access code), hex, computed by the client
// from the code the citizen typed; the chain checks it against the case.
type Rate struct {
	CaseNo      string `json:"case_no"`
	Level       string `json:"level"`
	RatingToken string `json:"rating_token"`
	Comment     string `json:"comment,omitempty"`
	// Salt is as Submit's, present exactly when there is a comment.
	Salt string `json:"salt,omitempty"`
}

// Validate implements module.Payload.
func (p *Rate) Validate() error {
	if err := text("case_no", p.CaseNo, 1, 64); err != nil {
		return err
	}
	if !ValidLevel(p.Level) {
		return fmt.Errorf("%w: level %q (known: %v)", ErrInvalid, p.Level, Levels())
	}
	if _, err := p.Token(); err != nil {
		return err
	}
	if err := text("comment", p.Comment, 0, MaxText); err != nil {
		return err
	}
	if p.Comment == "" {
		if p.Salt != "" {
			return fmt.Errorf("%w: salt goes with a comment only", ErrInvalid)
		}
		return nil
	}
	_, err := decodeSalt(p.Salt)
	return err
}

// Token decodes the rating token.
func (p *Rate) Token() ([]byte, error) {
	b, err := hex.DecodeString(p.RatingToken)
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("%w: rating_token must be 64 hex digits", ErrInvalid)
	}
	return b, nil
}

// ReplyTo is the payload of feedback.reply: the department's public reply.
type ReplyTo struct {
	Receipt string `json:"receipt"`
	Text    string `json:"text"`
}

// Validate implements module.Payload.
func (p *ReplyTo) Validate() error {
	if err := text("receipt", p.Receipt, 1, 32); err != nil {
		return err
	}
	return text("text", p.Text, 1, MaxReply)
}

// CloseTask is the payload of feedback.close_task.
type CloseTask struct {
	Task string `json:"task"`
	Text string `json:"text"`
}

// Validate implements module.Payload.
func (p *CloseTask) Validate() error {
	if err := text("task", p.Task, 1, 32); err != nil {
		return err
	}
	return text("text", p.Text, 1, MaxReply)
}

// Hide is the payload of feedback.hide: a moderator hides an item's text.
type Hide struct {
	Receipt string `json:"receipt"`
	Reason  string `json:"reason"`
}

// Validate implements module.Payload.
func (p *Hide) Validate() error {
	if err := text("receipt", p.Receipt, 1, 32); err != nil {
		return err
	}
	return text("reason", p.Reason, 1, MaxReason)
}

func text(field, s string, min, max int) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s must be valid UTF-8", ErrInvalid, field)
	}
	n := utf8.RuneCountInString(strings.TrimSpace(s))
	if n < min || utf8.RuneCountInString(s) > max {
		if min > 0 {
			return fmt.Errorf("%w: %s is required (at most %d characters)", ErrInvalid, field, max)
		}
		return fmt.Errorf("%w: %s is at most %d characters", ErrInvalid, field, max)
	}
	return nil
}
