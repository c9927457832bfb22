// Package logging builds the node's structured logger: text or JSON lines
// (log/slog) that carry the node's department and latest height once they
// are known, with CometBFT's own logger routed into the same stream.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
)

// Formats of --log-format.
const (
	FormatText = "text"
	FormatJSON = "json"
)

// Node is what the logger learns about the node once it is open; until
// then lines carry neither field.
type Node struct {
	department atomic.Pointer[string]
	height     atomic.Pointer[func() int64]
}

// SetDepartment puts department=D on every later line.
func (n *Node) SetDepartment(d string) { n.department.Store(&d) }

// SetHeight puts height=H (as f reports it at the moment of logging) on
// every later line. f must not block: it is called for each line.
func (n *Node) SetHeight(f func() int64) { n.height.Store(&f) }

// New is a logger writing format lines at level to w, and the Node whose
// setters add the node's fields to its lines.
func New(w io.Writer, format string, level slog.Level) (*slog.Logger, *Node, error) {
	opts := &slog.HandlerOptions{Level: level}
	var h slog.Handler
	switch format {
	case FormatText, "":
		h = slog.NewTextHandler(w, opts)
	case FormatJSON:
		h = slog.NewJSONHandler(w, opts)
	default:
		return nil, nil, fmt.Errorf("log format %q: want text or json", format)
	}
	n := &Node{}
	return slog.New(&nodeHandler{inner: h, node: n}), n, nil
}

// nodeHandler adds the node's fields to each record.
type nodeHandler struct {
	inner slog.Handler
	node  *Node
}

func (h *nodeHandler) Enabled(ctx context.Context, l slog.Level) bool { return h.inner.Enabled(ctx, l) }

func (h *nodeHandler) Handle(ctx context.Context, r slog.Record) error {
	has := func(key string) (found bool) {
		r.Attrs(func(a slog.Attr) bool { found = a.Key == key; return !found })
		return found
	}
	if d := h.node.department.Load(); d != nil && *d != "" && !has("department") {
		r.AddAttrs(slog.String("department", *d))
	}
	if f := h.node.height.Load(); f != nil && !has("height") {
		r.AddAttrs(slog.Int64("height", (*f)()))
	}
	return h.inner.Handle(ctx, r)
}

func (h *nodeHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &nodeHandler{inner: h.inner.WithAttrs(as), node: h.node}
}

func (h *nodeHandler) WithGroup(name string) slog.Handler {
	return &nodeHandler{inner: h.inner.WithGroup(name), node: h.node}
}
