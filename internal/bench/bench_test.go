package bench

import (
	"context"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/testbin"
)

// TestBenchSmoke runs the whole harness briefly against both apps: a
// 4-validator network of real processes, saturation then steady load.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts four node processes twice")
	}
	bin := testbin.MustBuild(t)
	for _, app := range []string{AppGovchain, AppKVStore} {
		t.Run(app, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
			defer cancel()
			res, err := Run(ctx, Config{Bin: bin, App: app, Validators: 4, Suite: "gm", Duration: 6 * time.Second,
				Accounts: 32, Dir: t.TempDir(), Progress: testWriter{t}})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d submitted, %d committed (success %.4f), %.0f tx/s at saturation, steady p50 %.0f ms p99 %.0f ms",
				app, res.Submitted, res.Committed, res.SuccessRate, res.CommittedTPS, res.Latency.P50, res.Latency.P99)
			if res.Committed == 0 {
				t.Fatal("nothing committed")
			}
			if res.SuccessRate <= 0.95 {
				t.Errorf("success rate %.4f (failed %d %v, refused %d %v)", res.SuccessRate, res.Failed, res.FailedCodes, res.Refused, res.Refusals)
			}
			if !res.AppHash.Agree || len(res.AppHash.Nodes) != 4 {
				t.Errorf("app hashes: %+v", res.AppHash)
			}
			if res.Saturation.Committed == 0 || res.Steady.Committed == 0 {
				t.Errorf("a phase committed nothing: saturation %d, steady %d", res.Saturation.Committed, res.Steady.Committed)
			}
		})
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(string(p[:len(p)-1]))
	return len(p), nil
}
