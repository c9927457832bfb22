package cli_test

import (
	"encoding/hex"
	"encoding/json"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/api"
	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/participant"
)

// TestLandApplyCLI: `govchain land apply` seals the applicant's data, files
// the application on the seeded dev chain and prints a working access code.
func TestLandApplyCLI(t *testing.T) {
	home := filepath.Join(t.TempDir(), "dev")
	addr := freeAddr(t)
	cmd := startDev(t, home, addr)
	defer stopDev(t, cmd)
	// Wait for the seed (demo.json is written when it is done).
	waitFile(t, filepath.Join(home, "demo.json"))
	sum := strings.Repeat("ab", 32)
	out, code := run(t, "land", "apply", "--home", home, "--node", "http://"+addr, "--from", "nrb-clerk", "--parcel", "PS-G06-0611",
		"--name", "赵六", "--id-number", "44030719991212000X", "--phone", "13522223333", "--attach", "application_form="+sum, "--attach", "site_plan="+sum)
	if code != 0 {
		t.Fatalf("land apply: exit %d\n%s", code, out)
	}
	var res struct {
		Case       string `json:"case"`
		AccessCode string `json:"access_code"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &res); err != nil || res.Case == "" || res.AccessCode == "" {
		t.Fatalf("output: %v\n%s", err, out)
	}
	var view map[string]any
	if err := client.New(addr).Get(t.Context(), "/api/v1/land/cases/"+res.Case+"?code="+res.AccessCode, &view); err != nil {
		t.Fatalf("tracking with the printed code: %v", err)
	}
	if strings.Contains(out, "赵六") {
		t.Fatal("the applicant's name was echoed")
	}
	b, _ := json.Marshal(view)
	if strings.Contains(string(b), "赵六") || strings.Contains(string(b), "44030719991212000X") {
		t.Fatal("personal data in the public view")
	}
	// The dev home holds the city's participant-hash key: the case carries
	// the applicant's keyed hash, so its rating counts by person.
	var rec api.StateResponse
	if err := client.New(addr).Get(t.Context(), "/api/v1/state?key="+url.QueryEscape(string(workflow.CaseKey(res.Case))), &rec); err != nil {
		t.Fatal(err)
	}
	raw, _ := hex.DecodeString(rec.ValueHex)
	var cs workflow.Case
	if err := module.UnmarshalState(raw, &cs); err != nil {
		t.Fatal(err)
	}
	pk, err := participant.Load(filepath.Join(home, "keyring"))
	if err != nil {
		t.Fatal(err)
	}
	suite, _ := cryptosuite.ByName(cryptosuite.GM)
	if want, _ := pk.Hash(suite, "13522223333", ""); cs.Participant == "" || cs.Participant != want {
		t.Fatalf("case participant %q, want %q", cs.Participant, want)
	}
	// A second application for the same parcel is refused with its code.
	out, code = run(t, "land", "apply", "--home", home, "--node", "http://"+addr, "--from", "nrb-clerk", "--parcel", "PS-G06-0611",
		"--name", "钱七", "--id-number", "440307199912120018", "--attach", "application_form="+sum, "--attach", "site_plan="+sum)
	if code != 2 || !strings.Contains(out, "land/4") {
		t.Fatalf("second apply: exit %d\n%s", code, out)
	}
}
