package sharing

import (
	"fmt"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"github.com/pingshan/govchain/internal/module"
)

// Limits (characters, counts).
const (
	MaxName         = 200
	MaxDescription  = 2000
	MaxLegalBasis   = 1000
	MaxPurpose      = 1000
	MaxReason       = 1000
	MaxFields       = 200
	MaxDurationDays = 3 * 365
	MaxUses         = 1_000_000
)

var (
	resourceIDPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{2,63}$`)
	fieldNamePattern  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
	caseNoPattern     = regexp.MustCompile(`^[A-Z][A-Z0-9-]{2,39}$`)
	addressPattern    = regexp.MustCompile(`^[0-9a-f]{40}$`)
)

func checkText(field, s string, required bool, max int) error {
	if required && s == "" {
		return fmt.Errorf("%s is required", field)
	}
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return fmt.Errorf("%s must be valid UTF-8 of at most %d characters", field, max)
	}
	return nil
}

func checkResourceID(id string) error {
	if !resourceIDPattern.MatchString(id) {
		return fmt.Errorf("resource %q must match %s", id, resourceIDPattern)
	}
	return nil
}

// checkFieldNames: 1 to MaxFields names, each well-formed, none twice.
func checkFieldNames(field string, names []string) error {
	if len(names) == 0 || len(names) > MaxFields {
		return fmt.Errorf("%s: name 1 to %d fields", field, MaxFields)
	}
	for i, n := range names {
		if !fieldNamePattern.MatchString(n) {
			return fmt.Errorf("%s: %q must match %s", field, n, fieldNamePattern)
		}
		if slices.Contains(names[:i], n) {
			return fmt.Errorf("%s: %q is listed twice", field, n)
		}
	}
	return nil
}

// RegisterResource is the payload of sharing/register_resource: a new
// resource, or a new version of one the signer's department owns.
type RegisterResource struct {
	ID           string  `json:"id"`
	NameZH       string  `json:"name_zh"`
	NameEN       string  `json:"name_en"`
	Description  string  `json:"description"`
	Fields       []Field `json:"fields"`
	ShareClass   string  `json:"share_class"`
	LegalBasis   string  `json:"legal_basis,omitempty"`
	Frequency    string  `json:"update_frequency"`
	OpenToPublic bool    `json:"open_to_public,omitempty"`
}

// Validate implements module.Payload.
func (p *RegisterResource) Validate() error {
	if err := checkResourceID(p.ID); err != nil {
		return err
	}
	for _, c := range []struct {
		field, s string
		req      bool
		max      int
	}{{"name_zh", p.NameZH, true, MaxName}, {"name_en", p.NameEN, true, MaxName},
		{"description", p.Description, true, MaxDescription}, {"legal_basis", p.LegalBasis, false, MaxLegalBasis}} {
		if err := checkText(c.field, c.s, c.req, c.max); err != nil {
			return err
		}
	}
	names := make([]string, len(p.Fields))
	personal := false
	for i, f := range p.Fields {
		names[i] = f.Name
		if !slices.Contains(FieldTypes(), f.Type) {
			return fmt.Errorf("fields: %s has type %q, want one of %v", f.Name, f.Type, FieldTypes())
		}
		personal = personal || f.Personal || f.Sensitive
	}
	if err := checkFieldNames("fields", names); err != nil {
		return err
	}
	if !slices.Contains(ShareClasses(), p.ShareClass) {
		return fmt.Errorf("share_class %q must be one of %v", p.ShareClass, ShareClasses())
	}
	if p.ShareClass != ClassUnconditional && p.LegalBasis == "" {
		// 国发〔2016〕51号: conditional and not-shared resources name the law
		// or policy that restricts them.
		return fmt.Errorf("legal_basis is required for share class %s", p.ShareClass)
	}
	if !slices.Contains(Frequencies(), p.Frequency) {
		return fmt.Errorf("update_frequency %q must be one of %v", p.Frequency, Frequencies())
	}
	if p.OpenToPublic && (personal || p.ShareClass == ClassNone) {
		return fmt.Errorf("open_to_public: a resource with personal or sensitive fields, or not shared, is not open to the public")
	}
	return nil
}

// RetireResource is the payload of sharing/retire_resource.
type RetireResource struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// Validate implements module.Payload.
func (p *RetireResource) Validate() error {
	if err := checkResourceID(p.ID); err != nil {
		return err
	}
	return checkText("reason", p.Reason, true, MaxReason)
}

// RequestData is the payload of sharing/request.
type RequestData struct {
	Resource     string   `json:"resource"`
	Fields       []string `json:"fields"`
	Purpose      string   `json:"purpose"`
	LegalBasis   string   `json:"legal_basis,omitempty"`
	CaseNo       string   `json:"case_no,omitempty"`
	DurationDays uint32   `json:"duration_days"`
}

// Validate implements module.Payload.
func (p *RequestData) Validate() error {
	if err := checkResourceID(p.Resource); err != nil {
		return err
	}
	if err := checkFieldNames("fields", p.Fields); err != nil {
		return err
	}
	if err := checkText("purpose", p.Purpose, true, MaxPurpose); err != nil {
		return err
	}
	if err := checkText("legal_basis", p.LegalBasis, false, MaxLegalBasis); err != nil {
		return err
	}
	if p.CaseNo != "" && !caseNoPattern.MatchString(p.CaseNo) {
		return fmt.Errorf("case_no %q must match %s", p.CaseNo, caseNoPattern)
	}
	if p.DurationDays < 1 || p.DurationDays > MaxDurationDays {
		return fmt.Errorf("duration_days must be 1 to %d", MaxDurationDays)
	}
	return nil
}

// Decisions of an answer or an arbitration.
const (
	DecisionGrant  = "grant"
	DecisionRefuse = "refuse"
)

// Decide is the payload of sharing/answer (the owner) and
// sharing/arbitrate (the data bureau): a grant of fields ⊆ those requested
// until ValidUntil with an optional use limit, or a refusal with a reason
// code and text.
type Decide struct {
	Request    uint64     `json:"request"`
	Decision   string     `json:"decision"`
	Fields     []string   `json:"fields,omitempty"`
	ValidUntil *time.Time `json:"valid_until,omitempty"`
	MaxUses    uint32     `json:"max_uses,omitempty"`
	Reason     string     `json:"reason,omitempty"`
	ReasonText string     `json:"reason_text,omitempty"`
}

// Validate implements module.Payload.
func (p *Decide) Validate() error {
	if p.Request == 0 {
		return fmt.Errorf("request is required")
	}
	switch p.Decision {
	case DecisionGrant:
		if err := checkFieldNames("fields", p.Fields); err != nil {
			return err
		}
		if p.ValidUntil == nil {
			return fmt.Errorf("valid_until is required for a grant")
		}
		if p.MaxUses > MaxUses {
			return fmt.Errorf("max_uses must be at most %d", MaxUses)
		}
		if p.Reason != "" {
			return fmt.Errorf("reason is for a refusal")
		}
		return checkText("reason_text", p.ReasonText, false, MaxReason)
	case DecisionRefuse:
		if len(p.Fields) > 0 || p.ValidUntil != nil || p.MaxUses != 0 {
			return fmt.Errorf("a refusal has no fields, valid_until or max_uses")
		}
		if !slices.Contains(RefusalReasons(), p.Reason) {
			return fmt.Errorf("reason %q must be one of %v", p.Reason, RefusalReasons())
		}
		// A refusal must say why (政务数据共享条例): the text is required.
		return checkText("reason_text", p.ReasonText, true, MaxReason)
	}
	return fmt.Errorf("decision %q must be %s or %s", p.Decision, DecisionGrant, DecisionRefuse)
}

// Revoke is the payload of sharing/revoke.
type Revoke struct {
	Grant  uint64 `json:"grant"`
	Reason string `json:"reason"`
}

// Validate implements module.Payload.
func (p *Revoke) Validate() error {
	if p.Grant == 0 {
		return fmt.Errorf("grant is required")
	}
	return checkText("reason", p.Reason, true, MaxReason)
}

// RecordAccess is the payload of sharing/record_access.
type RecordAccess struct {
	Grant            uint64      `json:"grant"`
	Fields           []string    `json:"fields"`
	Purpose          string      `json:"purpose"`
	RequesterAccount string      `json:"requester_account,omitempty"`
	DeliveredHash    module.Hash `json:"delivered_hash"`
}

// Validate implements module.Payload.
func (p *RecordAccess) Validate() error {
	if p.Grant == 0 {
		return fmt.Errorf("grant is required")
	}
	if err := checkFieldNames("fields", p.Fields); err != nil {
		return err
	}
	if err := checkText("purpose", p.Purpose, true, MaxPurpose); err != nil {
		return err
	}
	if p.RequesterAccount != "" && !addressPattern.MatchString(p.RequesterAccount) {
		return fmt.Errorf("requester_account must be 40 lower-case hex digits")
	}
	return p.DeliveredHash.Check("delivered_hash", true)
}
