// Package workflowweb is the portal's part of the workflow engine (审批流程):
// what every approval process shares. It gives the home page its case
// figures and lets citizens rate completed cases by checking a case number
// and access code (Extension.CaseAccess). A process's own pages (land's
// application, staff case pages) are its area's (internal/web/landweb). It
// sees the portal core only through site.Core; the core lists it once, in
// portalExtensions (internal/web/extensions.go).
package workflowweb
