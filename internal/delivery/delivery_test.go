package delivery_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/datasource"
	"github.com/pingshan/govchain/internal/delivery"
	"github.com/pingshan/govchain/internal/module/sharing"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/sealed"
)

const eiaCSV = `parcel_id,approval_no,conclusion,applicant_name
PS-G01-0101,坪环批〔2026〕12号,同意,刘志强
PS-G02-0207,坪环批〔2026〕15号,同意,王建国
`

// TestDeliveryUnderAGrant: the housing bureau's reviewer fetches two
// granted fields of a parcel's environmental approval from the ecology
// bureau; only the housing bureau can open the answer; its hash is the one
// the access record puts on chain; a field outside the grant, a fetch
// signed by another department's staff, a forged or stale fetch, and any
// fetch after revocation are refused.
func TestDeliveryUnderAGrant(t *testing.T) {
	for _, suite := range []string{"gm", "intl"} {
		t.Run(suite, func(t *testing.T) { testDelivery(t, suite) })
	}
}

func testDelivery(t *testing.T, suiteName string) {
	c := apptest.New(t, apptest.Options{Suite: suiteName})
	c.MustDo("eeb-admin", "sharing", "register_resource", sharing.RegisterResource{ID: "eeb-eia-approvals", NameZH: "环评审批", NameEN: "EIA approvals",
		Description: "d", ShareClass: sharing.ClassConditional, LegalBasis: "《环境影响评价法》", Frequency: "daily",
		Fields: []sharing.Field{{Name: "parcel_id", Type: "code"}, {Name: "approval_no", Type: "code"}, {Name: "conclusion", Type: "text"},
			{Name: "applicant_name", Type: "text", Personal: true}}})
	c.MustDo("hub-reviewer", "sharing", "request", sharing.RequestData{Resource: "eeb-eia-approvals",
		Fields: []string{"parcel_id", "approval_no", "conclusion"}, Purpose: "审查", DurationDays: 30})
	until := c.Now().Add(30 * 24 * time.Hour)
	c.MustDo("eeb-reviewer", "sharing", "answer", sharing.Decide{Request: 1, Decision: sharing.DecisionGrant,
		Fields: []string{"parcel_id", "conclusion"}, ValidUntil: &until})

	path := filepath.Join(t.TempDir(), "eia.csv")
	os.WriteFile(path, []byte(eiaCSV), 0o600)
	src, err := datasource.OpenCSV(path)
	if err != nil {
		t.Fatal(err)
	}
	owner := &delivery.Owner{Suite: c.Suite, ChainID: apptest.ChainID, Department: "eeb",
		Sources: map[string]datasource.Source{"eeb-eia-approvals": src}, Replay: delivery.NewReplayGuard()}
	now := c.Now()
	fetch := func(who string, f delivery.Fetch) *delivery.SignedFetch {
		f.ChainID, f.Grant, f.Account = apptest.ChainID, 1, c.Addrs[who]
		if f.Time.IsZero() {
			f.Time = now
		}
		if f.Purpose == "" {
			f.Purpose = "审查 LAND-2026-000001"
		}
		sf, err := delivery.Sign(c.Keys[who], f)
		if err != nil {
			t.Fatal(err)
		}
		return sf
	}
	ctx := context.Background()
	good := delivery.Fetch{Fields: []string{"parcel_id", "conclusion"}, KeyField: "parcel_id", KeyValue: "PS-G01-0101"}
	first := fetch("hub-reviewer", good)
	d, err := owner.Serve(ctx, c.State(), first, now)
	if err != nil {
		t.Fatal(err)
	}
	// The same signed fetch again is a replay.
	if _, err := owner.Serve(ctx, c.State(), first, now.Add(time.Second)); !errors.Is(err, delivery.ErrReplay) {
		t.Fatalf("replay: %v", err)
	}
	// Only the housing bureau can read it.
	got, err := delivery.Open(c.Suite, d, "hub", c.Keys[network.DataKeyName("hub")])
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]string{{"PS-G01-0101", "同意"}}; !reflect.DeepEqual(got.Rows, want) {
		t.Fatalf("rows %q, want %q", got.Rows, want)
	}
	for _, dept := range []string{"eeb", "nrb"} {
		if _, err := delivery.Open(c.Suite, d, dept, c.Keys[network.DataKeyName(dept)]); !errors.Is(err, sealed.ErrNotReader) {
			t.Fatalf("%s opened the delivery: %v", dept, err)
		}
	}
	if strings.Contains(string(d.Box.Ciphertext), "同意") {
		t.Fatal("plain text in the box")
	}
	// The owner puts the access record on chain; its hash is what hub got.
	c.MustDo("eeb-reviewer", "sharing", "record_access", d.Access)
	acc, _ := sharing.Accesses(c.State())
	if len(acc) != 1 || acc[0].DeliveredHash != d.Hash || acc[0].RequesterAccount != c.Addrs["hub-reviewer"] {
		t.Fatalf("access %+v", acc)
	}
	// A tampered hash is caught by the requester.
	bad := *d
	bad.Hash = sharing.RecordAccess{}.DeliveredHash
	if _, err := delivery.Open(c.Suite, &bad, "hub", c.Keys[network.DataKeyName("hub")]); !errors.Is(err, delivery.ErrHash) {
		t.Fatalf("tampered hash: %v", err)
	}

	refusals := []struct {
		name string
		sf   *delivery.SignedFetch
		want error
	}{
		{"a field outside the grant", fetch("hub-reviewer", delivery.Fetch{Fields: []string{"applicant_name"}}), sharing.ErrFieldNotInScope},
		{"selecting by a field not granted", fetch("hub-reviewer", delivery.Fetch{Fields: []string{"conclusion"}, KeyField: "approval_no", KeyValue: "x"}), sharing.ErrFieldNotInScope},
		{"staff of another department", fetch("nrb-reviewer", good), delivery.ErrSignature},
		{"stale", fetch("hub-reviewer", delivery.Fetch{Fields: good.Fields, Time: now.Add(-10 * time.Minute)}), delivery.ErrStale},
	}
	forged := fetch("hub-reviewer", good)
	forged.Fetch = []byte(strings.Replace(string(forged.Fetch), `"parcel_id","conclusion"`, `"parcel_id","applicant_name"`, 1))
	refusals = append(refusals, struct {
		name string
		sf   *delivery.SignedFetch
		want error
	}{"forged after signing", forged, delivery.ErrSignature})
	for _, tc := range refusals {
		if _, err := owner.Serve(ctx, c.State(), tc.sf, now); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	// After revocation the next fetch is refused.
	c.MustDo("eeb-admin", "sharing", "revoke", sharing.Revoke{Grant: 1, Reason: "更正"})
	again := good
	again.Time = now.Add(2 * time.Second) // a new fetch (an identical one would be a replay)
	if _, err := owner.Serve(ctx, c.State(), fetch("hub-reviewer", again), now); !errors.Is(err, sharing.ErrGrantInvalid) {
		t.Fatalf("after revocation: %v", err)
	}
}
