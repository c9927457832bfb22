package finance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/sealed"
)

var person = finance.PayeeData{Kind: finance.PayeeIndividual, Name: "宋江", Account: "6222020200112233445"}

// TestPayeeSealedOnChain (issue #10): a payment's record holds no name of
// a person and no account, only the mask, the commitment and the sealed
// data; Finance and Audit open it and the commitment holds; nobody else
// can, and nothing else passes for it.
func TestPayeeSealedOnChain(t *testing.T) {
	for _, suite := range suites {
		t.Run(suite, func(t *testing.T) {
			f := newFixture(t, suite, tLine, 10_000_000)
			clear := map[string]any{"name": person.Name, "kind": person.Kind, "account": person.Account}
			id := idOf(f.c.MustDo("eeb-accountant", "finance", "request_payment", payment(f.alloc, 100_000, clear)))
			raw, err := f.c.State().Get(finance.PaymentKey(id))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{person.Name, person.Account} {
				if bytes.Contains(raw, []byte(s)) {
					t.Fatalf("payment record holds %q in clear", s)
				}
			}
			pay, _ := finance.GetPayment(f.c.State(), id)
			if pay.Payee.Name != "宋*" || len(pay.Payee.Commitment) != 32 || pay.Payee.Sealed == nil {
				t.Fatalf("payee on chain: %+v", pay.Payee)
			}
			for _, reader := range []string{"fin", "aud"} {
				d, err := finance.OpenPayee(f.c.Suite, &pay.Payee, reader, f.c.Keys[reader+"-data"])
				if err != nil || d.Name != person.Name || d.Account != person.Account || len(d.Salt) != finance.SaltSize {
					t.Fatalf("%s opens %+v %v", reader, d, err)
				}
				if err := finance.VerifyPayee(f.c.Suite, &pay.Payee, d); err != nil {
					t.Fatal(err)
				}
				// One digit of the account changed: the commitment says no.
				bad := *d
				bad.Account = "6222020200112233446"
				if err := finance.VerifyPayee(f.c.Suite, &pay.Payee, &bad); !errors.Is(err, finance.ErrPayeeCommitment) {
					t.Fatalf("altered account verified: %v", err)
				}
			}
			if _, err := finance.OpenPayee(f.c.Suite, &pay.Payee, "eeb", f.c.Keys["eeb-data"]); !errors.Is(err, sealed.ErrNotReader) {
				t.Fatalf("eeb opens: %v", err)
			}
			if _, err := finance.OpenPayee(f.c.Suite, &pay.Payee, "fin", f.c.Keys["aud-data"]); !errors.Is(err, cryptosuite.ErrDecrypt) {
				t.Fatalf("fin's wrapped key with aud's data key: %v", err)
			}
			// A land applicant's sealed blob (another domain) does not
			// open as a payee, even for a department that holds a key.
			s := f.c.Suite
			keys, _ := sealed.Readers(s, []string{"fin", "aud"}, map[string][]byte{"fin": f.c.Keys["fin-data"].Public().Bytes(), "aud": f.c.Keys["aud-data"].Public().Bytes()})
			land, err := workflow.SealPersonalData(s, keys, workflow.PersonalData{Name: "宋江", IDNumber: "440307198503150019"})
			if err != nil {
				t.Fatal(err)
			}
			swapped := pay.Payee
			swapped.Sealed = land
			if _, err := finance.OpenPayee(s, &swapped, "fin", f.c.Keys["fin-data"]); !errors.Is(err, cryptosuite.ErrDecrypt) {
				t.Fatalf("a land blob opened as a payee: %v", err)
			}
		})
	}
}

// TestPayeeRefusals: what the chain refuses to hold. Each of these was
// accepted (or impossible to express) before payees were sealed.
func TestPayeeRefusals(t *testing.T) {
	f := newFixture(t, "intl", tLine, 10_000_000)
	ps, err := finance.NewPayeeSealer(f.c.Suite, f.c.State())
	if err != nil {
		t.Fatal(err)
	}
	good, err := ps.Seal(person, true)
	if err != nil {
		t.Fatal(err)
	}
	// The chain cannot look inside a sealed payee: the sealer refuses
	// markup-looking names before sealing.
	for _, name := range []string{`<script>x</script>`, `宋"江`, "javascript:alert(1)"} {
		bad := person
		bad.Name = name
		if _, err := ps.Seal(bad, true); !errors.Is(err, finance.ErrInvalidField) {
			t.Errorf("sealing payee name %q: got %v, want %v", name, err, finance.ErrInvalidField)
		}
	}
	sealedFor := func(depts ...string) finance.Payee {
		keys := map[string][]byte{}
		for _, d := range depts {
			keys[d] = f.c.Keys[d+"-data"].Public().Bytes()
		}
		other, err := finance.NewPayeeSealerFor(f.c.Suite, depts, keys)
		if err != nil {
			t.Fatal(err)
		}
		p, err := other.Seal(person, true)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	with := func(p finance.Payee) []byte {
		b, _ := json.Marshal(map[string]any{"allocation_id": f.alloc, "amount_fen": 1000, "purpose": "测试", "date": "2026-02-20", "payee": p})
		return b
	}
	unmasked := good
	unmasked.Name = "宋江"
	noSealed := good
	noSealed.Sealed = nil
	shortCommit := good
	shortCommit.Commitment = good.Commitment[:16]
	clearAcct := []byte(`{"allocation_id":"` + f.alloc + `","amount_fen":1000,"purpose":"测试","date":"2026-02-20","payee":{"name":"宋*","kind":"individual","account":"6222020200112233445","commitment":"` + good.Commitment.String() + `","sealed":` + mustJSON(good.Sealed) + `}}`)
	for _, tc := range []struct {
		name    string
		payload []byte
		code    string
	}{
		{"a person's name in clear", with(unmasked), "tx/9"},
		{"a clear account beside the sealed data", clearAcct, "tx/9"},
		{"no sealed data", with(noSealed), "tx/9"},
		{"a commitment of the wrong length", with(shortCommit), "tx/9"},
		{"sealed for finance only", with(sealedFor("fin")), "finance/19"},
		{"sealed for an extra department", with(sealedFor("fin", "aud", "eeb")), "finance/19"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.c.Do("eeb-accountant", "finance", "request_payment", tc.payload)
			if got := r.Codespace + "/" + strconv.Itoa(int(r.Code)); got != tc.code {
				t.Fatalf("got %s (%s), want %s", got, r.Log, tc.code)
			}
		})
	}
	wantCode(t, f.c.Do("eeb-accountant", "finance", "request_payment", with(good)), nil)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
