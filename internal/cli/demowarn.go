package cli

import (
	"fmt"
	"io"
	"log/slog"

	"github.com/pingshan/govchain/internal/node"
)

// demoWarning is printed on every start of a demo home: its keys sit
// unencrypted in keyring/, so whoever can read the directory can sign as
// every member whose key it holds and read the personal data sealed to its
// department. Such a home must never run as a real department's node.
const demoWarning = `
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!!  DEMO HOME: %s
!!  Its keys are UNENCRYPTED demo keys (keyring/). Anyone who can read this
!!  directory can sign as its staff and read the personal data sealed to
!!  its department. Use it only for development and tests; never as a
!!  department's node. Lay out real nodes with 'govchain init' or
!!  'govchain testnet' without --demo (docs/operations.md).
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!

`

// warnIfDemo writes demoWarning to w and logs it when h is a demo home.
func warnIfDemo(w io.Writer, lg *slog.Logger, h node.Home, c *node.AppConfig) {
	if c == nil || !c.Demo {
		return
	}
	fmt.Fprintf(w, demoWarning, h)
	lg.Warn("DEMO HOME: keys are unencrypted demo keys; never run this home as a department's node", "home", string(h))
}
