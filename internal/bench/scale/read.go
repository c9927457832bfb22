package scale

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pingshan/govchain/internal/node"
)

// ReadConfig is `govchain bench read`.
type ReadConfig struct {
	Home    string
	Clients int           // concurrent clients (default 100)
	PerPath time.Duration // how long each path is driven (default 5 s)
	// Paths to drive, in order (default DefaultPaths); /healthz is always
	// driven first and last, as the floor.
	Paths     []string
	PprofAddr string
	Progress  io.Writer
	Logger    *slog.Logger
}

// DefaultPaths are the public read paths `bench read` drives.
func DefaultPaths() []string {
	return []string{"case", "home", "summary", "finance", "finance_dept", "disclosures", "proof"}
}

// PathResult is one path's figures.
type PathResult struct {
	Path     string  `json:"path"`
	Example  string  `json:"example"`
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"` // not 200, or a wrong answer
	ReqPerS  float64 `json:"req_per_s"`
	P50ms    float64 `json:"p50_ms"`
	P90ms    float64 `json:"p90_ms"`
	P99ms    float64 `json:"p99_ms"`
	// Ratios to /healthz in the same run (mean of its two phases).
	ThroughputVsHealthz float64 `json:"throughput_vs_healthz,omitempty"`
	P99VsHealthz        float64 `json:"p99_vs_healthz,omitempty"`
	FirstError          string  `json:"first_error,omitempty"`
}

// ReadResult is a `bench read` run.
type ReadResult struct {
	Home    string       `json:"home"`
	Height  int64        `json:"height"`
	Clients int          `json:"clients"`
	PerPath float64      `json:"per_path_s"`
	Healthz PathResult   `json:"healthz"`
	Paths   []PathResult `json:"paths"`
	// Index holds the index's row counts of what the load wrote, so a
	// reader can check the chain holds what bench-load.json says.
	Index  map[string]int64 `json:"index"`
	Loaded Counts           `json:"loaded"`
	Cases  int              `json:"cases_known"`
}

type caseRef struct{ no, code string }

func readCases(h node.Home) ([]caseRef, error) {
	f, err := os.Open(casesFile(h))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []caseRef
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		no, code, ok := strings.Cut(sc.Text(), " ")
		if ok {
			out = append(out, caseRef{no, code})
		}
	}
	return out, sc.Err()
}

// request is one request of a path: its URL and, if set, a check of the body.
type request struct {
	url   string
	check func([]byte) error
}

// pathRequests builds the request generator of a path.
func pathRequests(name, base string, cases []caseRef) (func(r *rand.Rand) request, error) {
	get := func(p string) func(*rand.Rand) request {
		return func(*rand.Rand) request { return request{url: base + p} }
	}
	switch name {
	case "healthz":
		return get("/healthz"), nil
	case "home":
		return get("/"), nil
	case "summary":
		return get("/api/v1/portal/summary"), nil
	case "finance":
		return get("/finance"), nil
	case "finance_dept":
		return get("/finance/departments/nrb"), nil
	case "disclosures":
		return get("/disclosures"), nil
	case "case", "proof":
		if len(cases) == 0 {
			return nil, fmt.Errorf("no cases known (HOME/bench-cases.txt): load first")
		}
		if name == "proof" {
			return func(r *rand.Rand) request {
				c := cases[r.IntN(len(cases))]
				return request{url: base + "/api/v1/proofs?key=" + url.QueryEscape("workflow/case/"+c.no)}
			}, nil
		}
		return func(r *rand.Rand) request {
			c := cases[r.IntN(len(cases))]
			return request{url: base + "/api/v1/land/cases/" + c.no + "?code=" + url.QueryEscape(c.code), check: func(b []byte) error {
				var v struct {
					Case struct {
						Number string `json:"number"`
					} `json:"case"`
				}
				if err := json.Unmarshal(b, &v); err != nil {
					return err
				}
				if v.Case.Number != c.no {
					return fmt.Errorf("asked for %s, got %q", c.no, v.Case.Number)
				}
				return nil
			}}
		}, nil
	}
	return nil, fmt.Errorf("unknown path %q (known: healthz %s)", name, strings.Join(DefaultPaths(), " "))
}

