package web

// portalExtensions is the portal's one list of areas beyond the core
// (home, disclosures, feedback, verification, sign-in, members), in
// navigation order: 土地审批, 公共财政, 共同治理, 数据共享. Add an area here (one line)
// and its message table to catalogMessages.
func portalExtensions() []Extension {
	return []Extension{
		landExtension(),
		financeExtension(),
		governanceExtension(),
		sharingExtension(),
		evaluationExtension(),
		participationExtension(),
		workflowExtension(),
	}
}

// messages is the catalog every page reads: key → {zh-CN, en}. It is
// built once from fixed tables and never written afterwards.
var messages = catalogMessages(coreMessages, landMessages, financeMessages, governanceMessages, sharingMessages, evaluationMessages, participationMessages, workflowMessages, expiryMessages)

func catalogMessages(tables ...map[string][2]string) map[string][2]string {
	out := map[string][2]string{}
	for _, t := range tables {
		for k, v := range t {
			out[k] = v
		}
	}
	return out
}
