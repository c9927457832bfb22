package governance

import (
	"sort"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
)

// Expiry warnings: what runs out is shown on the console to admins and
// exported as metrics gov.expiry_warning_days before it does, so a
// certificate or a staff account does not lapse unnoticed (Fabric #4875).
const (
	ParamExpiryWarningDays = "gov.expiry_warning_days"
	// ParamPasswordMaxDays is how long a console password may be used
	// before it must be changed; 0: passwords do not expire. Passwords
	// live in each node's portal/credentials.json, not on chain; the
	// limit is a platform rule, so it is governed here.
	ParamPasswordMaxDays = "gov.password_max_days"
)

func expiryParams() []module.Param {
	return []module.Param{
		module.IntParam(ParamExpiryWarningDays, "days before an expiry (staff account validity, console password, TLS certificate) the console and the metrics warn of it", 30, 1, 365),
		module.IntParam(ParamPasswordMaxDays, "days a console password may be used before it expires (0: never)", 0, 0, 3650),
	}
}

// Expiry kinds.
const (
	ExpiryAccount  = "account"  // a member's valid_until
	ExpiryPassword = "password" // a console password's age limit
	ExpiryTLS      = "tls_cert" // the HTTPS certificate a node serves
)

// Expiry is one thing that runs out.
type Expiry struct {
	Kind       string    `json:"kind"`
	Subject    string    `json:"subject"` // account name, certificate file
	Department string    `json:"department,omitempty"`
	At         time.Time `json:"at"`
	// Soon is set when At is within the warning lead time (or past).
	Soon bool `json:"soon"`
}

// ExpiryLead is the warning lead time (gov.expiry_warning_days).
func (r *Registry) ExpiryLead(st store.Reader) time.Duration {
	days, err := ParamInt(st, r.own(ParamExpiryWarningDays))
	if err != nil {
		days = 30
	}
	return time.Duration(days) * 24 * time.Hour
}

// PasswordMaxAge is gov.password_max_days (0: passwords do not expire).
func (r *Registry) PasswordMaxAge(st store.Reader) time.Duration {
	days, err := ParamInt(st, r.own(ParamPasswordMaxDays))
	if err != nil {
		return 0
	}
	return time.Duration(days) * 24 * time.Hour
}

// AccountExpiries lists the active accounts with a validity (of one
// department, or all for ""), soonest first, marking those within lead
// of now.
func AccountExpiries(st store.Reader, department string, now time.Time, lead time.Duration) ([]Expiry, error) {
	accts, err := identity.Accounts(st, department)
	if err != nil {
		return nil, err
	}
	var out []Expiry
	for _, a := range accts {
		if a.ValidUntil == nil || a.Status != identity.StatusActive {
			continue
		}
		out = append(out, Expiry{Kind: ExpiryAccount, Subject: a.Name, Department: a.Department, At: *a.ValidUntil,
			Soon: a.ValidUntil.Sub(now) <= lead})
	}
	SortExpiries(out)
	return out, nil
}

// SortExpiries orders soonest first, then by kind and subject.
func SortExpiries(x []Expiry) {
	sort.Slice(x, func(i, j int) bool {
		if !x[i].At.Equal(x[j].At) {
			return x[i].At.Before(x[j].At)
		}
		if x[i].Kind != x[j].Kind {
			return x[i].Kind < x[j].Kind
		}
		return x[i].Subject < x[j].Subject
	})
}