// Read starts the home's node with its API and drives each path in turn
// with c.Clients concurrent clients for c.PerPath, /healthz first and last.
func Read(ctx context.Context, c ReadConfig) (*ReadResult, error) {
	if c.Clients <= 0 {
		c.Clients = 100
	}
	if c.PerPath <= 0 {
		c.PerPath = 5 * time.Second
	}
	if len(c.Paths) == 0 {
		c.Paths = DefaultPaths()
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	h := node.Home(c.Home)
	if !h.Exists() {
		return nil, fmt.Errorf("%s is not a loaded home: run `govchain bench load` first", h)
	}
	cases, err := readCases(h)
	if err != nil {
		return nil, err
	}
	loaded, err := readProgress(h)
	if err != nil {
		return nil, err
	}
	r, err := startNode(h, nil, c.Clients, c.PprofAddr, c.Logger)
	if err != nil {
		return nil, err
	}
	defer r.stop()
	if err := r.n.WaitIndexed(ctx, r.n.Store.Version()); err != nil {
		return nil, err
	}
	base := "http://" + r.addr
	hc := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConns: c.Clients * 2, MaxIdleConnsPerHost: c.Clients * 2}}
	res := &ReadResult{Home: c.Home, Clients: c.Clients, PerPath: c.PerPath.Seconds(), Loaded: *loaded, Cases: len(cases)}
	names := append(append([]string{"healthz"}, c.Paths...), "healthz")
	var floors []PathResult
	for _, name := range names {
		gen, err := pathRequests(name, base, cases)
		if err != nil {
			return nil, err
		}
		pr := drive(ctx, hc, gen, c.Clients, c.PerPath)
		pr.Path = name
		// Let the handlers of the requests cut off at the phase's end
		// finish before the next path is measured.
		hc.CloseIdleConnections()
		if err := settle(ctx, hc, base); err != nil {
			return nil, err
		}
		if c.Progress != nil {
			fmt.Fprintf(c.Progress, "%-13s %8.0f req/s  p50 %6.1f ms  p90 %6.1f ms  p99 %6.1f ms  errors %d\n", name, pr.ReqPerS, pr.P50ms, pr.P90ms, pr.P99ms, pr.Errors)
		}
		if name == "healthz" {
			floors = append(floors, pr)
			continue
		}
		res.Paths = append(res.Paths, pr)
	}
	res.Healthz = floors[0]
	if len(floors) == 2 {
		f := floors[0]
		f.Requests += floors[1].Requests
		f.Errors += floors[1].Errors
		f.ReqPerS = (floors[0].ReqPerS + floors[1].ReqPerS) / 2
		f.P50ms, f.P90ms, f.P99ms = (floors[0].P50ms+floors[1].P50ms)/2, (floors[0].P90ms+floors[1].P90ms)/2, (floors[0].P99ms+floors[1].P99ms)/2
		res.Healthz = f
	}
	for i := range res.Paths {
		p := &res.Paths[i]
		if res.Healthz.ReqPerS > 0 {
			p.ThroughputVsHealthz = p.ReqPerS / res.Healthz.ReqPerS
		}
		if res.Healthz.P99ms > 0 {
			p.P99VsHealthz = p.P99ms / res.Healthz.P99ms
		}
	}
	res.Height = r.n.Height()
	res.Index = indexCounts(r.n)
	return res, nil
}

// settle waits until a lone /healthz answers within 50 ms (the server has
// finished the previous phase's work), at most 30 s.
func settle(ctx context.Context, hc *http.Client, base string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if err := sleep(ctx, 500*time.Millisecond); err != nil {
			return err
		}
		t0 := time.Now()
		if fetch(ctx, hc, request{url: base + "/healthz"}) == nil && time.Since(t0) < 50*time.Millisecond {
			return nil
		}
	}
	return nil
}

// drive runs clients goroutines, each sending one request after another,
// for d; latencies are of the requests that finished within d.
func drive(ctx context.Context, hc *http.Client, gen func(*rand.Rand) request, clients int, d time.Duration) PathResult {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	var first, example string
	var wg sync.WaitGroup
	start := time.Now()
	for i := range clients {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, 7))
			var mine []time.Duration
			var bad int
			var msg string
			for ctx.Err() == nil {
				rq := gen(rng)
				t0 := time.Now()
				err := fetch(ctx, hc, rq)
				if ctx.Err() != nil {
					break
				}
				mine = append(mine, time.Since(t0))
				if err != nil {
					bad++
					if msg == "" {
						msg = err.Error()
					}
				}
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += bad
			if first == "" {
				first = msg
			}
			mu.Unlock()
		}(uint64(i))
	}
	wg.Wait()
	el := time.Since(start)
	if r := gen(rand.New(rand.NewPCG(1, 1))); r.url != "" {
		if u, err := url.Parse(r.url); err == nil {
			example = u.RequestURI()
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(q float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000
	}
	return PathResult{Example: example, Requests: len(lat), Errors: errs, ReqPerS: float64(len(lat)) / el.Seconds(),
		P50ms: pct(0.50), P90ms: pct(0.90), P99ms: pct(0.99), FirstError: first}
}

func fetch(ctx context.Context, hc *http.Client, rq request) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rq.url, nil)
	if err != nil {
		return err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d", rq.url, resp.StatusCode)
	}
	if rq.check != nil {
		return rq.check(body)
	}
	return nil
}

// indexCounts are the index's rows of what the load writes.
func indexCounts(n *node.Node) map[string]int64 {
	out := map[string]int64{}
	for name, q := range map[string]string{
		"txs":         `SELECT COUNT(*) FROM txs`,
		"cases":       `SELECT COUNT(*) FROM wf_cases`,
		"parcels":     `SELECT COUNT(*) FROM land_parcels`,
		"ratings":     `SELECT COUNT(*) FROM feedback_items WHERE kind = 'rating'`,
		"suggestions": `SELECT COUNT(*) FROM feedback_items WHERE kind = 'suggestion'`,
		"disclosures": `SELECT COUNT(*) FROM disclosures`,
	} {
		var c int64
		if err := n.Index.DB().QueryRow(q).Scan(&c); err == nil {
			out[name] = c
		} else {
			out[name] = -1
		}
	}
	return out
}
