// Package landweb is the portal's land-use approval area (建设用地审批):
// public pages, staff pages, JSON routes, templates and messages. It sees
// the portal core only through site.Core; the core lists it once, in
// portalExtensions (internal/web/extensions.go).
package landweb
