package feedbackweb

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/web/site"
)

var taskPattern = regexp.MustCompile(`^ZG-[0-9A-F]{10}$`)

// verify resolves a receipt (JY-, TS-, PJ-) or a rectification task (ZG-)
// for the verify page; (nil, nil) for any other code.
func (p *Portal) verify(r *http.Request, code string) (*site.Verified, error) {
	lang := site.LangOf(r)
	st := p.n.Store.Committed()
	switch up := strings.ToUpper(strings.TrimSpace(code)); {
	case receiptPattern.MatchString(up):
		it, err := feedback.GetItem(st, up)
		if err != nil {
			return nil, err
		}
		title := it.Subject // a rating: the case's process name
		if w := p.itemText(r.Context(), it); w != nil && it.Kind != feedback.KindRating {
			title = w.Subject // hidden text stays hidden here too
		}
		return &site.Verified{Kind: "verify.kind_feedback", Title: title, Link: "/feedback/" + it.Receipt, Key: string(feedback.ItemKey(it.Receipt)),
			Details: [][2]string{{p.T(lang, "fb.receipt"), it.Receipt}, {p.T(lang, "fb.kind"), p.T(lang, "kind."+it.Kind)}, {p.T(lang, "fb.status"), p.T(lang, "status."+it.Status)}}}, nil
	case taskPattern.MatchString(up):
		t, err := feedback.GetTask(st, up)
		if err != nil {
			return nil, err
		}
		return &site.Verified{Kind: "verify.kind_task", Title: t.ID, Link: "/feedback/" + t.Receipt, Key: string(feedback.TaskKey(t.ID)),
			Details: [][2]string{{p.T(lang, "fb.task_status"), p.T(lang, "status."+t.Status)}, {p.T(lang, "fb.deadline"), t.Deadline.In(module.CST()).Format("2006-01-02")}}}, nil
	}
	return nil, nil
}
