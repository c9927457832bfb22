package web

import (
	"net/http"
	"time"

	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/web/site"
)

// The helpers areas in this package share with the areas' own packages
// (package site holds them; these are the names the files here use).

// blockTime is the latest block's time: deadlines and overdue flags are
// measured against it, as the chain does, never against a wall clock.
func (p *Portal) blockTime() time.Time {
	if c := p.n.CometNode(); c != nil {
		if m := c.BlockStore().LoadBlockMeta(p.n.Height()); m != nil {
			return m.Header.Time
		}
	}
	return p.now()
}

func loc(lang, zh, en string) string { return site.Loc(lang, zh, en) }

func groupDigits(s string) string { return site.GroupDigits(s) }

func wan(fen int64) string { return site.Wan(fen) }

func optional(sep, s string) string { return site.Optional(sep, s) }

func parseYuan(s string) (int64, error) { return site.ParseYuan(s) }

const maxUpload = site.MaxUpload

func (p *Portal) attachmentFrom(r *http.Request, kind string) (workflow.Attachment, bool, error) {
	return site.AttachmentFrom(p.suite, r, kind)
}
