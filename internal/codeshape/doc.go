// Package codeshape holds tests of the code's shape that no single package
// can check on itself: no init() registration and no exported mutable
// package-level variables outside tests (docs/architecture.md).
package codeshape
