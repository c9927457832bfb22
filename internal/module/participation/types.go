package participation

import (
	"crypto/subtle"
	"time"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/sealed"
)

// Story states. A withdrawn story keeps its record (and its text): the
// portal stops listing it and says it was withdrawn, and why.
const (
	StoryPublished = "published"
	StoryWithdrawn = "withdrawn"
)

// Activity kinds and states.
const (
	KindLecture = "lecture" // 讲座
	KindForum   = "forum"   // 座谈会

	ActivityOpen      = "open"
	ActivityCancelled = "cancelled"
)

// Sign-up states: signed_up → cancelled (by the citizen, with the code) or
// signed_up → attended (recorded by the organising department).
const (
	SignupActive    = "signed_up"
	SignupCancelled = "cancelled"
	SignupAttended  = "attended"
)

// Return visit answers (回访).
const (
	Solved    = "solved"
	NotSolved = "not_solved"
)

// Change records who withdrew or cancelled a record, when, and why.
type Change struct {
	Reason     string    `cbor:"1,keyasint" json:"reason"`
	Signer     string    `cbor:"2,keyasint" json:"signer"`
	Department string    `cbor:"3,keyasint" json:"department"`
	Height     int64     `cbor:"4,keyasint" json:"height"`
	Time       time.Time `cbor:"5,keyasint" json:"time"`
}

// CaseFacts are the chain's own facts about a showcased case, copied from
// the case record when the story is published, so a reader can compare
// the story with the case's public record (and prove that record).
type CaseFacts struct {
	Number     string    `cbor:"1,keyasint" json:"number"`
	Process    string    `cbor:"2,keyasint" json:"process"`
	Department string    `cbor:"3,keyasint" json:"department"`
	Opened     time.Time `cbor:"4,keyasint,omitempty" json:"opened,omitzero"`
	Closed     time.Time `cbor:"5,keyasint,omitempty" json:"closed,omitzero"`
	// Steps is how many step visits the case made (one per department per
	// step); 0 when the case is not a workflow case.
	Steps   int    `cbor:"6,keyasint" json:"steps"`
	Outcome string `cbor:"7,keyasint,omitempty" json:"outcome,omitempty"`
	// Rating and RatingReceipt are the citizen's 好差评, if given.
	Rating        string `cbor:"8,keyasint,omitempty" json:"rating,omitempty"`
	RatingReceipt string `cbor:"9,keyasint,omitempty" json:"rating_receipt,omitempty"`
}

// Story is a showcase story (案例展示): a department's short, anonymised
// account of a completed case of its own. ConsentHash is the hash of the
// citizen's signed consent form, which the department keeps; no personal
// data is on chain.
type Story struct {
	ID          uint64      `cbor:"1,keyasint" json:"id"`
	Department  string      `cbor:"2,keyasint" json:"department"`
	TitleZH     string      `cbor:"3,keyasint" json:"title_zh"`
	TitleEN     string      `cbor:"4,keyasint,omitempty" json:"title_en,omitempty"`
	BodyZH      string      `cbor:"5,keyasint" json:"body_zh"`
	BodyEN      string      `cbor:"6,keyasint,omitempty" json:"body_en,omitempty"`
	ConsentHash module.Hash `cbor:"7,keyasint" json:"consent_hash"`
	Case        CaseFacts   `cbor:"8,keyasint" json:"case"`
	State       string      `cbor:"9,keyasint" json:"state"`
	Publisher   string      `cbor:"10,keyasint" json:"publisher"`
	Height      int64       `cbor:"11,keyasint" json:"height"`
	Published   time.Time   `cbor:"12,keyasint" json:"published"`
	Withdrawal  *Change     `cbor:"13,keyasint,omitempty" json:"withdrawal,omitempty"`
}

