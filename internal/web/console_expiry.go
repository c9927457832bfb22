package web

import (
	"sort"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
)

// Expiry warnings on the console: an admin sees, on every page, what of
// their department runs out within gov.expiry_warning_days (members'
// validities, console passwords under gov.password_max_days); the same
// list is exported as metrics by the node (internal/node/expiry_metrics.go).

var expiryMessages = map[string][2]string{
	"expiry.banner":   {"以下事项将在 %d 天内到期，请及时处理：", "These expire within %d days; act before they do:"},
	"expiry.account":  {"账户有效期", "account validity"},
	"expiry.password": {"控制台密码", "console password"},
	"expiry.tls_cert": {"TLS 证书", "TLS certificate"},
	"expiry.expired":  {"已到期", "expired"},
}

// expiryBanner is the view's banner data; nil for anyone but an admin or
// when nothing of the department expires soon.
type expiryBanner struct {
	Days  int
	Items []expiryItem
}

type expiryItem struct {
	Kind, Subject, At string
	Expired           bool
}

// expiryBannerFor lists what of u's department expires soon.
func (p *Portal) expiryBannerFor(u *session) *expiryBanner {
	if u == nil || !u.HasRole(module.RoleAdmin) {
		return nil
	}
	now := p.now()
	list, lead, err := p.n.Expiries(u.Department, now)
	p.queryErr("expiry banner", err)
	b := &expiryBanner{Days: int(lead / (24 * time.Hour))}
	for _, e := range list {
		if e.Soon {
			b.Items = append(b.Items, expiryItem{Kind: e.Kind, Subject: e.Subject, At: e.At.In(cst).Format("2006-01-02 15:04"), Expired: !now.Before(e.At)})
		}
	}
	if len(b.Items) == 0 {
		return nil
	}
	return b
}

// passwordExpiries is the node's expiry source for console passwords:
// each password expires gov.password_max_days after it was set.
func (p *Portal) passwordExpiries(now time.Time, lead time.Duration) []governance.Expiry {
	st := p.n.Store.Committed()
	maxAge := p.n.App.GovRegistry().PasswordMaxAge(st)
	if maxAge == 0 {
		return nil
	}
	var out []governance.Expiry
	for _, c := range p.creds.ages() {
		at := c.created.Add(maxAge)
		dept := ""
		if a, err := identity.GetAccount(st, c.address); err == nil {
			dept = a.Department
		}
		out = append(out, governance.Expiry{Kind: governance.ExpiryPassword, Subject: c.name, Department: dept, At: at, Soon: at.Sub(now) <= lead})
	}
	return out
}

type credentialAge struct {
	name, address string
	created       time.Time
}

// ages lists each credential's name, address and when it was set, by name.
func (c *credentials) ages() []credentialAge {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]credentialAge, 0, len(c.f.Accounts))
	for name, cr := range c.f.Accounts {
		out = append(out, credentialAge{name: name, address: cr.Address, created: cr.Created})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}
