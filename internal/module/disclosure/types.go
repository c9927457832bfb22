// Package disclosure is 政务公开: departments publish policies, notices and
// decisions with a category and an effective date. A published version is
// never changed: an amendment is a new version of the same document number
// that links to the version it amends, and every version stays readable.
package disclosure

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Categories a document may have, in display order.
const (
	CategoryPolicy   = "policy"   // 政策文件
	CategoryNotice   = "notice"   // 通知公告
	CategoryPlan     = "plan"     // 规划计划
	CategoryDecision = "decision" // 决定决议
	CategoryFinance  = "finance"  // 财政信息
	CategoryOther    = "other"    // 其他
)

// Categories lists every category.
func Categories() []string {
	return []string{CategoryPolicy, CategoryNotice, CategoryPlan, CategoryDecision, CategoryFinance, CategoryOther}
}

// ValidCategory reports whether c is a known category.
func ValidCategory(c string) bool {
	for _, x := range Categories() {
		if x == c {
			return true
		}
	}
	return false
}

// Limits on the text of a document (in characters).
const (
	MaxTitle  = 200
	MaxBody   = 20000
	MaxRef    = 100
	MaxReason = 1000
)

// Document is one version of a published document.
type Document struct {
	// Number identifies the document across its versions: <dept>-<year>-<seq>.
	Number  string `cbor:"1,keyasint" json:"number"`
	Version int    `cbor:"2,keyasint" json:"version"`
	// Department that published it.
	Department string `cbor:"3,keyasint" json:"department"`
	Title      string `cbor:"4,keyasint" json:"title"`
	Category   string `cbor:"5,keyasint" json:"category"`
	Body       string `cbor:"6,keyasint" json:"body"`
	// EffectiveDate is the day it takes effect, YYYY-MM-DD.
	EffectiveDate string `cbor:"7,keyasint" json:"effective_date"`
	// Ref is the department's own document reference (文号), optional.
	Ref string `cbor:"8,keyasint,omitempty" json:"ref,omitempty"`
	// Amends is the version this one replaces (0 for the first version).
	Amends int `cbor:"9,keyasint,omitempty" json:"amends,omitempty"`
	// Reason explains an amendment.
	Reason string    `cbor:"10,keyasint,omitempty" json:"reason,omitempty"`
	Signer string    `cbor:"11,keyasint" json:"signer"`
	Height int64     `cbor:"12,keyasint" json:"height"`
	Time   time.Time `cbor:"13,keyasint" json:"time"`
	TxHash string    `cbor:"14,keyasint" json:"tx_hash"`
}

// Publish is the payload of disclosure.publish: a new document.
type Publish struct {
	Title         string `json:"title"`
	Category      string `json:"category"`
	Body          string `json:"body"`
	EffectiveDate string `json:"effective_date"`
	Ref           string `json:"ref,omitempty"`
}

// Validate implements module.Payload.
func (p *Publish) Validate() error {
	return validateContent(p.Title, p.Category, p.Body, p.EffectiveDate, p.Ref)
}

// Amend is the payload of disclosure.amend: a new version of a document.
type Amend struct {
	Number string `json:"number"`
	// Amends must be the latest version, so two people amending at once
	// cannot silently overwrite each other.
	Amends        int    `json:"amends"`
	Title         string `json:"title"`
	Category      string `json:"category"`
	Body          string `json:"body"`
	EffectiveDate string `json:"effective_date"`
	Ref           string `json:"ref,omitempty"`
	Reason        string `json:"reason"`
}

// Validate implements module.Payload.
func (p *Amend) Validate() error {
	if !numberPattern.MatchString(p.Number) {
		return fmt.Errorf("%w: number %q must look like nrb-2026-0001", ErrInvalid, p.Number)
	}
	if p.Amends < 1 {
		return fmt.Errorf("%w: amends must be the version number being amended (1 or more)", ErrInvalid)
	}
	if strings.TrimSpace(p.Reason) == "" || utf8.RuneCountInString(p.Reason) > MaxReason {
		return fmt.Errorf("%w: reason is required (at most %d characters)", ErrInvalid, MaxReason)
	}
	return validateContent(p.Title, p.Category, p.Body, p.EffectiveDate, p.Ref)
}

var numberPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{1,31}-[0-9]{4}-[0-9]{4,}$`)

// ValidNumber reports whether s has the shape of a document number.
func ValidNumber(s string) bool { return numberPattern.MatchString(s) }

func validateContent(title, category, body, effective, ref string) error {
	if strings.TrimSpace(title) == "" || utf8.RuneCountInString(title) > MaxTitle {
		return fmt.Errorf("%w: title is required (at most %d characters)", ErrInvalid, MaxTitle)
	}
	if !ValidCategory(category) {
		return fmt.Errorf("%w: category %q (known: %v)", ErrInvalid, category, Categories())
	}
	if strings.TrimSpace(body) == "" || utf8.RuneCountInString(body) > MaxBody {
		return fmt.Errorf("%w: body is required (at most %d characters)", ErrInvalid, MaxBody)
	}
	if _, err := time.Parse(time.DateOnly, effective); err != nil {
		return fmt.Errorf("%w: effective_date %q must be YYYY-MM-DD", ErrInvalid, effective)
	}
	if utf8.RuneCountInString(ref) > MaxRef {
		return fmt.Errorf("%w: ref is at most %d characters", ErrInvalid, MaxRef)
	}
	for _, s := range []string{title, body, ref} {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%w: text must be valid UTF-8", ErrInvalid)
		}
	}
	return nil
}
