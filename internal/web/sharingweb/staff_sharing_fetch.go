package sharingweb

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/audit"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/delivery"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/web/site"
)

// fetchedView is data fetched under a grant, shown once and kept nowhere:
// the console signs the fetch with the member's key, posts it to the owner
// department's node, opens the answer with this department's data key,
// checks its hash against the access record on chain, and — when a
// fetched field is personal — writes the view to the personal-data access
// log before showing it.
type fetchedView struct {
	Grant    uint64
	Resource string
	Hash     string
	Access   uint64
	Fields   []string
	Rows     [][]string
	Personal []string // fetched fields marked personal in the catalogue
	LogSeq   uint64   // the access-log entry of this view (personal fields only)
}

func (p *Portal) shFetch(w http.ResponseWriter, r *http.Request, s *site.Session) {
	lang := p.Lang(w, r)
	fail := func(status int, msg string) { p.staffSharingPage(w, r, s, status, msg, "", nil) }
	grant := site.FormUint(r, "grant")
	owner := strings.TrimRight(strings.TrimSpace(r.PostFormValue("owner_node")), "/")
	if !strings.HasPrefix(owner, "http://") && !strings.HasPrefix(owner, "https://") {
		fail(http.StatusBadRequest, p.T(lang, "ssh.err_owner_node"))
		return
	}
	st := p.n.Store.Committed()
	req, err := sharing.GetRequest(st, grant)
	if err != nil {
		fail(site.StatusOf(err), p.ErrText(lang, err))
		return
	}
	if req.Requester != s.Department {
		fail(http.StatusForbidden, p.T(lang, "ssh.err_not_yours"))
		return
	}
	res, err := sharing.GetResource(st, req.Resource)
	if err != nil {
		fail(site.StatusOf(err), p.ErrText(lang, err))
		return
	}
	f := delivery.Fetch{ChainID: p.n.App.ChainID(), Grant: grant, Fields: formList(r, "fields"),
		KeyField: strings.TrimSpace(r.PostFormValue("key_field")), KeyValue: strings.TrimSpace(r.PostFormValue("key_value")),
		Purpose: strings.TrimSpace(r.PostFormValue("purpose")), Account: s.Address, Time: time.Now().UTC()}
	if f.Purpose == "" || len(f.Fields) == 0 {
		fail(http.StatusBadRequest, p.T(lang, "ssh.err_fetch_form"))
		return
	}
	sf, err := delivery.Sign(s.Key, f)
	if err != nil {
		fail(http.StatusInternalServerError, p.T(lang, "err.internal"))
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 60*time.Second)
	defer cancel()
	d, err := client.New(owner).FetchShared(ctx, sf)
	if err != nil {
		p.log.Info("sharing fetch refused", "grant", grant, "owner", owner, "err", err)
		fail(http.StatusBadGateway, p.T(lang, "ssh.err_fetch", err.Error()))
		return
	}
	dk, err := p.DataKey(s.Department)
	if err != nil {
		fail(http.StatusServiceUnavailable, p.T(lang, "sland.personal_unavailable"))
		return
	}
	out, err := delivery.Open(p.suite, d, s.Department, dk)
	if err != nil {
		fail(http.StatusBadGateway, p.T(lang, "ssh.err_fetch", err.Error()))
		return
	}
	acc, err := p.waitAccess(ctx, grant, d.Hash.String())
	if err != nil {
		fail(http.StatusBadGateway, p.T(lang, "ssh.err_no_record", d.Hash.String()))
		return
	}
	v := &fetchedView{Grant: grant, Resource: req.Resource, Hash: d.Hash.String(), Access: acc.ID, Fields: out.Fields, Rows: out.Rows}
	for _, fl := range res.Current.Fields {
		if fl.Personal && slices.Contains(out.Fields, fl.Name) {
			v.Personal = append(v.Personal, fl.Name)
		}
	}
	if len(v.Personal) > 0 {
		if p.n.AccessLog == nil {
			fail(http.StatusServiceUnavailable, p.T(lang, "sland.personal_nolog"))
			return
		}
		e, err := p.n.AccessLog.Append(auditAccess(s, fmt.Sprintf("sharing grant %d", grant),
			fmt.Sprintf("shared data %s under grant %d (access %d): %s", req.Resource, grant, acc.ID, f.Purpose), v.Personal))
		if err != nil {
			p.log.Error("access log: shared personal data withheld", "grant", grant, "err", err)
			fail(http.StatusServiceUnavailable, p.T(lang, "sland.personal_nolog"))
			return
		}
		v.LogSeq = e.Seq
	}
	p.staffSharingPage(w, r, s, 0, "", p.T(lang, "ssh.fetched_ok", len(v.Rows), v.Hash), v)
}

// waitAccess waits (the owner waited for its block; this node may be one
// behind) for the access record of grant with the delivered hash.
func (p *Portal) waitAccess(ctx context.Context, grant uint64, hash string) (*sharing.Access, error) {
	for {
		acc, err := sharing.Accesses(p.n.Store.Committed())
		if err != nil {
			return nil, err
		}
		for i := len(acc) - 1; i >= 0; i-- {
			if acc[i].Grant == grant && acc[i].DeliveredHash.String() == hash {
				return acc[i], nil
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func auditAccess(s *site.Session, what, purpose string, fields []string) audit.Access {
	return audit.Access{Staff: s.Address, StaffName: s.Name, Department: s.Department, Case: what, Purpose: purpose, Fields: fields}
}
