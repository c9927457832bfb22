// Package governanceweb is the portal's governance area (公共治理): the
// public governance log (proposals, parameters, incidents, validators),
// the process versions page and the governance console (治理工作台), with
// its templates and messages. It sees the portal core only through
// site.Core; the core lists it once, in portalExtensions
// (internal/web/extensions.go).
package governanceweb
