package node

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtlog "github.com/cometbft/cometbft/libs/log"

	"github.com/pingshan/govchain/internal/app"
)

// CrashEnv names the crash-injection variable for fault tests:
//
//	GOVCHAIN_CRASH_AT=POINT:HEIGHT
//
// kills the node process with SIGKILL at POINT of block HEIGHT:
//
//	finalize      after FinalizeBlock returned (nothing saved yet)
//	commit        after CometBFT saved the block's results, before the app commits
//	after-commit  after the app saved its state, before CometBFT saved its own
//
// It wraps the ABCI application from outside; the state machine never
// sees it. Unset (always, in production) it costs nothing.
const CrashEnv = "GOVCHAIN_CRASH_AT"

type crashPoint struct {
	point  string
	height int64
}

func parseCrash(s string) (*crashPoint, error) {
	p, h, ok := strings.Cut(s, ":")
	height, err := strconv.ParseInt(h, 10, 64)
	if !ok || err != nil || height < 1 {
		return nil, fmt.Errorf("%s=%q: want POINT:HEIGHT", CrashEnv, s)
	}
	switch p {
	case "finalize", "commit", "after-commit":
	default:
		return nil, fmt.Errorf("%s: unknown point %q (finalize, commit, after-commit)", CrashEnv, p)
	}
	return &crashPoint{point: p, height: height}, nil
}

// crashApp is the app with a crash point.
type crashApp struct {
	*app.App
	at     *crashPoint
	height int64 // block being executed
}

// withCrashPoint returns the application CometBFT should drive.
func withCrashPoint(a *app.App) (abci.Application, error) {
	s := os.Getenv(CrashEnv)
	if s == "" {
		return a, nil
	}
	cp, err := parseCrash(s)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "CRASH INJECTION ARMED: %s at height %d\n", cp.point, cp.height)
	return &crashApp{App: a, at: cp}, nil
}

func (c *crashApp) die(point string) {
	if c.at.point == point && c.height == c.at.height {
		fmt.Fprintf(os.Stderr, "CRASH INJECTION: SIGKILL %s at height %d\n", point, c.height)
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {} // never returns
	}
}

func (c *crashApp) FinalizeBlock(ctx context.Context, req *abci.FinalizeBlockRequest) (*abci.FinalizeBlockResponse, error) {
	res, err := c.App.FinalizeBlock(ctx, req)
	c.height = req.Height
	if err == nil {
		c.die("finalize")
	}
	return res, err
}

func (c *crashApp) Commit(ctx context.Context, req *abci.CommitRequest) (*abci.CommitResponse, error) {
	c.die("commit")
	res, err := c.App.Commit(ctx, req)
	if err == nil {
		c.die("after-commit")
	}
	return res, err
}

// fatalLogger watches CometBFT's log for the consensus failure it logs
// when block execution or a store write fails (a full disk, an unwritable
// data directory, an app Commit error). CometBFT then stops consensus but
// leaves the process running; the node must stop instead, loudly, so
// nothing half-done is served and the operator is called.
type fatalLogger struct {
	cmtlog.Logger
	onFatal func(msg string, keyvals []any)
}

func (l fatalLogger) Error(msg string, keyvals ...any) {
	l.Logger.Error(msg, keyvals...)
	if msg == "CONSENSUS FAILURE!!!" {
		l.onFatal(msg, keyvals)
	}
}

func (l fatalLogger) With(keyvals ...any) cmtlog.Logger {
	return fatalLogger{Logger: l.Logger.With(keyvals...), onFatal: l.onFatal}
}

// exitOnConsensusFailure wraps CometBFT's logger so the process exits
// (code 3) with a clear message once consensus has failed.
func (n *Node) exitOnConsensusFailure(l cmtlog.Logger) cmtlog.Logger {
	return fatalLogger{Logger: l, onFatal: func(_ string, kv []any) {
		var cause any = "unknown"
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i] == "err" {
				cause = kv[i+1]
			}
		}
		fmt.Fprintf(os.Stderr, "FATAL: consensus stopped at height %d: %v\n"+
			"The node stops without committing this block; the state on disk is the last committed block.\n"+
			"Check free disk space and that %s is writable, then start the node again: it replays what is missing.\n",
			n.Store.Version()+1, cause, n.Home.path("data"))
		n.log.Error("consensus failure: stopping the node", "err", cause)
		os.Exit(3)
	}}
}
