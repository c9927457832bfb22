// Package workflow runs approval processes (审批流程) as on-chain state
// machines. A department publishes a process definition as data; cases
// opened against it keep that version for life and move step by step as
// the responsible departments act. Everything a case records is public
// except the applicant's personal data, which is stored only encrypted,
// under a per-case key wrapped for the departments on the process.
//
// The engine is a pure function of (definition, case, action, block time):
// it reads no clock and no map order, so every node reaches the same state.
package workflow

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/sealed"
)

// Step kinds.
const (
	KindTask     = "task"     // one department, some roles
	KindParallel = "parallel" // 会签: every branch department must complete
	KindNotice   = "notice"   // 公示: a period in which anyone may object
	KindEnd      = "end"      // closes the case with an outcome
)

// Actions sent with workflow.act.
const (
	ActAccept        = "accept"         // 受理
	ActApprove       = "approve"        // 同意 / 批准
	ActReject        = "reject"         // 不予受理 / 不同意 / 不予批准
	ActReturn        = "return"         // 退回补正: back to a task step, awaiting materials
	ActOpinion       = "opinion"        // 出具意见: recorded, the case does not move
	ActIssueDocument = "issue_document" // 出具文书 / 发证
	ActComplete      = "complete"       // close a notice step
)

// Entries in a case's history that are not workflow.act actions.
const (
	ActOpen            = "open"
	ActSupplement      = "supplement"
	ActFileObjection   = "file_objection"
	ActAnswerObjection = "answer_objection"
)

// Outcomes an action gives its step; a step's "next" names where each goes.
const (
	OutPass   = "pass"
	OutReject = "reject"
	OutReturn = "return"
)

// Case statuses.
const (
	StatusOpen   = "open"
	StatusClosed = "closed"
)

// Outcomes an end step may give a case.
const (
	OutcomeApproved  = "approved"
	OutcomeRejected  = "rejected"
	OutcomeWithdrawn = "withdrawn"
)

// Visit results besides the action that completed the visit.
const ResultAbandoned = "abandoned" // a parallel branch left when another branch returned the case

// actionsByKind is what each kind of step can allow at all; a definition
// picks a subset per step.
var actionsByKind = map[string][]string{
	KindTask:     {ActAccept, ActApprove, ActReject, ActReturn, ActOpinion, ActIssueDocument},
	KindParallel: {ActApprove, ActReject, ActReturn, ActOpinion},
	KindNotice:   {ActComplete, ActReject, ActReturn, ActOpinion},
}

// outcomeOf maps an action to the transition it takes ("" = the case stays).
func outcomeOf(action string) string {
	switch action {
	case ActAccept, ActApprove, ActIssueDocument, ActComplete:
		return OutPass
	case ActReject:
		return OutReject
	case ActReturn:
		return OutReturn
	}
	return ""
}

// isActAction reports whether a is a workflow.act action.
func isActAction(a string) bool { return a != "" && (outcomeOf(a) != "" || a == ActOpinion) }

// Field types of case fields.
const (
	TypeNumber = "integer"
	TypeString = "string"
)

var (
	defIDPattern    = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}$`)
	stepIDPattern   = regexp.MustCompile(`^[a-z][a-z0-9_-]{0,31}$`)
	prefixPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,11}$`)
	namePattern     = regexp.MustCompile(`^[a-z][a-z0-9_]{0,31}$`) // field names, attachment kinds
	caseNumberShape = regexp.MustCompile(`^[A-Z][A-Z0-9]{1,11}-[0-9]{4}-[0-9]{6,}$`)
)

// Limits keep a definition within one transaction and a case record within
// what a handler rewrites comfortably on every action.
const (
	maxSteps          = 64
	maxBranches       = 16
	maxFields         = 32
	maxAttachments    = 16
	maxConditionDepth = 8
	maxNameRunes      = 200
	maxTextRunes      = 2000
	maxFieldRunes     = 200
	maxLimitDays      = 3650
	maxNoticeDays     = 365
	maxWrappedKey     = 512
	maxCiphertext     = 16 * 1024
	maxCaseNumber     = 32
)

