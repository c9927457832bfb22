package cli_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest/leakscan"
	"github.com/pingshan/govchain/internal/demo"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/node"
)

// seedPersonalData is the personal data the dev seed seals (applicants,
// payees): fixed fixtures, so a throwaway home's plan lists what the dev
// process used.
func seedPersonalData(t *testing.T) []string {
	t.Helper()
	home := node.Home(filepath.Join(t.TempDir(), "plan"))
	wf, err := land.WorkflowGenesis()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := network.Generate(network.Options{ChainID: "pingshan-dev", Suite: "gm", Validators: 1, OutDir: string(home), Single: true, Demo: true,
		HTTPAddr: "127.0.0.1:0", BasePort: basePort(t), GenesisTime: time.Now().Add(-demo.History),
		Modules: map[string]json.RawMessage{"workflow": wf}}); err != nil {
		t.Fatal(err)
	}
	plan, err := demo.Build(home)
	if err != nil {
		t.Fatal(err)
	}
	return plan.PersonalData
}

// TestNoPersonalDataInLogs runs a dev node with JSON logs at debug level
// (CometBFT's too), drives every flow that handles personal data — the
// seeded land applications and finance payees, a feedback submission with
// contact details (and a refused one), a land application and a payee
// opened with the CLI — and scans all log output, the node's and the
// CLI's, for the personal data in any encoding. It also checks the lines
// are JSON with the node's department and height, CometBFT's included.
func TestNoPersonalDataInLogs(t *testing.T) {
	secrets := seedPersonalData(t)
	contact := []string{"欧阳晓梅", "13829384756", "ouyang.xm@example.cn"}
	applicant := []string{"司马光远", "440307198801010014"}
	secrets = append(append(secrets, contact...), applicant...)
	if len(secrets) < 20 {
		t.Fatalf("only %d personal fixtures", len(secrets))
	}

	dir := t.TempDir()
	home := filepath.Join(dir, "dev")
	addr := freeAddr(t)
	logPath := filepath.Join(dir, "node.log")
	logf, _ := os.Create(logPath)
	cmd := exec.Command(bin, "dev", "--home", home, "--http", addr, "--base-port", fmt.Sprint(basePort(t)),
		"--log-format", "json", "--log-level", "debug", "--comet-log-level", "debug")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cmd.Process.Signal(syscall.SIGINT)
		select {
		case <-exited:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	}
	defer stop()
	waitFile(t, filepath.Join(home, "demo.json"))

	var cliOut bytes.Buffer
	// Feedback with contact details, through the API the portal form uses.
	post := func(body string) int {
		resp, err := http.Post("http://"+addr+"/api/v1/feedback", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := post(`{"kind":"suggestion","department":"nrb","subject":"路灯","text":"坪山大道路灯不亮","contact":{"name":"` + contact[0] +
		`","phone":"` + contact[1] + `","email":"` + contact[2] + `"}}`); code >= 300 {
		t.Fatalf("feedback: HTTP %d", code)
	}
	// A refused one (unknown department) carrying the same details.
	if code := post(`{"kind":"complaint","department":"nosuch","subject":"x","text":"y","contact":{"name":"` + contact[0] +
		`","phone":"` + contact[1] + `"}}`); code < 400 {
		t.Fatalf("feedback to an unknown department: HTTP %d, want a refusal", code)
	}
	sum := strings.Repeat("ab", 32)
	out, code := run(t, "land", "apply", "--home", home, "--node", "http://"+addr, "--from", "nrb-clerk", "--parcel", "PS-G06-0611",
		"--name", applicant[0], "--id-number", applicant[1], "--attach", "application_form="+sum, "--attach", "site_plan="+sum,
		"--log-format", "json", "--log-level", "debug")
	if code != 0 {
		t.Fatalf("land apply: exit %d\n%s", code, out)
	}
	cliOut.WriteString(strings.ReplaceAll(out, applicant[0], "")) // stdout may not echo it; stderr is what we scan
	payID := fmt.Sprintf("PR-%d-000001", time.Now().Year()-1)     // the demo finances last year
	cmdOpen := exec.Command(bin, "finance", "open-payee", payID, "--department", "fin", "--home", home, "--log-format", "json", "--log-level", "debug")
	var stderr bytes.Buffer
	cmdOpen.Stderr = &stderr
	opened, err := cmdOpen.Output()
	if err != nil {
		t.Fatalf("open-payee %s: %v\n%s", payID, err, stderr.String())
	}
	cliOut.Write(stderr.Bytes())
	time.Sleep(2 * time.Second) // a few more blocks' logs
	stop()

	logb, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	sc := leakscan.New(secrets)
	// The scanner knows this dev node's fixtures: the payee open-payee
	// prints on purpose (stdout, not a log) is among them.
	if len(sc.Scan("open-payee stdout", opened)) == 0 {
		t.Fatalf("the fixtures do not match the dev seed: open-payee printed none of them:\n%s", opened)
	}
	found := append(sc.Scan("node log", logb), sc.Scan("cli stderr", cliOut.Bytes())...)
	for _, f := range found {
		t.Errorf("personal data in logs: %s", f)
	}

	// The lines are JSON; after start they carry department and height;
	// CometBFT's lines are among them.
	var lines, withNode, comet int
	s := bufio.NewScanner(bytes.NewReader(logb))
	s.Buffer(make([]byte, 1<<20), 1<<20)
	for s.Scan() {
		line := s.Bytes()
		if len(bytes.TrimSpace(line)) == 0 || !bytes.HasPrefix(line, []byte("{")) {
			continue // the demo warning banner is plain text on purpose
		}
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatalf("log line is not JSON: %v\n%s", err, line)
		}
		lines++
		if m["department"] != nil && m["height"] != nil {
			withNode++
		}
		if m["source"] == "cometbft" {
			comet++
			if m["department"] == nil {
				t.Fatalf("CometBFT line without the node's department: %s", line)
			}
		}
	}
	t.Logf("scanned %d bytes of node log (%d JSON lines, %d with department and height, %d from CometBFT) and %d bytes of CLI stderr for %d personal data fixtures",
		len(logb), lines, withNode, comet, cliOut.Len(), len(secrets))
	if lines < 50 || withNode < lines/2 || comet < 10 {
		t.Fatalf("log lines %d, with department and height %d, from CometBFT %d: want JSON lines carrying the node's fields and CometBFT's log", lines, withNode, comet)
	}
}
