package bench

import "testing"

func TestNormaliseReason(t *testing.T) {
	for in, want := range map[string]string{
		"broadcast error on transaction validation: tx 01AB is invalid: code=5, data=, log='wrong sequence: account client-001 expects sequence 4, tx has 5', codespace='tx'": "checktx tx/5: wrong sequence",
		"mempool is full: number of txs 5000 (max: 5000), total txs bytes 1 (max: 2)":                                                                                         "mempool is full",
	} {
		if got := normaliseReason(in); got != want {
			t.Errorf("normaliseReason(%q) = %q, want %q", in, got, want)
		}
	}
}
