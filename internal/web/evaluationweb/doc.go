// Package evaluationweb is the portal's evaluation area (运行效果评估): the
// dashboard, the department console, the records behind each figure, the
// method page, the printable report, CSV exports, the JSON routes and the
// Prometheus gauges, with its templates and messages. It sees the portal
// core only through site.Core; the core lists it once, in
// portalExtensions (internal/web/extensions.go).
package evaluationweb
