// Package feedbackweb is the portal's feedback area (互动参与: suggestions,
// complaints, 好差评 ratings and rectification tasks): the public page and
// receipts, the console's feedback pages, the JSON routes, templates and
// messages, the area's entries in "My queue" and its verification codes
// (receipts, tasks). It sees the portal core only through site.Core; the
// core lists it once, in portalExtensions (internal/web/extensions.go).
package feedbackweb
