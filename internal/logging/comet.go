package logging

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	cmtlog "github.com/cometbft/cometbft/libs/log"
)

// Comet is CometBFT's logger writing into lg's handler, each line marked
// source=cometbft, so one stream (one format, the node's fields) holds both.
// Its level is CometBFT's own (--comet-log-level, applied by the caller with
// cmtlog.NewFilter), not lg's: `--comet-log-level debug` shows CometBFT's
// debug lines whatever --log-level says.
func Comet(lg *slog.Logger) cmtlog.Logger {
	return cometLogger{h: lg.Handler().WithAttrs([]slog.Attr{slog.String("source", "cometbft")})}
}

type cometLogger struct{ h slog.Handler }

func (c cometLogger) Debug(msg string, kv ...any) { c.log(slog.LevelDebug, msg, kv) }
func (c cometLogger) Info(msg string, kv ...any)  { c.log(slog.LevelInfo, msg, kv) }
func (c cometLogger) Error(msg string, kv ...any) { c.log(slog.LevelError, msg, kv) }

func (c cometLogger) With(kv ...any) cmtlog.Logger {
	return cometLogger{h: c.h.WithAttrs(attrs(kv))}
}

func (c cometLogger) log(l slog.Level, msg string, kv []any) {
	r := slog.NewRecord(time.Now(), l, msg, 0)
	r.AddAttrs(attrs(kv)...)
	_ = c.h.Handle(context.Background(), r)
}

// attrs turns CometBFT's alternating keys and values into slog attributes,
// rendering values with fmt (CometBFT passes Stringers such as hashes and
// block IDs). A dangling key gets the value "(MISSING)" as CometBFT's own
// logger does.
func attrs(kv []any) []slog.Attr {
	out := make([]slog.Attr, 0, (len(kv)+1)/2)
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
