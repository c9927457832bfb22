package web

import (
	"encoding/hex"
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
)

func (p *Portal) memberRoutes() {
	p.Staff("GET /staff/members", p.members)
	p.Staff("POST /staff/members", p.addMember, module.RoleAdmin)
	p.Staff("POST /staff/members/{address}/suspend", p.memberStatus("suspend_member"), module.RoleAdmin)
	p.Staff("POST /staff/members/{address}/reinstate", p.memberStatus("reinstate_member"), module.RoleAdmin)
	p.Staff("POST /staff/members/{address}/roles", p.memberRoles, module.RoleAdmin)
}

type membersPage struct {
	Members  []*identity.Account
	Roles    []string
	IsAdmin  bool
	Self     string
	Created  *DemoPassword // a new member's initial password, shown once
	FormName string
}

// staffRoles are the roles a department admin can grant in the console
// (the gateway role belongs to the platform's own account).
var staffRoles = []string{module.RoleAdmin, module.RoleClerk, module.RoleReviewer, module.RoleApprover, module.RoleFinance, module.RoleAuditor, module.RoleObserver}

func (p *Portal) membersPage(w http.ResponseWriter, r *http.Request, s *session, d membersPage, status int, errMsg string) {
	var err error
	if d.Members, err = identity.Accounts(p.n.Store.Committed(), s.Department); err != nil {
		p.log.Warn("members", "err", err)
	}
	d.Roles, d.IsAdmin, d.Self = staffRoles, s.HasRole(module.RoleAdmin), s.Address
	p.Render(w, r, Page{Template: "staff_members.html", Title: "members.title", Active: "members", Status: status, Error: errMsg, Data: d})
}

func (p *Portal) members(w http.ResponseWriter, r *http.Request, s *session) {
	p.membersPage(w, r, s, membersPage{}, 0, "")
}

func formRoles(r *http.Request) []string {
	_ = r.ParseForm()
	return r.PostForm["roles"]
}

// addMember creates the member's key on this node (sealed under a
// generated initial password, which is also their portal password), adds
// the account on chain, and shows the password once.
func (p *Portal) addMember(w http.ResponseWriter, r *http.Request, s *session) {
	lang := p.lang(w, r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	roles := formRoles(r)
	again := func(err error) {
		p.membersPage(w, r, s, membersPage{FormName: name}, statusOf(err), errText(lang, err))
	}
	if err := identity.ValidateName(name); err != nil {
		again(err)
		return
	}
	if _, err := identity.NormalizeRoles(roles); err != nil {
		again(err)
		return
	}
	if _, err := identity.AddressByName(p.n.Store.Committed(), name); err == nil {
		again(identity.ErrNameTaken)
		return
	}
	if p.creds.has(name) {
		again(identity.ErrNameTaken)
		return
	}
	kr, err := keyring.Open(p.n.Home.KeyringDir(), p.suite)
	if err != nil {
		again(err)
		return
	}
	pw := demoPassword()
	var key cryptosuite.PrivateKey
	if p.n.Config.Demo {
		_, key, err = kr.CreateDemo(name)
	} else {
		_, key, err = kr.Create(name, pw)
	}
	if errors.Is(err, keyring.ErrKeyExists) {
		again(identity.ErrNameTaken)
		return
	}
	if err != nil {
		again(err)
		return
	}
	if err := p.creds.set(name, pw, key, p.n.Config.Demo, p.now()); err != nil {
		again(err)
		return
	}
	if _, err := p.Send(r.Context(), s.key, "identity", "add_member", &identity.AddMember{Name: name,
		PublicKey: hex.EncodeToString(key.Public().Bytes()), Roles: roles}); err != nil {
		again(err)
		return
	}
	p.log.Info("member added in the portal", "name", name, "department", s.Department, "by", s.Name)
	p.membersPage(w, r, s, membersPage{Created: &DemoPassword{Name: name, Department: s.Department, Roles: roles, Password: pw}}, http.StatusOK, "")
}

func (p *Portal) memberStatus(action string) func(http.ResponseWriter, *http.Request, *session) {
	return func(w http.ResponseWriter, r *http.Request, s *session) {
		pl := &identity.SetStatus{Address: r.PathValue("address"), Reason: strings.TrimSpace(r.PostFormValue("reason"))}
		p.memberSend(w, r, s, action, pl)
	}
}

func (p *Portal) memberRoles(w http.ResponseWriter, r *http.Request, s *session) {
	addr, roles := r.PathValue("address"), formRoles(r)
	// The form offers department roles only: a platform role the member
	// holds (gateway) is kept, as only the platform may take it away.
	if a, err := identity.GetAccount(p.n.Store.Committed(), addr); err == nil {
		for _, x := range a.Roles {
			if identity.PlatformRole(x) && !slices.Contains(roles, x) {
				roles = append(roles, x)
			}
		}
	}
	p.memberSend(w, r, s, "set_roles", &identity.SetRoles{Address: addr, Roles: roles})
}

func (p *Portal) memberSend(w http.ResponseWriter, r *http.Request, s *session, action string, pl interface{ Validate() error }) {
	err := pl.Validate()
	if err == nil {
		_, err = p.Send(r.Context(), s.key, "identity", action, pl)
	}
	if err != nil {
		p.membersPage(w, r, s, membersPage{}, statusOf(err), errText(p.lang(w, r), err))
		return
	}
	Redirect(w, r, "/staff/members")
}
