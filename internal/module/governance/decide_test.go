package governance

import (
	"encoding/json"
	"testing"
)

// TestDecideEdges walks the thresholds at their edges: 7 departments of
// weight 1, the default param policy (>= 2/3 votes, > 1/2 of yes+no yes).
func TestDecideEdges(t *testing.T) {
	p := Policy{Quorum: Fraction{2, 3}, Approve: Fraction{1, 2}}
	tally := func(yes, no, abstain uint64) Tally {
		return Tally{Yes: yes, No: no, Abstain: abstain, Total: 7, Remaining: 7 - yes - no - abstain}
	}
	for _, tc := range []struct {
		name  string
		t     Tally
		final bool
		want  string
	}{
		{"4 yes: quorum not yet (4*3 < 14)", tally(4, 0, 0), false, outcomeOpen},
		{"5 yes: quorum met, 5 > 7/2 even if 2 more say no", tally(5, 0, 0), false, outcomePass},
		{"4 yes 1 abstain: quorum, but 2 no would make 4 vs 2 — still > 1/2", tally(4, 0, 1), false, outcomePass},
		{"3 yes 2 abstain: 3 yes vs 2 possible no: 3*2 > 5", tally(3, 0, 2), false, outcomePass},
		{"3 yes 1 no 1 abstain: 2 more no would tie 3:3 — open", tally(3, 1, 1), false, outcomeOpen},
		{"3 yes 1 no 1 abstain final: 3:1 passes", tally(3, 1, 1), true, outcomePass},
		{"1 yes 4 no: even 2 more yes is 3:4 — rejected", tally(1, 4, 0), false, outcomeReject},
		{"1 yes 3 no: 3 more yes is 4:3 — open", tally(1, 3, 0), false, outcomeOpen},
		{"2 yes 2 no final: quorum not met — expired", tally(2, 2, 0), true, outcomeNoQuorum},
		{"3 yes 2 no final: quorum met, 3:2 passes", tally(3, 2, 0), true, outcomePass},
		{"2 yes 2 no 1 abstain final: tie is not > 1/2", tally(2, 2, 1), true, outcomeReject},
		{"all abstain: nothing can be approved", tally(0, 0, 7), false, outcomeReject},
		{"nobody voted, final: expired", tally(0, 0, 0), true, outcomeNoQuorum},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := decide(p, tc.t, tc.final); got != tc.want {
				t.Fatalf("decide(%+v, final=%v) = %q, want %q", tc.t, tc.final, got, tc.want)
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	for _, tc := range []struct {
		p  Policy
		ok bool
	}{
		{Policy{Fraction{2, 3}, Fraction{1, 2}}, true},
		{Policy{Fraction{1, 1}, Fraction{0, 1}}, true},
		{Policy{Fraction{0, 3}, Fraction{1, 2}}, false}, // no quorum at all
		{Policy{Fraction{4, 3}, Fraction{1, 2}}, false}, // quorum above 1
		{Policy{Fraction{2, 3}, Fraction{1, 1}}, false}, // approval can never exceed 1
		{Policy{Fraction{2, 0}, Fraction{1, 2}}, false},
		{Policy{Fraction{2, 3}, Fraction{1, 1001}}, false},
	} {
		if err := tc.p.Validate(); (err == nil) != tc.ok {
			t.Errorf("%+v: err %v, want ok=%v", tc.p, err, tc.ok)
		}
	}
}

// TestDefaultPoliciesAtTheEdge: for each default policy and committee
// sizes 1–9 of weight 1, with everyone else voting no, the smallest
// number of yes votes that passes at the deadline is exactly the one the
// fractions give, and one fewer does not pass.
func TestDefaultPoliciesAtTheEdge(t *testing.T) {
	for _, p := range ownParams() {
		if len(p.Name) < len(policyParamPrefix) || p.Name[:len(policyParamPrefix)] != policyParamPrefix {
			continue
		}
		var pol Policy
		if err := json.Unmarshal(p.Default, &pol); err != nil {
			t.Fatal(err)
		}
		for n := uint64(1); n <= 9; n++ {
			// Everyone votes: yes y, no n-y. Pass iff y*den > num*n.
			for y := uint64(0); y <= n; y++ {
				want := outcomeReject
				if y*pol.Approve.Den > pol.Approve.Num*n {
					want = outcomePass
				}
				got := decide(pol, Tally{Yes: y, No: n - y, Total: n}, true)
				if got != want {
					t.Errorf("%s n=%d yes=%d: %q, want %q", p.Name, n, y, got, want)
				}
			}
			// Only yes votes, the rest silent: pass iff the quorum is met.
			for y := uint64(1); y <= n; y++ {
				want := outcomeNoQuorum
				if y*pol.Quorum.Den >= pol.Quorum.Num*n {
					want = outcomePass
				}
				if got := decide(pol, Tally{Yes: y, Remaining: n - y, Total: n}, true); got != want {
					t.Errorf("%s n=%d %d yes, rest silent: %q, want %q", p.Name, n, y, got, want)
				}
			}
		}
	}
}
