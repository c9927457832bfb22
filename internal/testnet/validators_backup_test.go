package testnet_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/testnet"
)

// validatorBackup is a backup taken during TestValidatorJoinAndRemoval and
// the validator-set changes since genesis it must carry.
type validatorBackup struct {
	name    string
	file    string
	changes int
}

// exportAfterChanges exports node i's newest state (`govchain export` of a
// running node) and checks the backup says it carries `changes`
// validator-set changes.
func exportAfterChanges(t *testing.T, nw *testnet.Network, i int, name string, changes int) validatorBackup {
	t.Helper()
	file := filepath.Join(t.TempDir(), name+".bak")
	out, err := runCLI("export", "--home", nw.Nodes[i].Home, "--out", file)
	if err != nil {
		t.Fatalf("export %s: %v\n%s", name, err, out)
	}
	if want := fmt.Sprintf("%d validator-set changes since genesis", changes); !strings.Contains(out, want) {
		t.Fatalf("export %s does not say %q:\n%s", name, want, out)
	}
	t.Logf("%s", strings.TrimSpace(out))
	return validatorBackup{name: name, file: file, changes: changes}
}

// restoreFromBackups restores node i from each backup in turn, the way an
// operator restores a lost node (docs/operations.md "When a node is
// lost"): stop it, empty its data directory (keeping its
// priv_validator_state.json, as a restored host keeps its key backup),
// `govchain import`, start, and wait until it has caught up with node 0 on
// one app hash with the nodes in all. The restored node, whose blocks
// start after the validator changes, must then still prove proposal id's
// record with both changes (the ones import saved from the backup and any
// later in its own blocks) and export a backup carrying both. The node is
// left stopped.
func restoreFromBackups(t *testing.T, ctx context.Context, nw *testnet.Network, i int, all []int, backups []validatorBackup, id uint64) {
	t.Helper()
	home := nw.Nodes[i].Home
	for _, b := range backups {
		if out, err := runCLI("import", "--verify-only", b.file); err != nil || !strings.Contains(out, fmt.Sprintf("%d validator-set changes", b.changes)) {
			t.Fatalf("verify %s: %v\n%s", b.name, err, out)
		}
		if err := nw.Stop(i); err != nil {
			t.Fatal(err)
		}
		data := filepath.Join(home, "data")
		pvState, err := os.ReadFile(filepath.Join(data, "priv_validator_state.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.RemoveAll(data); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(data, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(data, "priv_validator_state.json"), pvState, 0o600); err != nil {
			t.Fatal(err)
		}
		out, err := runCLI("import", b.file, "--home", home)
		if err != nil {
			t.Fatalf("import %s: %v\n%s", b.name, err, out)
		}
		m := exportedRe.FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("import %s output:\n%s", b.name, out)
		}
		// What the restored node proves its first block's validators with.
		if _, err := os.Stat(filepath.Join(data, "validator_transitions.json")); err != nil {
			t.Fatalf("import %s saved no validator changes: %v", b.name, err)
		}
		if err := nw.Start(i); err != nil {
			t.Fatal(err)
		}
		top, _, _ := status(ctx, nw, 0)
		if err := nw.WaitReady(ctx, i, top); err != nil {
			t.Fatalf("node %d restored from %s: %v\n%s", i, b.name, err, nw.LogTail(i, 20))
		}
		height, appHash, err := sameAppHashOn(ctx, nw, all)
		if err != nil {
			t.Fatalf("after restoring node %d from %s: %v", i, b.name, err)
		}
		t.Logf("node %d restored from %s (state %s, %d validator changes checked) caught up: all at %d app hash %.16s…",
			i, b.name, m[1], b.changes, height, appHash)
		proveAcrossChanges(t, nw, id, 2, i)
		exportAfterChanges(t, nw, i, "restored-from-"+b.name, 2)
	}
	if err := nw.Stop(i); err != nil {
		t.Fatal(err)
	}
}
