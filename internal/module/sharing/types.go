package sharing

import (
	"time"

	"github.com/pingshan/govchain/internal/module"
)

// Share classes of the 2016 interim measures (国发〔2016〕51号) and the
// 2025 regulations: sharing is the rule, not sharing the exception.
const (
	ClassUnconditional = "unconditional" // 无条件共享: granted on request
	ClassConditional   = "conditional"   // 有条件共享: the owner decides within the time limit
	ClassNone          = "none"          // 不予共享: only the data bureau can grant, on a legal basis
)

// ShareClasses lists the classes.
func ShareClasses() []string { return []string{ClassUnconditional, ClassConditional, ClassNone} }

// Field types a catalogue entry may declare.
func FieldTypes() []string {
	return []string{"text", "code", "integer", "decimal", "date", "datetime", "boolean", "geometry", "document"}
}

// Update frequencies.
func Frequencies() []string {
	return []string{"realtime", "daily", "weekly", "monthly", "quarterly", "yearly", "irregular"}
}

// Field is one field of a data resource: its name and type, never a value.
type Field struct {
	Name      string `cbor:"1,keyasint" json:"name"`
	Type      string `cbor:"2,keyasint" json:"type"`
	Personal  bool   `cbor:"3,keyasint,omitempty" json:"personal,omitempty"`
	Sensitive bool   `cbor:"4,keyasint,omitempty" json:"sensitive,omitempty"`
}

// ResourceVersion is one registration of a resource: what the catalogue
// said from Height on.
type ResourceVersion struct {
	Version      uint32    `cbor:"1,keyasint" json:"version"`
	NameZH       string    `cbor:"2,keyasint" json:"name_zh"`
	NameEN       string    `cbor:"3,keyasint" json:"name_en"`
	Description  string    `cbor:"4,keyasint" json:"description"`
	Fields       []Field   `cbor:"5,keyasint" json:"fields"`
	ShareClass   string    `cbor:"6,keyasint" json:"share_class"`
	LegalBasis   string    `cbor:"7,keyasint,omitempty" json:"legal_basis,omitempty"`
	Frequency    string    `cbor:"8,keyasint" json:"update_frequency"`
	OpenToPublic bool      `cbor:"9,keyasint,omitempty" json:"open_to_public,omitempty"`
	By           string    `cbor:"10,keyasint" json:"by"`
	Height       int64     `cbor:"11,keyasint" json:"height"`
	Time         time.Time `cbor:"12,keyasint" json:"time"`
}

// Resource is a catalogue entry (政务数据资源目录): its owner, its current
// version and, once retired, when and why. Earlier versions are kept
// under their own keys (see ResourceVersions).
type Resource struct {
	ID         string          `cbor:"1,keyasint" json:"id"`
	Department string          `cbor:"2,keyasint" json:"department"`
	Current    ResourceVersion `cbor:"3,keyasint" json:"current"`
	Retired    *time.Time      `cbor:"4,keyasint,omitempty" json:"retired,omitempty"`
	RetiredWhy string          `cbor:"5,keyasint,omitempty" json:"retired_reason,omitempty"`
}

