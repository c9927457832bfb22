package cli

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const unitDir = "../../deploy/systemd"

// unitFile is a parsed unit: section → key → values (a key may repeat).
type unitFile map[string]map[string][]string

func parseUnit(t *testing.T, path string) unitFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	u := unitFile{}
	section := ""
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			u[section] = map[string][]string{}
		case section == "":
			t.Fatalf("%s:%d: key outside a section: %s", path, n, line)
		case strings.HasSuffix(line, `\`):
			t.Fatalf("%s:%d: continuation lines are not used here", path, n)
		default:
			k, v, ok := strings.Cut(line, "=")
			if !ok || strings.TrimSpace(k) == "" {
				t.Fatalf("%s:%d: not key=value: %s", path, n, line)
			}
			k = strings.TrimSpace(k)
			u[section][k] = append(u[section][k], strings.TrimSpace(v))
		}
	}
	return u
}

var govchainCall = regexp.MustCompile(`/usr/local/bin/govchain ([^']*)`)

// checkGovchainCall requires the subcommand and every flag of a govchain
// command line in a unit to exist in this CLI.
func checkGovchainCall(t *testing.T, file, line string) string {
	t.Helper()
	m := govchainCall.FindStringSubmatch(line)
	if m == nil {
		return ""
	}
	// Shell substitutions stand for one word.
	args := strings.Fields(regexp.MustCompile(`\$\([^)]*\)`).ReplaceAllString(m[1], "X"))
	root := newRoot()
	cmd, rest, err := root.Find(args)
	if err != nil || cmd == root {
		t.Fatalf("%s: %q: no such govchain subcommand: %v", file, line, err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Fatalf("%s: %q: %v", file, line, err)
	}
	if len(cmd.Flags().Args()) > 0 && cmd.Args != nil {
		if err := cmd.Args(cmd, cmd.Flags().Args()); err != nil {
			t.Fatalf("%s: %q: %v", file, line, err)
		}
	}
	return cmd.Name()
}

// TestSystemdUnits: the units in deploy/systemd parse, carry the hardening
// the operations guide promises, and call govchain subcommands and flags
// that exist; with systemd-analyze installed, `systemd-analyze verify`
// accepts them without a warning.
func TestSystemdUnits(t *testing.T) {
	units := map[string]unitFile{}
	for _, name := range []string{"govchain.service", "govchain-backup.service", "govchain-backup.timer"} {
		units[name] = parseUnit(t, filepath.Join(unitDir, name))
	}
	require := func(file, section, key, want string) {
		t.Helper()
		vs := units[file][section][key]
		for _, v := range vs {
			if want == "" || v == want {
				return
			}
		}
		t.Errorf("%s [%s] %s = %v, want %q", file, section, key, vs, want)
	}
	for _, f := range []string{"govchain.service", "govchain-backup.service"} {
		require(f, "Service", "User", "govchain")
		require(f, "Service", "NoNewPrivileges", "yes")
		require(f, "Service", "ProtectSystem", "strict")
		require(f, "Service", "ProtectHome", "yes")
		require(f, "Service", "PrivateTmp", "yes")
		require(f, "Service", "ReadWritePaths", "")
		require(f, "Service", "CapabilityBoundingSet", "")
	}
	require("govchain.service", "Install", "WantedBy", "multi-user.target")
	require("govchain-backup.service", "Service", "Type", "oneshot")
	require("govchain-backup.timer", "Timer", "OnCalendar", "")
	require("govchain-backup.timer", "Timer", "Persistent", "true")
	require("govchain-backup.timer", "Install", "WantedBy", "timers.target")

	want := map[string]string{"govchain.service": "start", "govchain-backup.service": "export"}
	for file, sub := range want {
		got := checkGovchainCall(t, file, units[file]["Service"]["ExecStart"][0])
		if got != sub {
			t.Errorf("%s runs govchain %q, want %q", file, got, sub)
		}
	}

	sa, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Log("systemd-analyze not installed: checked with the Go parser only")
		return
	}
	// verify wants the ExecStart binaries to exist: point them at this
	// test binary.
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for name := range units {
		b, err := os.ReadFile(filepath.Join(unitDir, name))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.ReplaceAll(string(b), "/usr/local/bin/govchain", self)), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	out, err := exec.Command(sa, append([]string{"verify"}, paths...)...).CombinedOutput()
	if err != nil || len(strings.TrimSpace(string(out))) > 0 {
		t.Fatalf("systemd-analyze verify: %v\n%s", err, out)
	}
}
