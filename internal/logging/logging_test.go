package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

// TestNodeFields: lines carry department and height once set, in both
// formats, and CometBFT's lines go through the same handler.
func TestNodeFields(t *testing.T) {
	for _, format := range []string{FormatJSON, FormatText} {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			lg, n, err := New(&buf, format, slog.LevelDebug)
			if err != nil {
				t.Fatal(err)
			}
			lg.Info("before")
			n.SetDepartment("nrb")
			h := int64(41)
			n.SetHeight(func() int64 { return h })
			h = 42
			lg.With("k", "v").Info("after")
			Comet(lg).With("module", "consensus").Error("failed", "err", errors.New("boom"), "dangling")
			lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
			if len(lines) != 3 {
				t.Fatalf("got %d lines:\n%s", len(lines), buf.String())
			}
			if strings.Contains(lines[0], "department") {
				t.Fatalf("department before it was set: %s", lines[0])
			}
			for _, want := range []string{"department", "nrb", "height", "42"} {
				if !strings.Contains(lines[1], want) || !strings.Contains(lines[2], want) {
					t.Fatalf("lines lack %q:\n%s", want, buf.String())
				}
			}
			for _, want := range []string{"cometbft", "consensus", "boom", "(MISSING)"} {
				if !strings.Contains(lines[2], want) {
					t.Fatalf("CometBFT line lacks %q: %s", want, lines[2])
				}
			}
			if format == FormatJSON {
				for _, l := range lines {
					var m map[string]any
					if err := json.Unmarshal([]byte(l), &m); err != nil {
						t.Fatalf("not JSON: %s", l)
					}
				}
			}
		})
	}
	// CometBFT's level is its own: debug lines pass a warn-level logger.
	var buf bytes.Buffer
	lg, _, _ := New(&buf, FormatText, slog.LevelWarn)
	Comet(lg).Debug("comet debug")
	lg.Info("node info")
	if !strings.Contains(buf.String(), "comet debug") || strings.Contains(buf.String(), "node info") {
		t.Fatalf("levels mixed up:\n%s", buf.String())
	}
	if _, _, err := New(&bytes.Buffer{}, "xml", slog.LevelInfo); err == nil {
		t.Fatal("an unknown format was accepted")
	}
}
