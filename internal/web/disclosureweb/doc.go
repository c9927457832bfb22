// Package disclosureweb is the portal's disclosure area (政务公开): the
// published documents and their versions, certificates, the publishing
// console, JSON routes, templates and messages. It sees the portal core
// only through site.Core; the core lists it once, in portalExtensions
// (internal/web/extensions.go).
package disclosureweb
