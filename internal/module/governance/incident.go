package governance

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
)

// Incident states.
const (
	IncidentOpen   = "open"
	IncidentClosed = "closed"
)

// Timeline entry kinds.
const (
	EntryNote   = "note"   // what was seen
	EntryAction = "action" // what was done
)

// Severity levels follow the national emergency classification: 1 (Ⅰ,
// particularly serious) to 4 (Ⅳ, ordinary).
const (
	SeverityMin = 1
	SeverityMax = 4
)

// Entry is one line of an incident's timeline.
type Entry struct {
	Kind       string    `cbor:"1,keyasint" json:"kind"`
	Text       string    `cbor:"2,keyasint" json:"text"`
	Signer     string    `cbor:"3,keyasint" json:"signer"`
	Department string    `cbor:"4,keyasint" json:"department"`
	Height     int64     `cbor:"5,keyasint" json:"height"`
	Time       time.Time `cbor:"6,keyasint" json:"time"`
}

// Incident is one entry of the incident register.
type Incident struct {
	ID          uint64    `cbor:"1,keyasint" json:"id"`
	Type        string    `cbor:"2,keyasint" json:"type"`
	Severity    int       `cbor:"3,keyasint" json:"severity"`
	Departments []string  `cbor:"4,keyasint" json:"departments"`
	Components  []string  `cbor:"5,keyasint,omitempty" json:"components,omitempty"`
	Description string    `cbor:"6,keyasint" json:"description"`
	Opener      string    `cbor:"7,keyasint" json:"opener"`
	Department  string    `cbor:"8,keyasint" json:"department"`
	Opened      time.Time `cbor:"9,keyasint" json:"opened"`
	Height      int64     `cbor:"10,keyasint" json:"height"`
	State       string    `cbor:"11,keyasint" json:"state"`
	Timeline    []Entry   `cbor:"12,keyasint,omitempty" json:"timeline,omitempty"`
	Review      *Entry    `cbor:"13,keyasint,omitempty" json:"review,omitempty"`
	// Public is set by the opening department on a closed incident: its
	// review then appears in the public summary.
	Public bool `cbor:"14,keyasint,omitempty" json:"public"`
}

var (
	incidentTypePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{1,31}$`)
	componentPattern    = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]{0,63}$`)
)

// Limits on an incident's lists.
const (
	MaxAffected = 32
	MaxTimeline = 500
)

// OpenIncident is the payload of governance/incident_open.
type OpenIncident struct {
	Type        string   `json:"type"`
	Severity    int      `json:"severity"`
	Departments []string `json:"departments"`
	Components  []string `json:"components,omitempty"`
	Description string   `json:"description"`
}

// Validate implements module.Payload.
func (p *OpenIncident) Validate() error {
	if !incidentTypePattern.MatchString(p.Type) {
		return fmt.Errorf("type %q must match %s (e.g. node_lost, key_leak, data_tampered, chain_halted)", p.Type, incidentTypePattern)
	}
	if p.Severity < SeverityMin || p.Severity > SeverityMax {
		return fmt.Errorf("severity %d must be 1 (Ⅰ) to 4 (Ⅳ)", p.Severity)
	}
	if len(p.Departments) == 0 || len(p.Departments) > MaxAffected || len(p.Components) > MaxAffected {
		return fmt.Errorf("list 1 to %d affected departments and at most %d components", MaxAffected, MaxAffected)
	}
	for _, d := range p.Departments {
		if err := identity.ValidateID(d); err != nil {
			return err
		}
	}
	for _, c := range p.Components {
		if !componentPattern.MatchString(c) {
			return fmt.Errorf("component %q must match %s", c, componentPattern)
		}
	}
	return checkText("description", p.Description, true, MaxText)
}

// UpdateIncident is the payload of governance/incident_update.
type UpdateIncident struct {
	Incident uint64 `json:"incident"`
	Kind     string `json:"kind"`
	Text     string `json:"text"`
}

// Validate implements module.Payload.
func (p *UpdateIncident) Validate() error {
	if p.Incident == 0 {
		return fmt.Errorf("incident is required")
	}
	if p.Kind != EntryNote && p.Kind != EntryAction {
		return fmt.Errorf("kind %q must be note or action", p.Kind)
	}
	return checkText("text", p.Text, true, MaxText)
}

// CloseIncident is the payload of governance/incident_close.
type CloseIncident struct {
	Incident uint64 `json:"incident"`
	Review   string `json:"review"`
}

// Validate implements module.Payload.
func (p *CloseIncident) Validate() error {
	if p.Incident == 0 {
		return fmt.Errorf("incident is required")
	}
	return checkText("review", p.Review, true, MaxText)
}

// PublishIncident is the payload of governance/incident_publish.
type PublishIncident struct {
	Incident uint64 `json:"incident"`
}

// Validate implements module.Payload.
func (p *PublishIncident) Validate() error {
	if p.Incident == 0 {
		return fmt.Errorf("incident is required")
	}
	return nil
}

func entry(ctx *module.Context, kind, text string) Entry {
	return Entry{Kind: kind, Text: text, Signer: ctx.Signer.Address, Department: ctx.Signer.Department,
		Height: ctx.Height, Time: ctx.BlockTime.UTC()}
}

