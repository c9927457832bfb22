// Package participationweb is the portal's participation area (市民参与):
// showcase stories of completed cases, lectures and forums with sign-up
// and cancel, return visits after a rectification, the plain-language
// pages about the platform (了解平台), the console's participation pages,
// the JSON routes, templates and messages. It sees the portal core only
// through site.Core; the core lists it once, in portalExtensions
// (internal/web/extensions.go).
package participationweb