// Value is a case field or condition operand: an integer or a string.
// Numbers are integers, with the unit in the field's name (area_m2,
// amount_fen): no float reaches state, and a JSON number has one meaning.
type Value struct {
	Num   int64  `cbor:"1,keyasint,omitempty"`
	Str   string `cbor:"2,keyasint,omitempty"`
	IsNum bool   `cbor:"3,keyasint,omitempty"`
}

// NumberValue is an integer field value.
func NumberValue(n int64) Value { return Value{Num: n, IsNum: true} }

// StringValue is a text field value.
func StringValue(s string) Value { return Value{Str: s} }

// Type is TypeNumber or TypeString.
func (v Value) Type() string {
	if v.IsNum {
		return TypeNumber
	}
	return TypeString
}

func (v Value) String() string {
	if v.IsNum {
		return strconv.FormatInt(v.Num, 10)
	}
	return v.Str
}

// MarshalJSON writes a plain JSON number or string.
func (v Value) MarshalJSON() ([]byte, error) {
	if v.IsNum {
		return []byte(strconv.FormatInt(v.Num, 10)), nil
	}
	return json.Marshal(v.Str)
}

// UnmarshalJSON reads a JSON number or string; anything else is refused.
func (v *Value) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return fmt.Errorf("empty value")
	}
	switch c := b[0]; {
	case c == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxFieldRunes {
			return fmt.Errorf("text value must be valid UTF-8 of at most %d characters", maxFieldRunes)
		}
		*v = StringValue(s)
		return nil
	case c == '-' || (c >= '0' && c <= '9'):
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			if bytes.ContainsAny(b, ".eE") {
				return fmt.Errorf("number %s must be an integer (put the unit in the field name, e.g. area_m2)", truncate(string(b), 20))
			}
			return fmt.Errorf("number %s is out of range for a 64-bit integer", truncate(string(b), 24))
		}
		*v = NumberValue(n)
		return nil
	}
	return fmt.Errorf("value must be a number or a string, got %s", truncate(string(b), 20))
}

// HexBytes is binary data that travels as hex in JSON and as a CBOR byte
// string in state (shared with every sealed record, see internal/sealed).
type HexBytes = sealed.HexBytes

// Attachment is a document named by its kind and identified by its hash
// (SM3 or SHA-256, 32 bytes). Files never go on chain.
type Attachment struct {
	Kind string   `cbor:"1,keyasint" json:"kind"`
	Hash HexBytes `cbor:"2,keyasint" json:"hash"`
}

func validateAttachments(as []Attachment) error {
	if len(as) > maxAttachments {
		return fmt.Errorf("at most %d attachments", maxAttachments)
	}
	seen := map[string]bool{}
	for i, a := range as {
		if !namePattern.MatchString(a.Kind) {
			return fmt.Errorf("attachments[%d].kind %q must match %s", i, a.Kind, namePattern)
		}
		if len(a.Hash) != 32 {
			return fmt.Errorf("attachments[%d].hash must be 64 hex digits", i)
		}
		if seen[a.Kind] {
			return fmt.Errorf("attachment kind %q given twice", a.Kind)
		}
		seen[a.Kind] = true
	}
	return nil
}

func validateText(what, s string, required bool) error {
	if required && s == "" {
		return fmt.Errorf("%s is required", what)
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > maxTextRunes {
		return fmt.Errorf("%s must be valid UTF-8 of at most %d characters", what, maxTextRunes)
	}
	return nil
}

func validateCaseNumber(n string) error {
	if len(n) > maxCaseNumber || !caseNumberShape.MatchString(n) {
		return fmt.Errorf("case %q is not a case number like LAND-2026-000001", n)
	}
	return nil
}

// days is a statutory limit in calendar days of block time. Working days
// (工作日) would need a holiday calendar on chain; definitions state limits
// in calendar days instead.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// blockNow is the handler's notion of now: block time in UTC truncated to
// the second, because the state encoding stores whole seconds and a value
// compared in memory must equal the value read back later.
func blockNow(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
