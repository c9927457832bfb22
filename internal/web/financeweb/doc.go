// Package financeweb is the portal's public-finance area (公共财政):
// budgets, payments and their traces, red flags, the finance bureau's
// console, JSON routes, templates and messages. It sees the portal core
// only through site.Core; the core lists it once, in portalExtensions
// (internal/web/extensions.go).
package financeweb
