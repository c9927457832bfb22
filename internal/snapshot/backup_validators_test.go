package snapshot

import (
	"errors"
	"strings"
	"testing"

	sm "github.com/cometbft/cometbft/state"
	"github.com/cosmos/gogoproto/proto"

	"github.com/pingshan/govchain/internal/proof"
)

// TestBackupValidatorTransitions exports the transitions a backup of state
// h carries from the fixture chain (changes after blocks 5 and 10) and
// checks them, tampered or not, the way Import and VerifyBackup do.
func TestBackupValidatorTransitions(t *testing.T) {
	c := newFixtureChain(t)
	dropAt := func(i int) func(*testing.T, []proof.Transition, *sm.State) []proof.Transition {
		return func(_ *testing.T, ts []proof.Transition, _ *sm.State) []proof.Transition {
			return append(ts[:i:i], ts[i+1:]...)
		}
	}
	for _, tc := range []struct {
		name    string
		h       int64
		changes int // transitions the export must carry
		tamper  func(*testing.T, []proof.Transition, *sm.State) []proof.Transition
		want    error  // nil: the backup verifies
		saying  string // part of the error message
	}{
		{name: "genesis set: no V record, as old backups", h: 3},
		{name: "genesis set up to the block before the change", h: 4},
		{name: "change at block h itself", h: 5, changes: 1},
		{name: "after a validator add", h: 7, changes: 1},
		{name: "next set already changing at h+1", h: 9, changes: 1},
		{name: "change at block h after an earlier one", h: 10, changes: 2},
		{name: "after an add and a remove", h: 15, changes: 2},
		{name: "first change missing", h: 15, changes: 2, tamper: dropAt(0), want: proof.ErrValidators, saying: "missing"},
		{name: "last change missing", h: 15, changes: 2, tamper: dropAt(1), want: proof.ErrValidators, saying: "the genesis and the validator transitions give"},
		{name: "change at h missing", h: 5, changes: 1, tamper: dropAt(0), want: proof.ErrValidators, saying: "next validator set"},
		{name: "no transitions after changes (an old exporter's backup)", h: 15, changes: 2, want: proof.ErrValidators,
			tamper: func(*testing.T, []proof.Transition, *sm.State) []proof.Transition { return nil },
			saying: "carries no validator transitions"},
		{name: "wrong next set in a transition", h: 15, changes: 2, want: proof.ErrValidators, saying: "block 5 committed to",
			tamper: func(_ *testing.T, ts []proof.Transition, _ *sm.State) []proof.Transition {
				ts[0].NextValidators = c.sets["C"].Copy()
				return ts
			}},
		{name: "transition signed by too little power", h: 15, changes: 2, want: proof.ErrSignatures, saying: "block 5",
			tamper: func(t *testing.T, ts []proof.Transition, _ *sm.State) []proof.Transition {
				m := c.metas[5]
				ts[0].Header.Commit = signCommit(t, &m.Header, m.BlockID, c.signers["A"], c.sets["A"], 2)
				return ts
			}},
		{name: "transitions out of order", h: 15, changes: 2, want: proof.ErrValidators, saying: "is an earlier transition missing",
			tamper: func(_ *testing.T, ts []proof.Transition, _ *sm.State) []proof.Transition {
				return []proof.Transition{ts[1], ts[0]}
			}},
		{name: "a transition repeated", h: 15, changes: 2, want: proof.ErrHeight, saying: "not after the previous",
			tamper: func(_ *testing.T, ts []proof.Transition, _ *sm.State) []proof.Transition {
				return []proof.Transition{ts[0], ts[0], ts[1]}
			}},
		{name: "state's validators not the signers of h+1", h: 15, changes: 2, want: proof.ErrValidators, saying: "state's validators hash",
			tamper: func(_ *testing.T, ts []proof.Transition, st *sm.State) []proof.Transition {
				st.Validators = c.sets["B"].Copy()
				return ts
			}},
		{name: "state's last validators not the signers of h", h: 11, changes: 2, want: proof.ErrValidators, saying: "last_validators",
			tamper: func(_ *testing.T, ts []proof.Transition, st *sm.State) []proof.Transition {
				st.LastValidators = c.sets["B"].Copy()
				return ts
			}},
		{name: "state's next validators not what h+1 names", h: 9, changes: 1, want: proof.ErrValidators, saying: "next_validators",
			tamper: func(_ *testing.T, ts []proof.Transition, st *sm.State) []proof.Transition {
				st.NextValidators = c.sets["B"].Copy()
				return ts
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ts, err := exportTransitions(c, c.gen, nil, tc.h)
			if err != nil {
				t.Fatal(err)
			}
			if len(ts) != tc.changes {
				t.Fatalf("export carries %d transitions, want %d", len(ts), tc.changes)
			}
			recs := c.records(t, tc.h)
			if tc.tamper != nil {
				if ts, err = roundTrip(ts); err != nil {
					t.Fatal(err)
				}
				st, err := decodeRecord(recs.state, sm.FromProto)
				if err != nil {
					t.Fatal(err)
				}
				ts = tc.tamper(t, ts, st)
				pb, err := st.ToProto()
				if err != nil {
					t.Fatal(err)
				}
				if recs.state, err = proto.Marshal(pb); err != nil {
					t.Fatal(err)
				}
			}
			if len(ts) > 0 {
				if recs.transitions, err = proof.EncodeTransitions(ts); err != nil {
					t.Fatal(err)
				}
			}
			_, _, _, _, err = verifyChainRecords(c.gen, manifestFor(tc.h, len(ts)), recs)
			switch {
			case tc.want == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.want == nil:
			case !errors.Is(err, tc.want):
				t.Fatalf("got %v, want %v", err, tc.want)
			case !strings.Contains(err.Error(), tc.saying):
				t.Fatalf("error %q does not say %q", err, tc.saying)
			default:
				t.Logf("refused as it should be: %v", err)
			}
		})
	}
}

