// Package sharingweb is the portal's data-sharing area (数据共享): the
// public catalogue and statistics, the departments' console for requests,
// approvals, fetches and arbitration, templates and messages. It sees the
// portal core only through site.Core; the core lists it once, in
// portalExtensions (internal/web/extensions.go).
package sharingweb
