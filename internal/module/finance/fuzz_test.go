package finance

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzDecodePayloads throws arbitrary bytes at every action's decoder: it
// must never panic, and whatever it accepts must hold amounts in range,
// survive a JSON round trip unchanged, and decode again.
func FuzzDecodePayloads(f *testing.F) {
	actions := map[string]func([]byte) (any, error){}
	for _, a := range (Module{}).Actions() {
		dec := a.Decode
		actions[a.Name] = func(b []byte) (any, error) { return dec(b) }
	}
	examples, _ := filepath.Glob("../../../docs/examples/finance/*.json")
	for _, path := range examples {
		b, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(exampleAction[strings.TrimSuffix(filepath.Base(path), ".json")], b)
	}
	f.Fuzz(func(t *testing.T, action string, payload []byte) {
		dec, ok := actions[action]
		if !ok {
			return
		}
		p, err := dec(payload)
		if err != nil {
			return
		}
		for _, fen := range amounts(p) {
			if fen == 0 || fen > MaxAmountFen || fen < -MaxAmountFen {
				t.Fatalf("%s accepted amount %d", action, fen)
			}
		}
		again, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		q, err := dec(again)
		if err != nil {
			t.Fatalf("%s: accepted %q but refuses its own re-encoding %q: %v", action, payload, again, err)
		}
		if b, _ := json.Marshal(q); string(b) != string(again) {
			t.Fatalf("%s: round trip changed %s into %s", action, again, b)
		}
	})
}

// exampleAction maps docs/examples/finance files to their action.
var exampleAction = map[string]string{
	"line": "create_budget_line", "adjust": "adjust_budget_line", "allocate": "allocate", "request": "request_payment",
	"approve": "approve_payment", "reject": "reject_payment", "disburse": "disburse", "refund": "refund",
	"reverse": "reverse", "revenue": "record_revenue",
}

func amounts(p any) []int64 {
	switch v := p.(type) {
	case *CreateBudgetLine:
		return []int64{v.AmountFen}
	case *AdjustBudgetLine:
		return []int64{v.DeltaFen}
	case *Allocate:
		return []int64{v.AmountFen}
	case *RequestPayment:
		return []int64{v.AmountFen}
	case *RefundPayment:
		return []int64{v.AmountFen}
	case *RecordRevenuePayload:
		return []int64{v.AmountFen}
	}
	return nil
}

// TestExamplesDecode keeps the documented payloads valid.
func TestExamplesDecode(t *testing.T) {
	examples, _ := filepath.Glob("../../../docs/examples/finance/*.json")
	if len(examples) != len(exampleAction) {
		t.Fatalf("%d example files, %d known", len(examples), len(exampleAction))
	}
	ps := testSealer(t)
	for _, path := range examples {
		b, _ := os.ReadFile(path)
		name := exampleAction[strings.TrimSuffix(filepath.Base(path), ".json")]
		// The examples are what a user passes to `govchain tx`, which
		// seals the payee on the client.
		b, err := ps.SealPayload("finance", name, b)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		for _, a := range (Module{}).Actions() {
			if a.Name == name {
				if _, err := a.Decode(b); err != nil {
					t.Errorf("%s: %v", path, err)
				}
			}
		}
	}
}
