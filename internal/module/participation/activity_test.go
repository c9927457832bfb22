package participation_test

import (
	"bytes"
	"strconv"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/apptest"
	"github.com/pingshan/govchain/internal/errcode"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/tx"
)

func announce(t *testing.T, c *apptest.Chain, who string, capacity uint32, start time.Time) uint64 {
	t.Helper()
	r := c.MustDo(who, "participation", "activity_announce", participation.Announce{Kind: participation.KindLecture, TitleZH: "不动产登记讲座",
		TitleEN: "Property registration", Place: "市民中心 2 楼", StartUnix: start.Unix(), Minutes: 90, Capacity: capacity})
	id, err := strconv.ParseUint(apptest.Event(r, "participation.activity_announced", "activity"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestSignupsToCapacity: seats go in block order up to the capacity, the
// next is refused as full, a cancel with the right code frees a seat,
// and the name and phone are in state only sealed to the organiser.
func TestSignupsToCapacity(t *testing.T) {
	c := newChain(t)
	id := announce(t, c, "nrb-clerk", 2, c.Now().Add(48*time.Hour))
	r1 := signup(t, c, id, "code-1")
	wantCode(t, r1, nil)
	wantCode(t, signup(t, c, id, "code-2"), nil)
	wantCode(t, signup(t, c, id, "code-3"), participation.ErrFull)
	receipt := apptest.Event(r1, "participation.signed_up", "receipt")
	a, err := participation.GetActivity(c.State(), id)
	if err != nil {
		t.Fatal(err)
	}
	if a.Active != 2 || !a.Full() {
		t.Fatalf("active %d, full %v; want 2, true", a.Active, a.Full())
	}
	cases := []struct {
		name, receipt, code string
		want                *errcode.Error
	}{
		{"wrong code", receipt, "code-2", participation.ErrCancelCode},
		{"unknown receipt", "BM-0000000000", "code-1", participation.ErrSignupNotFound},
		{"right code", receipt, "code-1", nil},
		{"twice", receipt, "code-1", participation.ErrSignupState},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wantCode(t, c.Do("gsd-gateway", "participation", "signup_cancel", participation.CancelSignup{Receipt: tc.receipt, CancelCode: tc.code}), tc.want)
		})
	}
	wantCode(t, signup(t, c, id, "code-4"), nil) // the freed seat
	if a, _ = participation.GetActivity(c.State(), id); a.Active != 2 || a.Cancelled != 1 {
		t.Fatalf("active %d cancelled %d; want 2, 1", a.Active, a.Cancelled)
	}
	// Nothing personal in clear anywhere in state.
	_ = c.State().Iterate(nil, func(k, v []byte) bool {
		if bytes.Contains(v, []byte("13800000000")) || bytes.Contains(v, []byte("张三")) {
			t.Errorf("personal data in clear at %q", k)
		}
		return true
	})
}

func TestSignupRefusals(t *testing.T) {
	c := newChain(t)
	start := c.Now().Add(time.Hour)
	id := announce(t, c, "nrb-clerk", 5, start)
	other := announce(t, c, "eeb-admin", 5, start)
	t.Run("sealed to another department", func(t *testing.T) {
		r := c.Do("gsd-gateway", "participation", "signup", participation.SignUp{Activity: id, Contact: sealFor(t, c, "eeb"),
			CancelHash: "00000000000000000000000000000000000000000000000000000000000000aa"})
		wantCode(t, r, participation.ErrInvalid)
	})
	t.Run("sealed to an extra department", func(t *testing.T) {
		r := c.Do("gsd-gateway", "participation", "signup", participation.SignUp{Activity: id, Contact: sealFor(t, c, "nrb", "eeb"),
			CancelHash: "00000000000000000000000000000000000000000000000000000000000000aa"})
		wantCode(t, r, participation.ErrInvalid)
	})
	t.Run("not the gateway", func(t *testing.T) {
		r := c.Do("nrb-clerk", "participation", "signup", participation.SignUp{Activity: id, Contact: sealFor(t, c, "nrb"),
			CancelHash: "00000000000000000000000000000000000000000000000000000000000000aa"})
		wantCode(t, r, tx.ErrRoleNotAllowed)
	})
	t.Run("unknown activity", func(t *testing.T) { wantCode(t, signup(t, c, 99, "x"), participation.ErrActivityNotFound) })
	wantCode(t, signup(t, c, id, "keep"), nil)
	t.Run("cancel by another department", func(t *testing.T) {
		wantCode(t, c.Do("nrb-clerk", "participation", "activity_cancel", participation.CancelActivity{Activity: other, Reason: "x"}), participation.ErrOtherDepartment)
	})
	t.Run("attendance before start", func(t *testing.T) {
		wantCode(t, c.Do("nrb-clerk", "participation", "attendance", participation.Attendance{Activity: id, Receipts: []string{"BM-0000000000"}}), participation.ErrNotStarted)
	})
	wantCode(t, c.Do("eeb-admin", "participation", "activity_cancel", participation.CancelActivity{Activity: other, Reason: "场地维修"}), nil)
	t.Run("cancelled activity", func(t *testing.T) {
		r := c.Do("gsd-gateway", "participation", "signup", participation.SignUp{Activity: other, Contact: sealFor(t, c, "eeb"),
			CancelHash: "00000000000000000000000000000000000000000000000000000000000000aa"})
		wantCode(t, r, participation.ErrActivityState)
	})
	c.Advance(2 * time.Hour)
	t.Run("after start", func(t *testing.T) { wantCode(t, signup(t, c, id, "late"), participation.ErrSignupClosed) })
	t.Run("announce in the past", func(t *testing.T) {
		r := c.Do("nrb-clerk", "participation", "activity_announce", participation.Announce{Kind: participation.KindForum, TitleZH: "座谈会",
			Place: "x", StartUnix: c.Now().Add(-time.Hour).Unix(), Minutes: 60, Capacity: 1})
		wantCode(t, r, participation.ErrInvalid)
	})
}

// TestAttendance: only open sign-ups of the activity, all or nothing.
func TestAttendance(t *testing.T) {
	c := newChain(t)
	id := announce(t, c, "nrb-clerk", 5, c.Now().Add(time.Hour))
	var receipts []string
	for _, code := range []string{"a", "b", "c"} {
		receipts = append(receipts, apptest.Event(c.MustDo("gsd-gateway", "participation", "signup", participation.SignUp{Activity: id,
			Contact: sealFor(t, c, "nrb"), CancelHash: hexHash(c, code)}), "participation.signed_up", "receipt"))
	}
	c.MustDo("gsd-gateway", "participation", "signup_cancel", participation.CancelSignup{Receipt: receipts[2], CancelCode: "c"})
	c.Advance(2 * time.Hour)
	wantCode(t, c.Do("nrb-clerk", "participation", "attendance", participation.Attendance{Activity: id, Receipts: receipts}), participation.ErrSignupState)
	if a, _ := participation.GetActivity(c.State(), id); a.Attended != 0 {
		t.Fatalf("a refused record half-applied: attended %d", a.Attended)
	}
	wantCode(t, c.Do("eeb-admin", "participation", "attendance", participation.Attendance{Activity: id, Receipts: receipts[:2]}), participation.ErrOtherDepartment)
	wantCode(t, c.Do("nrb-clerk", "participation", "attendance", participation.Attendance{Activity: id, Receipts: receipts[:2]}), nil)
	a, _ := participation.GetActivity(c.State(), id)
	if a.Attended != 2 || a.Active != 2 || a.Cancelled != 1 {
		t.Fatalf("attended %d active %d cancelled %d; want 2, 2, 1", a.Attended, a.Active, a.Cancelled)
	}
	s, _ := participation.GetSignup(c.State(), receipts[0])
	if s.State != participation.SignupAttended {
		t.Fatalf("state %s", s.State)
	}
}

func hexHash(c *apptest.Chain, code string) string {
	return hexString(participation.CancelHash(c.Suite, code))
}