// roundTrip is ts as an importer decodes it: a copy the test can alter
// without touching the fixture's blocks.
func roundTrip(ts []proof.Transition) ([]proof.Transition, error) {
	b, err := proof.EncodeTransitions(ts)
	if err != nil {
		return nil, err
	}
	return proof.DecodeTransitions(b)
}

// TestExportTransitionsRefused: a node cannot export a backup it cannot
// show the validator changes of.
func TestExportTransitionsRefused(t *testing.T) {
	c := newFixtureChain(t)
	c.base = 12 // restored or state-synced after the changes
	if _, err := exportTransitions(c, c.gen, nil, 15); !errors.Is(err, proof.ErrValidators) || !strings.Contains(err.Error(), "history from genesis") {
		t.Fatalf("got %v, want ErrValidators naming the history from genesis", err)
	}
	c.base = 3 // state-synced before them: the changes are all in its blocks
	if ts, err := exportTransitions(c, c.gen, nil, 15); err != nil || len(ts) != 2 {
		t.Fatalf("node whose blocks start at 3: %d transitions, %v", len(ts), err)
	}
	c.base = 1
	delete(c.commits, 10)
	if _, err := exportTransitions(c, c.gen, nil, 15); err == nil || !strings.Contains(err.Error(), "block 10") {
		t.Fatalf("got %v, want an error naming block 10", err)
	}
}

// TestBackupTransitionsRecordStrict: the V record is a bundle's
// validator_transitions list and is decoded as strictly.
func TestBackupTransitionsRecordStrict(t *testing.T) {
	c := newFixtureChain(t)
	for _, tc := range []struct{ name, v string }{
		{"empty record", ""}, {"null", "null"}, {"empty list", "[]"}, {"not a list", `{"signed_header":{}}`},
		{"unknown field", `[{"signed_header":{},"validator_set":{},"extra":1}]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := c.records(t, 15)
			recs.transitions = []byte(tc.v)
			if _, _, _, _, err := verifyChainRecords(c.gen, manifestFor(15, 1), recs); !errors.Is(err, proof.ErrMalformed) {
				t.Fatalf("got %v, want ErrMalformed", err)
			}
		})
	}
}

// manifestFor is the manifest of a backup of state h with n changes.
func manifestFor(h int64, n int) *BackupManifest {
	return &BackupManifest{Format: formatFor(n), Height: h, ValidatorChanges: n}
}

// TestBackupManifestMatchesTransitions: the manifest's format and change
// count must agree with the V record, and unknown formats are refused.
func TestBackupManifestMatchesTransitions(t *testing.T) {
	c := newFixtureChain(t)
	ts, err := exportTransitions(c, c.gen, nil, 15)
	if err != nil {
		t.Fatal(err)
	}
	v, err := proof.EncodeTransitions(ts)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		man    *BackupManifest
		saying string
	}{
		{"format 1 with transitions", &BackupManifest{Format: BackupFormat, Height: 15, ValidatorChanges: 2}, "format 1 with 2 validator changes"},
		{"count off by one", &BackupManifest{Format: BackupFormatTransitions, Height: 15, ValidatorChanges: 1}, "manifest says 1 validator changes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			recs := c.records(t, 15)
			recs.transitions = v
			if _, _, _, _, err := verifyChainRecords(c.gen, tc.man, recs); err == nil || !strings.Contains(err.Error(), tc.saying) {
				t.Fatalf("got %v, want an error saying %q", err, tc.saying)
			}
		})
	}
	if err := checkFormat(&BackupManifest{Format: 3}); err == nil || !strings.Contains(err.Error(), "backup format 3") {
		t.Fatalf("format 3: %v", err)
	}
}
