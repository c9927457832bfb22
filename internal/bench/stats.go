package bench

import (
	"bufio"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Latency summarises commit latencies in milliseconds.
type Latency struct {
	N    int     `json:"n"`
	P50  float64 `json:"p50"`
	P95  float64 `json:"p95"`
	P99  float64 `json:"p99"`
	Max  float64 `json:"max"`
	Mean float64 `json:"mean"`
}

func summarise(ns []int64) Latency {
	if len(ns) == 0 {
		return Latency{}
	}
	sort.Slice(ns, func(i, j int) bool { return ns[i] < ns[j] })
	ms := func(v int64) float64 { return round(float64(v)/1e6, 1) }
	pct := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(ns)))) - 1
		if i < 0 {
			i = 0
		}
		return ms(ns[i])
	}
	var sum float64
	for _, v := range ns {
		sum += float64(v)
	}
	return Latency{N: len(ns), P50: pct(0.50), P95: pct(0.95), P99: pct(0.99), Max: ms(ns[len(ns)-1]),
		Mean: round(sum/float64(len(ns))/1e6, 1)}
}

func round(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

// window measures blocks whose commit was seen in (from, to]. The first
// such block only opens the window: its txs gathered before it, so the rate
// is the txs of the later blocks over the time between first and last.
type window struct {
	Blocks         int     `json:"blocks"`
	Txs            int     `json:"txs"`
	CommittedTPS   float64 `json:"committed_tps"`
	AvgTxsPerBlock float64 `json:"avg_txs_per_block"`
	MaxTxsPerBlock int     `json:"max_txs_per_block"`
	AvgBlockMs     float64 `json:"avg_block_interval_ms"`
	// ExtraRounds counts blocks that needed more than one consensus round
	// (a proposal or its votes came too late: the nodes were overloaded).
	ExtraRounds     int     `json:"blocks_with_extra_rounds"`
	FirstHeight     int64   `json:"first_height"`
	LastHeight      int64   `json:"last_height"`
	MeasuredSeconds float64 `json:"measured_s"`
	// Estimate says how CommittedTPS was found when the window held too
	// few blocks to measure it.
	Estimate string `json:"estimate,omitempty"`
}

func measureWindow(blocks []blockStat, from, to int64) window {
	var sel []blockStat
	for _, b := range blocks {
		if b.seen > from && b.seen <= to {
			sel = append(sel, b)
		}
	}
	var w window
	if len(sel) == 0 {
		return w
	}
	w.Blocks = len(sel)
	w.FirstHeight, w.LastHeight = sel[0].height, sel[len(sel)-1].height
	// Committed means result code 0 once results are in; before that
	// (choosing the steady rate mid-run) every tx counts.
	ok := func(b blockStat) int {
		if b.haveOK {
			return b.ok
		}
		return b.txs
	}
	for _, b := range sel {
		if b.round > 0 {
			w.ExtraRounds++
		}
		w.Txs += ok(b)
		if ok(b) > w.MaxTxsPerBlock {
			w.MaxTxsPerBlock = ok(b)
		}
	}
	w.AvgTxsPerBlock = round(float64(w.Txs)/float64(len(sel)), 1)
	if len(sel) >= 2 {
		span := sel[len(sel)-1].seen - sel[0].seen
		n := 0
		for _, b := range sel[1:] {
			n += ok(b)
		}
		w.CommittedTPS = round(float64(n)/(float64(span)/1e9), 1)
		w.AvgBlockMs = round(float64(span)/1e6/float64(len(sel)-1), 1)
		w.MeasuredSeconds = round(float64(span)/1e9, 2)
	} else {
		w.CommittedTPS = round(float64(w.Txs)/(float64(to-from)/1e9), 1)
		w.MeasuredSeconds = round(float64(to-from)/1e9, 2)
	}
	return w
}

// Machine describes where the benchmark ran.
type Machine struct {
	CPUs      int     `json:"cpus"`
	CPUModel  string  `json:"cpu_model,omitempty"`
	MemoryGiB float64 `json:"memory_gib,omitempty"`
	GoVersion string  `json:"go_version"`
	OS        string  `json:"os"`
	Arch      string  `json:"arch"`
	// Revision is the VCS revision the binary was built from ("+dirty"
	// when the tree had local changes).
	Revision   string    `json:"revision,omitempty"`
	LoadBefore []float64 `json:"load_avg_before,omitempty"`
	LoadAfter  []float64 `json:"load_avg_after,omitempty"`
}

func machine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "MemTotal:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				m.MemoryGiB = round(kb/1024/1024, 1)
			}
		}
	}
	m.LoadBefore = loadAvg()
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, dirty string
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision":
				rev = kv.Value
			case "vcs.modified":
				if kv.Value == "true" {
					dirty = "+dirty"
				}
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" {
			m.Revision = rev + dirty
		}
	}
	return m
}

func loadAvg() []float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return nil
	}
	f := strings.Fields(string(b))
	var out []float64
	for i := 0; i < 3 && i < len(f); i++ {
		v, _ := strconv.ParseFloat(f[i], 64)
		out = append(out, v)
	}
	return out
}

// procPeakRSS is a process's peak resident set in bytes (Linux VmHWM; 0
// elsewhere or when unreadable).
func procPeakRSS(pid int) int64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			f := strings.Fields(rest) // "123456 kB"
			if len(f) == 2 && f[1] == "kB" {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}

// procCPU is a process's user+system CPU time (Linux; 0 elsewhere).
func procCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0
	}
	s := string(b)
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	// After the command: state is field 3, utime 14, stime 15 (1-based).
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	const clkTck = 100 // USER_HZ on Linux
	return time.Duration(ut+st) * time.Second / clkTck
}

// machineCPU is the busy time of all CPUs together, from /proc/stat.
func machineCPU() time.Duration {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 8 || f[0] != "cpu" {
		return 0
	}
	var busy int64
	for i, v := range f[1:] {
		if i == 3 || i == 4 { // idle, iowait
			continue
		}
		if i >= 8 { // guest time is already in user
			break
		}
		n, _ := strconv.ParseInt(v, 10, 64)
		busy += n
	}
	const clkTck = 100
	return time.Duration(busy) * time.Second / clkTck
}

// selfCPU is this process's CPU time.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
