package web

import (
	"github.com/pingshan/govchain/internal/web/disclosureweb"
	"github.com/pingshan/govchain/internal/web/evaluationweb"
	"github.com/pingshan/govchain/internal/web/feedbackweb"
	"github.com/pingshan/govchain/internal/web/financeweb"
	"github.com/pingshan/govchain/internal/web/governanceweb"
	"github.com/pingshan/govchain/internal/web/landweb"
	"github.com/pingshan/govchain/internal/web/participationweb"
	"github.com/pingshan/govchain/internal/web/sharingweb"
	"github.com/pingshan/govchain/internal/web/workflowweb"
)

// portalExtensions is the portal's one list of areas beyond the core
// (home, verification, sign-in, members), in navigation order: 土地审批,
// 公共财政, 共同治理, 数据共享. An area in its own package
// (internal/web/<module>web) is one line here, fromSite(xweb.Extension()),
// and brings its templates with it; its message table goes into the
// catalog below.
func portalExtensions() []Extension {
	return []Extension{
		fromSite(landweb.Extension()),
		fromSite(financeweb.Extension()),
		fromSite(governanceweb.Extension()),
		fromSite(sharingweb.Extension()),
		fromSite(evaluationweb.Extension()),
		fromSite(participationweb.Extension()),
		fromSite(workflowweb.Extension()),
		// Disclosures: its nav entries are the core's (publicNav, staffNav),
		// between the areas' and feedback's, as before it moved.
		fromSite(disclosureweb.Extension()),
		fromSite(feedbackweb.Extension()),
	}
}

// messages is the catalog every page reads: key → {zh-CN, en}. It is
// built once from fixed tables and never written afterwards. An area in
// its own package brings its table in its Extension (read here directly:
// portalExtensions reaches the core's T, which reads this catalog).
var messages = catalogMessages(coreMessages, landweb.Extension().Messages, financeweb.Extension().Messages, disclosureweb.Extension().Messages, feedbackweb.Extension().Messages, governanceweb.Extension().Messages, sharingweb.Extension().Messages, evaluationweb.Extension().Messages, participationweb.Extension().Messages, workflowweb.Extension().Messages, expiryMessages)

func catalogMessages(tables ...map[string][2]string) map[string][2]string {
	out := map[string][2]string{}
	for _, t := range tables {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}