func (r *Resource) field(name string) (Field, bool) {
	for _, f := range r.Current.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Request states.
const (
	StatePending     = "pending"     // conditional: waiting for the owner's answer
	StateArbitration = "arbitration" // with the data bureau (not-shared with a legal basis, or overdue)
	StateGranted     = "granted"
	StateRefused     = "refused"
)

// Why a request went to the data bureau.
const (
	EscalationNotShared = "not_shared" // a 不予共享 resource requested on a legal basis
	EscalationOverdue   = "overdue"    // the owner did not answer by the deadline
)

// Refusal reasons: the category a refusal is counted under; the text says
// the rest.
const (
	ReasonNoLegalBasis = "no_legal_basis" // the request's basis does not reach this data
	ReasonPurpose      = "purpose"        // the purpose does not need this data
	ReasonFieldsExcess = "fields_excess"  // more fields than the purpose needs
	ReasonNotShared    = "not_shared"     // the catalogue's 不予共享 holds (data bureau)
	ReasonDataNotHeld  = "data_not_held"  // the owner does not hold what is asked
	ReasonSecurity     = "security"       // security or secrecy rules forbid it
	ReasonOther        = "other"
)

// RefusalReasons lists the reason codes.
func RefusalReasons() []string {
	return []string{ReasonNoLegalBasis, ReasonPurpose, ReasonFieldsExcess, ReasonNotShared, ReasonDataNotHeld, ReasonSecurity, ReasonOther}
}

// Answer is a decision on a request: by the owner, by the data bureau
// (Final), or by the chain itself for an unconditional resource.
type Answer struct {
	By         string    `cbor:"1,keyasint" json:"by"` // account address, or "catalogue" for an automatic grant
	Department string    `cbor:"2,keyasint" json:"department"`
	Height     int64     `cbor:"3,keyasint" json:"height"`
	Time       time.Time `cbor:"4,keyasint" json:"time"`
	// WorkingDays is how many working days after the request's day it came.
	WorkingDays int    `cbor:"5,keyasint" json:"working_days"`
	Reason      string `cbor:"6,keyasint,omitempty" json:"reason,omitempty"`
	ReasonText  string `cbor:"7,keyasint,omitempty" json:"reason_text,omitempty"`
	Final       bool   `cbor:"8,keyasint,omitempty" json:"final,omitempty"`
}

// Grant is what a granted request allows: fields (a subset of those
// requested), until when, and how many deliveries (0: no limit).
type Grant struct {
	Fields     []string   `cbor:"1,keyasint" json:"fields"`
	ValidUntil time.Time  `cbor:"2,keyasint" json:"valid_until"`
	MaxUses    uint32     `cbor:"3,keyasint,omitempty" json:"max_uses,omitempty"`
	Uses       uint32     `cbor:"4,keyasint" json:"uses"`
	Revoked    *time.Time `cbor:"5,keyasint,omitempty" json:"revoked,omitempty"`
	RevokedBy  string     `cbor:"6,keyasint,omitempty" json:"revoked_by,omitempty"`
	RevokedWhy string     `cbor:"7,keyasint,omitempty" json:"revoked_reason,omitempty"`
}

// UsesLeft is how many deliveries remain; -1 for no limit.
func (g *Grant) UsesLeft() int64 {
	if g.MaxUses == 0 {
		return -1
	}
	return int64(g.MaxUses) - int64(g.Uses)
}

// Request is a department's application for a resource and everything
// that happened to it. The grant, if any, has the request's id.
type Request struct {
	ID              uint64    `cbor:"1,keyasint" json:"id"`
	Resource        string    `cbor:"2,keyasint" json:"resource"`
	ResourceVersion uint32    `cbor:"3,keyasint" json:"resource_version"`
	ShareClass      string    `cbor:"4,keyasint" json:"share_class"`
	Owner           string    `cbor:"5,keyasint" json:"owner"`
	Requester       string    `cbor:"6,keyasint" json:"requester"`
	RequestedBy     string    `cbor:"7,keyasint" json:"requested_by"`
	Fields          []string  `cbor:"8,keyasint" json:"fields"`
	Purpose         string    `cbor:"9,keyasint" json:"purpose"`
	LegalBasis      string    `cbor:"10,keyasint,omitempty" json:"legal_basis,omitempty"`
	CaseNo          string    `cbor:"11,keyasint,omitempty" json:"case_no,omitempty"`
	DurationDays    uint32    `cbor:"12,keyasint" json:"duration_days"`
	Height          int64     `cbor:"13,keyasint" json:"height"`
	Created         time.Time `cbor:"14,keyasint" json:"created"`
	// Deadline is when a pending request turns overdue (set for conditional
	// requests only).
	Deadline   *time.Time `cbor:"15,keyasint,omitempty" json:"deadline,omitempty"`
	State      string     `cbor:"16,keyasint" json:"state"`
	Overdue    bool       `cbor:"17,keyasint,omitempty" json:"overdue,omitempty"`
	Escalation string     `cbor:"18,keyasint,omitempty" json:"escalation,omitempty"`
	Escalated  *time.Time `cbor:"19,keyasint,omitempty" json:"escalated,omitempty"`
	Answer     *Answer    `cbor:"20,keyasint,omitempty" json:"answer,omitempty"`
	Grant      *Grant     `cbor:"21,keyasint,omitempty" json:"grant,omitempty"`
	// ArbitrationDeadline is when the data bureau's decision is due (set
	// when the request goes to it); ArbitrationOverdue marks a decision
	// that did not come by then. The request stays with the bureau: a
	// lapse neither grants (data would go out with no one deciding) nor
	// refuses (the requester would bear the bureau's delay); it is counted
	// in the public statistics and heads the bureau's queue.
	ArbitrationDeadline *time.Time `cbor:"22,keyasint,omitempty" json:"arbitration_deadline,omitempty"`
	ArbitrationOverdue  bool       `cbor:"23,keyasint,omitempty" json:"arbitration_overdue,omitempty"`
}

// Access is the record of one delivery under a grant, written by the
// owner's account: what was sent to whom, for what, and the hash of the
// bytes sent, so that "you sent me something else" is settled by it.
type Access struct {
	ID               uint64      `cbor:"1,keyasint" json:"id"`
	Grant            uint64      `cbor:"2,keyasint" json:"grant"`
	Resource         string      `cbor:"3,keyasint" json:"resource"`
	Owner            string      `cbor:"4,keyasint" json:"owner"`
	Requester        string      `cbor:"5,keyasint" json:"requester"`
	RequesterAccount string      `cbor:"6,keyasint,omitempty" json:"requester_account,omitempty"`
	Fields           []string    `cbor:"7,keyasint" json:"fields"`
	Purpose          string      `cbor:"8,keyasint" json:"purpose"`
	DeliveredHash    module.Hash `cbor:"9,keyasint" json:"delivered_hash"`
	RecordedBy       string      `cbor:"10,keyasint" json:"recorded_by"`
	Height           int64       `cbor:"11,keyasint" json:"height"`
	Time             time.Time   `cbor:"12,keyasint" json:"time"`
}
