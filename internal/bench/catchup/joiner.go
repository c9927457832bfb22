package catchup

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	cfg "github.com/cometbft/cometbft/config"
	cmtcrypto "github.com/cometbft/cometbft/crypto"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"

	"github.com/pingshan/govchain/internal/node"
)

// joinerSetup is what a fresh full-node home needs to know.
type joinerSetup struct {
	dir       string
	src       *source
	srcHome   node.Home
	statesync bool
	trustH    int64
	trustHash string
	pprof     string // host:port, or ""
}

// joiner is a joining node's home and, once started, its process.
type joiner struct {
	dir  string
	rpc  string // http://host:port
	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
}

// writeJoinerHome lays out a new non-validator home with the source's
// genesis and CometBFT settings (mempool, indexer, timeouts: a node of the
// same chain), its own keys, the source as its only peer, and no snapshots
// of its own (it is measured catching up, not serving).
func writeJoinerHome(s joinerSetup) (*joiner, error) {
	h := node.Home(s.dir)
	for _, sub := range []string{"config", "data", "keyring"} {
		if err := os.MkdirAll(filepath.Join(s.dir, sub), 0o700); err != nil {
			return nil, err
		}
	}
	conf, err := node.LoadCometConfig(s.srcHome)
	if err != nil {
		return nil, err
	}
	conf.SetRoot(s.dir)
	p2pAddr, err1 := freeAddr()
	rpcAddr, err2 := freeAddr()
	httpAddr, err3 := freeAddr()
	if err1 != nil || err2 != nil || err3 != nil {
		return nil, fmt.Errorf("no free port: %v %v %v", err1, err2, err3)
	}
	conf.Moniker = "catchup-" + filepath.Base(s.dir)
	conf.P2P.ListenAddress, conf.RPC.ListenAddress = "tcp://"+p2pAddr, "tcp://"+rpcAddr
	conf.P2P.PersistentPeers = s.src.nodeID + "@" + s.src.p2p
	conf.P2P.AddrBookStrict, conf.P2P.AllowDuplicateIP = false, true
	conf.RPC.PprofListenAddress = s.pprof
	conf.Instrumentation.Prometheus = false
	conf.StateSync.Enable = s.statesync
	if s.statesync {
		conf.StateSync.RPCServers = []string{s.src.rpc, s.src.rpc}
		conf.StateSync.TrustHeight = s.trustH
		conf.StateSync.TrustHash = s.trustHash
		// CometBFT's shortest: the only peer is known from the start.
		conf.StateSync.DiscoveryTime = 5 * time.Second
	}
	if err := conf.ValidateBasic(); err != nil {
		return nil, err
	}
	if _, err := p2p.LoadOrGenNodeKey(conf.NodeKeyFile()); err != nil {
		return nil, err
	}
	pv, err := privval.GenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile(), func() (cmtcrypto.PrivKey, error) { return ed25519.GenPrivKey(), nil })
	if err != nil {
		return nil, err
	}
	pv.Save()
	cfg.WriteConfigFile(h.ConfigFile(), conf)
	raw, err := os.ReadFile(s.srcHome.GenesisFile())
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(h.GenesisFile(), raw, 0o600); err != nil {
		return nil, err
	}
	srcApp, err := node.LoadAppConfig(s.srcHome)
	if err != nil {
		return nil, err
	}
	app, _ := json.MarshalIndent(map[string]any{"http_addr": httpAddr, "department": srcApp.Department,
		"snapshots": map[string]any{"interval": 0}, "admin_socket": false}, "", "  ")
	if err := os.WriteFile(h.AppConfigFile(), append(app, '\n'), 0o600); err != nil {
		return nil, err
	}
	return &joiner{dir: s.dir, rpc: "http://" + rpcAddr}, nil
}

// start runs `BIN start --home DIR` as its own process (so its CPU time is
// its own), logging to DIR/node.log.
func (j *joiner) start(bin string) error {
	lf, err := os.Create(filepath.Join(j.dir, "node.log"))
	if err != nil {
		return err
	}
	cmd := exec.Command(bin, "start", "--home", j.dir)
	cmd.Stdout, cmd.Stderr = lf, lf
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		lf.Close()
		return fmt.Errorf("start joiner: %w", err)
	}
	j.cmd, j.log, j.done = cmd, lf, make(chan struct{})
	go func() { cmd.Wait(); close(j.done) }()
	return nil
}

// exited reports whether the process has ended, with the tail of its log.
func (j *joiner) exited() (bool, string) {
	select {
	case <-j.done:
		b, _ := os.ReadFile(filepath.Join(j.dir, "node.log"))
		if len(b) > 2000 {
			b = b[len(b)-2000:]
		}
		return true, fmt.Sprintf("%v\n%s", j.cmd.ProcessState, b)
	default:
		return false, ""
	}
}

// stop ends the process: SIGTERM, then SIGKILL after 30 s.
func (j *joiner) stop() {
	if j.cmd == nil {
		return
	}
	_ = j.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-j.done:
	case <-time.After(30 * time.Second):
		_ = j.cmd.Process.Kill()
		<-j.done
	}
	j.log.Close()
	j.cmd = nil
}

// cpuSeconds is the process's user+system CPU time so far, from
// /proc/PID/stat.
func cpuSeconds(pid int) (float64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	return statCPUSeconds(string(b))
}

// statCPUSeconds reads utime and stime (fields 14 and 15, in clock ticks
// of 1/100 s on Linux) from a /proc/PID/stat line. The command name
// (field 2, in parentheses) may hold spaces and parentheses: fields are
// counted from the last ')'.
func statCPUSeconds(s string) (float64, error) {
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0, fmt.Errorf("not a /proc/PID/stat line: %q", s)
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0, fmt.Errorf("not a /proc/PID/stat line: %q", s)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil || ut < 0 || st < 0 {
		return 0, fmt.Errorf("not a /proc/PID/stat line: %q", s)
	}
	return float64(ut+st) / 100, nil
}