func handleIncidentOpen(ctx *module.Context, p module.Payload) error {
	o := p.(*OpenIncident)
	depts := slices.Clone(o.Departments)
	slices.Sort(depts)
	depts = slices.Compact(depts)
	for _, d := range depts {
		if _, err := identity.GetDepartment(ctx.KV, d); err != nil {
			return err
		}
	}
	comps := slices.Clone(o.Components)
	slices.Sort(comps)
	id, err := nextID(ctx.KV, "incident")
	if err != nil {
		return err
	}
	in := &Incident{ID: id, Type: o.Type, Severity: o.Severity, Departments: depts, Components: slices.Compact(comps),
		Description: o.Description, Opener: ctx.Signer.Address, Department: ctx.Signer.Department,
		Opened: ctx.BlockTime.UTC(), Height: ctx.Height, State: IncidentOpen}
	ctx.Emit("governance.incident_opened", "incident", strconv.FormatUint(id, 10), "type", in.Type,
		"severity", strconv.Itoa(in.Severity), "department", in.Department)
	return put(ctx.KV, IncidentKey(id), in)
}

// loadOwnIncident loads an incident the signer's department may work on:
// the opener's, or an affected one.
func loadOwnIncident(ctx *module.Context, id uint64) (*Incident, error) {
	in, err := GetIncident(ctx.KV, id)
	if err != nil {
		return nil, err
	}
	if in.Department != ctx.Signer.Department && !slices.Contains(in.Departments, ctx.Signer.Department) {
		return nil, fmt.Errorf("%w: incident %d concerns %v", ErrOtherDepartment, id, in.Departments)
	}
	return in, nil
}

func handleIncidentUpdate(ctx *module.Context, p module.Payload) error {
	u := p.(*UpdateIncident)
	in, err := loadOwnIncident(ctx, u.Incident)
	if err != nil {
		return err
	}
	if in.State != IncidentOpen {
		return fmt.Errorf("%w: incident %d is %s", ErrIncidentState, in.ID, in.State)
	}
	if len(in.Timeline) >= MaxTimeline {
		return fmt.Errorf("%w: incident %d has %d timeline entries, the limit", ErrIncidentState, in.ID, MaxTimeline)
	}
	in.Timeline = append(in.Timeline, entry(ctx, u.Kind, u.Text))
	ctx.Emit("governance.incident_updated", "incident", strconv.FormatUint(in.ID, 10), "kind", u.Kind)
	return put(ctx.KV, IncidentKey(in.ID), in)
}

func handleIncidentClose(ctx *module.Context, p module.Payload) error {
	c := p.(*CloseIncident)
	in, err := loadOwnIncident(ctx, c.Incident)
	if err != nil {
		return err
	}
	if in.State != IncidentOpen {
		return fmt.Errorf("%w: incident %d is %s", ErrIncidentState, in.ID, in.State)
	}
	r := entry(ctx, "review", c.Review)
	in.State, in.Review = IncidentClosed, &r
	ctx.Emit("governance.incident_closed", "incident", strconv.FormatUint(in.ID, 10))
	return put(ctx.KV, IncidentKey(in.ID), in)
}

func handleIncidentPublish(ctx *module.Context, p module.Payload) error {
	pub := p.(*PublishIncident)
	in, err := GetIncident(ctx.KV, pub.Incident)
	if err != nil {
		return err
	}
	if in.Department != ctx.Signer.Department {
		return fmt.Errorf("%w: incident %d was opened by %s", ErrOtherDepartment, in.ID, in.Department)
	}
	if in.State != IncidentClosed || in.Public {
		return fmt.Errorf("%w: incident %d is %s (public: %v); only a closed review is published, once", ErrIncidentState, in.ID, in.State, in.Public)
	}
	in.Public = true
	ctx.Emit("governance.incident_published", "incident", strconv.FormatUint(in.ID, 10))
	return put(ctx.KV, IncidentKey(in.ID), in)
}

// Summary is what the public sees of the register: counts, and the
// reviews the departments chose to publish (type, severity, dates and the
// review, without the internal timeline).
type Summary struct {
	BySeverity map[string]map[string]int `json:"by_severity"` // "I".."IV" → state → count
	Total      int                       `json:"total"`
	Published  []PublicReview            `json:"published"`
}

// PublicReview is a published incident.
type PublicReview struct {
	ID          uint64    `json:"id"`
	Type        string    `json:"type"`
	Severity    string    `json:"severity"`
	Departments []string  `json:"departments"`
	Opened      time.Time `json:"opened"`
	Closed      time.Time `json:"closed"`
	Review      string    `json:"review"`
}

// Roman is a severity level as the classification writes it.
func Roman(s int) string {
	if s < SeverityMin || s > SeverityMax {
		return strconv.Itoa(s)
	}
	return []string{"I", "II", "III", "IV"}[s-1]
}

// Summarise builds the public summary.
func Summarise(list []*Incident) Summary {
	s := Summary{BySeverity: map[string]map[string]int{}, Published: []PublicReview{}}
	for l := SeverityMin; l <= SeverityMax; l++ {
		s.BySeverity[Roman(l)] = map[string]int{IncidentOpen: 0, IncidentClosed: 0}
	}
	for _, in := range list {
		s.Total++
		if m, ok := s.BySeverity[Roman(in.Severity)]; ok {
			m[in.State]++
		}
		if in.Public && in.Review != nil {
			s.Published = append(s.Published, PublicReview{ID: in.ID, Type: in.Type, Severity: Roman(in.Severity),
				Departments: in.Departments, Opened: in.Opened, Closed: in.Review.Time, Review: in.Review.Text})
		}
	}
	return s
}
