package node

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

// TestDiskWatermark: with an injected free-space function, the guard
// refuses transactions (ErrDiskLow, through Node.Submit too) only while
// free space is below the watermark, says so once in the log on each
// crossing, and exports the state as metrics.
func TestDiskWatermark(t *testing.T) {
	var logs bytes.Buffer
	reg := prometheus.NewRegistry()
	g := newDiskGuard("/data", 1000, reg, slog.New(slog.NewTextHandler(&logs, nil)))
	free := uint64(5000)
	g.free = func(string) (uint64, error) { return free, nil }
	n := &Node{ops: &ops{disk: g}}
	submit := func() error { _, err := n.Submit(context.Background(), []byte("tx"), false); return err }

	steps := []struct {
		name    string
		free    uint64
		refused bool
		log     string
	}{
		{"plenty", 5000, false, ""},
		{"at the watermark", 1000, false, ""},
		{"below", 999, true, "DISK LOW"},
		{"still below", 10, true, ""},
		{"freed", 2000, false, "back above the watermark"},
	}
	refusals := 0
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			logs.Reset()
			free = st.free
			g.check()
			// Submit goes on to the mempool when admitted: only a refusal
			// is taken through it here.
			err := g.admit()
			if st.refused {
				refusals++ // admit counted one refusal, Submit counts another
				err = submit()
				refusals++
				if !errors.Is(err, ErrDiskLow) || !strings.Contains(err.Error(), "watermark 1000") {
					t.Fatalf("Submit: got %v, want ErrDiskLow", err)
				}
			} else if errors.Is(err, ErrDiskLow) {
				t.Fatalf("Submit refused with %d bytes free: %v", st.free, err)
			}
			if got, want := n.DiskLow(), st.refused; got != want {
				t.Errorf("DiskLow = %v, want %v", got, want)
			}
			if got := testutil.ToFloat64(g.lowGauge); (got == 1) != st.refused {
				t.Errorf("govchain_disk_low = %v", got)
			}
			if got := testutil.ToFloat64(g.freeBytes); got != float64(st.free) {
				t.Errorf("govchain_disk_free_bytes = %v, want %d", got, st.free)
			}
			if got := testutil.ToFloat64(g.refused); got != float64(refusals) {
				t.Errorf("govchain_disk_refused_txs_total = %v, want %d", got, refusals)
			}
			if st.log == "" && logs.Len() > 0 {
				t.Errorf("unexpected log: %s", logs.String())
			}
			if st.log != "" && !strings.Contains(logs.String(), st.log) {
				t.Errorf("log %q lacks %q", logs.String(), st.log)
			}
		})
	}
}

// TestDiskWatermarkOff: 0 disables the refusals.
func TestDiskWatermarkOff(t *testing.T) {
	g := newDiskGuard("/data", 0, prometheus.NewRegistry(), slog.New(slog.DiscardHandler))
	g.free = func(string) (uint64, error) { return 0, nil }
	g.check()
	if err := g.admit(); err != nil {
		t.Fatal(err)
	}
}
