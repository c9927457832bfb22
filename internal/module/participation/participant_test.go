package participation_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/index"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/participation"
	"github.com/pingshan/govchain/internal/participant"
	"github.com/pingshan/govchain/internal/tx"
)

// TestSignupParticipantHash: the gateway's keyed hash of the phone goes
// through the chain into the index; the same phone spelt two ways is one
// hash; a sign-up without a hash is counted as such; a hash that is not 64
// lower-case hex digits is refused.
func TestSignupParticipantHash(t *testing.T) {
	c := newChain(t)
	key, err := participant.ParseKey(strings.Repeat("5a", 32))
	if err != nil {
		t.Fatal(err)
	}
	hash := func(phone string) module.Hash {
		h, err := key.Hash(c.Suite, phone, "")
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	id := announce(t, c, "nrb-clerk", 10, c.Now().Add(48*time.Hour))
	from := c.Now().Unix()
	for i, h := range []module.Hash{hash("138 0013 8000"), hash("+86 13800138000"), hash("13900139000"), ""} {
		c.MustDo("gsd-gateway", "participation", "signup", participation.SignUp{Activity: id, Contact: sealFor(t, c, "nrb"),
			CancelHash: hexHash(c, string(rune('a'+i))), Participant: h})
	}
	for _, bad := range []module.Hash{module.Hash(strings.ToUpper(string(hash("13700137000")))), "abc"} {
		r := c.Do("gsd-gateway", "participation", "signup", participation.SignUp{Activity: id, Contact: sealFor(t, c, "nrb"),
			CancelHash: hexHash(c, "z"), Participant: bad})
		wantCode(t, r, tx.ErrInvalidPayload)
		if !strings.Contains(r.Log, "participant") {
			t.Errorf("the refusal does not name the field: %q", r.Log)
		}
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "index.db"), participation.IndexHandler{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Sync(context.Background(), c.App.Store(), nil); err != nil {
		t.Fatal(err)
	}
	hs, unhashed, err := participation.SignupParticipants(context.Background(), ix.DB(), "nrb", from, c.Now().Add(time.Hour).Unix())
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[string]bool{}
	for _, h := range hs {
		distinct[h] = true
	}
	if len(hs) != 3 || len(distinct) != 2 || unhashed != 1 {
		t.Fatalf("%d hashes (%d distinct), %d without; want 3 (2 distinct), 1", len(hs), len(distinct), unhashed)
	}
}