// Activity is a lecture or forum a department announces. The counts are
// kept in the record so the capacity check is one read, in the state
// machine, and the same on every node.
type Activity struct {
	ID            uint64    `cbor:"1,keyasint" json:"id"`
	Department    string    `cbor:"2,keyasint" json:"department"`
	Kind          string    `cbor:"3,keyasint" json:"kind"`
	TitleZH       string    `cbor:"4,keyasint" json:"title_zh"`
	TitleEN       string    `cbor:"5,keyasint,omitempty" json:"title_en,omitempty"`
	DescriptionZH string    `cbor:"6,keyasint,omitempty" json:"description_zh,omitempty"`
	DescriptionEN string    `cbor:"7,keyasint,omitempty" json:"description_en,omitempty"`
	Place         string    `cbor:"8,keyasint" json:"place"`
	Start         time.Time `cbor:"9,keyasint" json:"start"`
	Minutes       uint32    `cbor:"10,keyasint" json:"minutes"`
	Capacity      uint32    `cbor:"11,keyasint" json:"capacity"`
	// Active counts sign-ups not cancelled (attended ones included): the
	// figure the capacity limits.
	Active    uint32    `cbor:"12,keyasint" json:"active"`
	Cancelled uint32    `cbor:"13,keyasint" json:"cancelled"`
	Attended  uint32    `cbor:"14,keyasint" json:"attended"`
	State     string    `cbor:"15,keyasint" json:"state"`
	Creator   string    `cbor:"16,keyasint" json:"creator"`
	Height    int64     `cbor:"17,keyasint" json:"height"`
	Created   time.Time `cbor:"18,keyasint" json:"created"`
	// Cancellation is set when the department called the activity off.
	Cancellation *Change `cbor:"19,keyasint,omitempty" json:"cancellation,omitempty"`
}

// Full reports whether no seat is left.
func (a *Activity) Full() bool { return a.Active >= a.Capacity }

// Left is the number of free seats.
func (a *Activity) Left() uint32 {
	if a.Full() {
		return 0
	}
	return a.Capacity - a.Active
}

// Signup is a citizen's place at an activity. The name and phone are in
// Contact, sealed on the gateway to the organising department alone;
// CancelHash commits to the cancel code the citizen got as a receipt.
type Signup struct {
	Receipt    string      `cbor:"1,keyasint" json:"receipt"`
	Activity   uint64      `cbor:"2,keyasint" json:"activity"`
	Department string      `cbor:"3,keyasint" json:"department"`
	Contact    *sealed.Box `cbor:"4,keyasint" json:"-"`
	CancelHash []byte      `cbor:"5,keyasint" json:"-"`
	State      string      `cbor:"6,keyasint" json:"state"`
	Gateway    string      `cbor:"7,keyasint" json:"gateway"`
	Height     int64       `cbor:"8,keyasint" json:"height"`
	Time       time.Time   `cbor:"9,keyasint" json:"time"`
	// Updated is when the state last changed (cancel or attendance).
	Updated time.Time `cbor:"10,keyasint,omitempty" json:"updated,omitzero"`
	// Participant is the sign-up's keyed participant hash ("" on sign-ups
	// made without one). Not in the JSON: counted, never shown.
	Participant module.Hash `cbor:"11,keyasint,omitempty" json:"-"`
}

// Visit is a return visit (回访): after the department closed the
// rectification a poor rating opened, the citizen who rated says whether
// the problem was solved. Public and counted; nothing identifies the
// citizen (the chain checked the case's rating token).
type Visit struct {
	Task       string    `cbor:"1,keyasint" json:"task"`
	CaseNo     string    `cbor:"2,keyasint" json:"case_no"`
	Department string    `cbor:"3,keyasint" json:"department"`
	Answer     string    `cbor:"4,keyasint" json:"answer"`
	Gateway    string    `cbor:"5,keyasint" json:"gateway"`
	Height     int64     `cbor:"6,keyasint" json:"height"`
	Time       time.Time `cbor:"7,keyasint" json:"time"`
}

// cancelDomain separates cancel-code hashes from every other hash.
const cancelDomain = "govchain/participation/cancel/v1|"

// CancelHash is what a sign-up keeps of its cancel code.
func CancelHash(s cryptosuite.Suite, code string) []byte {
	return s.Hash([]byte(cancelDomain + code))
}

// CheckCancel reports whether code is the cancel code a sign-up's
// CancelHash commits to, in constant time (the gateway checks before it
// spends a transaction; the chain checks again).
func CheckCancel(s cryptosuite.Suite, want []byte, code string) bool {
	return checkCancel(s, want, code)
}

func checkCancel(s cryptosuite.Suite, want []byte, code string) bool {
	return len(want) > 0 && subtle.ConstantTimeCompare(CancelHash(s, code), want) == 1
}
