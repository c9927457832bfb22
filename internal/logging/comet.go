package logging

import (
	"context"
	"fmt"
	"log/slog"

	cmtlog "github.com/cometbft/cometbft/libs/log"
)

// Comet is CometBFT's logger writing into lg, each line marked
// source=cometbft, so one stream (one format, the node's fields) holds both.
func Comet(lg *slog.Logger) cmtlog.Logger {
	return cometLogger{lg: lg.With("source", "cometbft")}
}

type cometLogger struct{ lg *slog.Logger }

func (c cometLogger) Debug(msg string, kv ...any) { c.log(slog.LevelDebug, msg, kv) }
func (c cometLogger) Info(msg string, kv ...any)  { c.log(slog.LevelInfo, msg, kv) }
func (c cometLogger) Error(msg string, kv ...any) { c.log(slog.LevelError, msg, kv) }

func (c cometLogger) With(kv ...any) cmtlog.Logger {
	return cometLogger{lg: c.lg.With(attrs(kv)...)}
}

func (c cometLogger) log(l slog.Level, msg string, kv []any) {
	// CometBFT filters by its own --comet-log-level first (cmtlog.NewFilter);
	// here only the node's level applies.
	if !c.lg.Enabled(context.Background(), l) {
		return
	}
	c.lg.Log(context.Background(), l, msg, attrs(kv)...)
}

// attrs turns CometBFT's alternating keys and values into slog attributes,
// rendering values with fmt (CometBFT passes Stringers such as hashes and
// block IDs). A dangling key gets the value "(MISSING)" as CometBFT's own
// logger does.
func attrs(kv []any) []any {
	out := make([]any, 0, (len(kv)+1)/2)
	for i := 0; i < len(kv); i += 2 {
		key := fmt.Sprint(kv[i])
		var v any = "(MISSING)"
		if i+1 < len(kv) {
			v = kv[i+1]
		}
		switch x := v.(type) {
		case string, int, int64, uint64, uint32, int32, bool, float64:
		case error:
			v = fmt.Sprint(x)
		case fmt.Stringer:
			v = fmt.Sprint(x)
		default:
			v = fmt.Sprintf("%v", x)
		}
		out = append(out, slog.Any(key, v))
	}
	return out
}
