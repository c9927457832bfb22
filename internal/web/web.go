// Package web is the citizen portal and the staff console: server-rendered
// HTML served by every node at "/".
package web

import (
	"log/slog"
	"net/http"

	"github.com/pingshan/govchain/internal/node"
)

// Register adds the portal's routes to the node's HTTP mux.
func Register(mux *http.ServeMux, n *node.Node, lg *slog.Logger) error {
	return nil
}
