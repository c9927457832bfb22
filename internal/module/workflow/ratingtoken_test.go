package workflow_test

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/pingshan/govchain/internal/module/feedback"
	"github.com/pingshan/govchain/internal/module/workflow"
)

// TestRatingTokenOnRealCase: a case keeps its rating token's hash from
// open_case; the gateway can rate the closed case only with the token the
// citizen's access code yields, and nothing on chain gives the token away.
func TestRatingTokenOnRealCase(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		req, _ := openReq(t, c, 5000)
		req.RatingTokenHash = nil
		if r := c.Do("nrb-clerk", "workflow", "open_case", req); r.Code == 0 || !strings.Contains(r.Log, "rating_token_hash") {
			t.Fatalf("open_case without rating_token_hash: %d %s", r.Code, r.Log)
		}
		n, code := open(t, c, 5000)
		k := getCase(t, c, n)
		token := workflow.RatingToken(c.Suite, code)
		if !bytes.Equal(k.RatingTokenHash, workflow.RatingTokenHashFor(c.Suite, code)) || bytes.Equal(k.RatingTokenHash, token) ||
			bytes.Equal(k.AccessCodeHash, token) {
			t.Fatalf("case keeps %x (access code hash %x), token %x", k.RatingTokenHash, k.AccessCodeHash, token)
		}
		c.MustDo("nrb-clerk", "workflow", "act", act(n, "accept", workflow.ActReject, nil))
		rate := func(tok []byte) (uint32, string) {
			r := c.Do("gsd-gateway", "feedback", "rate", feedback.Rate{CaseNo: n, Level: feedback.VeryDissatisfied, RatingToken: hex.EncodeToString(tok)})
			return r.Code, r.Log
		}
		for name, tok := range map[string][]byte{"access code hash": k.AccessCodeHash, "rating token hash": k.RatingTokenHash,
			"another code": workflow.RatingToken(c.Suite, "0000-0000-0000-0000")} {
			if got, log := rate(tok); got == 0 || !strings.Contains(log, feedback.ErrRatingToken.Error()) {
				t.Errorf("%s: %d %s", name, got, log)
			}
		}
		if got, log := rate(token); got != 0 {
			t.Fatalf("the citizen's token: %d %s", got, log)
		}
	})
}

func TestCheckRatingToken(t *testing.T) {
	forSuites(t, func(t *testing.T, suite string) {
		c := newChain(t, suite)
		want := workflow.RatingTokenHashFor(c.Suite, "ABCD-EFGH-JKMN-PQRS")
		for _, tc := range []struct {
			name  string
			want  []byte
			token []byte
			ok    bool
		}{
			{"same code", want, workflow.RatingToken(c.Suite, "ABCD-EFGH-JKMN-PQRS"), true},
			{"typed loosely", want, workflow.RatingToken(c.Suite, "abcd efgh jkmn pqrs"), true},
			{"other code", want, workflow.RatingToken(c.Suite, "ABCD-EFGH-JKMN-PQRT"), false},
			{"no token", want, nil, false},
			{"case without hash", nil, workflow.RatingToken(c.Suite, "ABCD-EFGH-JKMN-PQRS"), false},
		} {
			if got := workflow.CheckRatingToken(c.Suite, tc.want, tc.token); got != tc.ok {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.ok)
			}
		}
	})
}
