package finance_test

import (
	"testing"

	"github.com/pingshan/govchain/internal/module/finance"
)

// TestSameBlockOverspend puts two requests that together exceed the
// allocation in one block. Money is reserved at request time in block
// order, so the second is refused with the insufficient-balance code —
// whichever comes second, and identically on two independent chains.
func TestSameBlockOverspend(t *testing.T) {
	for _, suite := range suites {
		for _, amounts := range [][2]int64{{6_000_000, 5_000_000}, {5_000_000, 6_000_000}} {
			t.Run(suite+"/"+finance.Yuan(amounts[0])+" first", func(t *testing.T) {
				var hashes []string
				var first, second []byte
				for node := range 2 { // two nodes, the same two txs (sealed once, as a client does)
					f := newFixture(t, suite, tLine, 10_000_000) // 100,000 yuan allocated
					if node == 0 {
						first = f.c.Sign("eeb-accountant", "finance", "request_payment", payment(f.alloc, amounts[0], org("深圳市甲有限公司")))
						second = f.c.Sign("eeb-accountant", "finance", "request_payment", payment(f.alloc, amounts[1], org("深圳市乙有限公司")))
					}
					res := f.c.Block(first, second)
					wantCode(t, res[0], nil)
					wantCode(t, res[1], finance.ErrInsufficient)
					b := allocBal(t, f)
					if b.ReservedFen != amounts[0] || b.RemainingFen() != 10_000_000-amounts[0] {
						t.Fatalf("balance after block: %+v", b)
					}
					checkInvariants(t, f.c)
					hashes = append(hashes, f.c.AppHash())
				}
				if suite == "intl" && hashes[0] != hashes[1] {
					// Ed25519 signatures are deterministic, so the two
					// chains must agree byte for byte.
					t.Fatalf("app hashes differ: %s vs %s", hashes[0], hashes[1])
				}
			})
		}
	}
}

// TestSameBlockAllocations is the same race one level up: two allocations
// from one line in one block.
func TestSameBlockAllocations(t *testing.T) {
	c := newChain(t, "intl", nil)
	id := idOf(c.MustDo("fin-officer", "finance", "create_budget_line", line("hub", "2120399", "30213", 1_000_000)))
	alloc := func(who string, fen int64) []byte {
		return c.Sign(who, "finance", "allocate", map[string]any{"line_id": id, "project_code": "P-" + who, "project_name": "p", "amount_fen": fen})
	}
	res := c.Block(alloc("fin-officer", 700_000), alloc("fin-officer2", 400_000))
	wantCode(t, res[0], nil)
	wantCode(t, res[1], finance.ErrInsufficient)
	if b := lineBal(t, c, id); b.AllocatedFen != 700_000 {
		t.Fatalf("allocated %d", b.AllocatedFen)
	}
	checkInvariants(t, c)
}
