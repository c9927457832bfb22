package bench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"syscall"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// BenchmarkAppPerTx splits one node's per-tx work, without CometBFT, over
// a real (LevelDB, synced) state: CheckTx of a new tx, its re-check after a
// block, FinalizeBlock and Commit. It is what each of the N nodes pays for
// every tx, so on C cores the app alone bounds throughput at about
// C / (N × total). Run:
//
//	go test -run x -bench AppPerTx -benchtime 4x ./internal/bench/
func BenchmarkAppPerTx(b *testing.B) {
	for _, suite := range []string{cryptosuite.GM, cryptosuite.Intl} {
		for _, block := range []int{300, 3000} {
			b.Run(fmt.Sprintf("%s/block=%d", suite, block), func(b *testing.B) { benchAppPerTx(b, suite, block) })
		}
	}
}

func benchAppPerTx(b *testing.B, suiteName string, block int) {
	const accounts = 64
	s, _ := cryptosuite.ByName(suiteName)
	gen := app.AppState{Suite: suiteName, Identity: identity.Genesis{Departments: []identity.Department{{ID: "nrb", NameZH: "自然资源局", NameEN: "NRB"}}}}
	keys := make([]cryptosuite.PrivateKey, accounts)
	addrs := make([]string, accounts)
	for i := range keys {
		k, err := s.GenerateKey()
		if err != nil {
			b.Fatal(err)
		}
		keys[i], addrs[i] = k, cryptosuite.Address(s, k.Public())
		gen.Identity.Accounts = append(gen.Identity.Accounts, identity.GenesisAccount{Name: fmt.Sprintf("client-%03d", i),
			PublicKey: hex.EncodeToString(k.Public().Bytes()), Department: "nrb", Roles: []string{module.RoleClerk}})
	}
	db, err := store.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	a, err := app.New(app.Config{ChainID: ChainID, State: &gen, Store: db})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	st, _ := json.Marshal(gen)
	if _, err := a.InitChain(ctx, &abci.InitChainRequest{ChainId: ChainID, AppStateBytes: st, InitialHeight: 1}); err != nil {
		b.Fatal(err)
	}
	height := int64(0)
	seqs := make([]uint64, accounts)
	commitBlock := func(txs [][]byte) (fin, com time.Duration) {
		height++
		t0 := time.Now()
		res, err := a.FinalizeBlock(ctx, &abci.FinalizeBlockRequest{Height: height, Time: time.Unix(1_700_000_000+height, 0), Txs: txs})
		if err != nil {
			b.Fatal(err)
		}
		for i, r := range res.TxResults {
			if r.Code != 0 {
				b.Fatalf("tx %d: %s", i, r.Log)
			}
		}
		t1 := time.Now()
		if _, err := a.Commit(ctx, &abci.CommitRequest{}); err != nil {
			b.Fatal(err)
		}
		return t1.Sub(t0), time.Since(t1)
	}
	commitBlock(nil)
	// Start from a state the size of a few minutes' load (30,000 anchors,
	// ~90,000 keys), as the tree's depth sets the cost of every write.
	makeTxs := func(n int) [][]byte {
		txs := make([][]byte, n)
		for i := range txs {
			acc := i % accounts
			var rnd [32]byte
			_, _ = rand.Read(rnd[:])
			p := []byte(`{"doc_hash":"` + hex.EncodeToString(rnd[:]) + `","title":"bench"}`)
			txs[i], err = tx.Build(keys[acc], addrs[acc], ChainID, seqs[acc], "notary", "anchor", p)
			if err != nil {
				b.Fatal(err)
			}
			seqs[acc]++
		}
		return txs
	}
	for i := 0; i < 10; i++ {
		commitBlock(makeTxs(3000))
	}

	var check, recheck, fin, com time.Duration
	var n int
	// CPU (all threads, GC workers included) over the timed parts only:
	// unlike wall time, it barely moves when other processes share the
	// machine. No collection is forced between iterations, so the GC runs
	// at its steady-state pace (the signing above adds a little garbage of
	// its own, about a tenth of the app's). The runtime's own GC CPU
	// metrics are not reported: they are wall-time estimates, which on a
	// loaded machine count time the process spent waiting for a CPU.
	var cpu time.Duration
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		b.StopTimer()
		// Two blocks' worth: the first is committed, the second re-checked.
		txs := makeTxs(2 * block)
		cpu0 := processCPU()
		b.StartTimer()
		t0 := time.Now()
		for _, raw := range txs {
			if r, _ := a.CheckTx(ctx, &abci.CheckTxRequest{Tx: raw, Type: abci.CHECK_TX_TYPE_CHECK}); r.Code != 0 {
				b.Fatalf("checktx: %s", r.Log)
			}
		}
		check += time.Since(t0)
		f, c := commitBlock(txs[:block])
		fin, com = fin+f, com+c
		t0 = time.Now()
		for _, raw := range txs[block:] {
			if r, _ := a.CheckTx(ctx, &abci.CheckTxRequest{Tx: raw, Type: abci.CHECK_TX_TYPE_RECHECK}); r.Code != 0 {
				b.Fatalf("recheck: %s", r.Log)
			}
		}
		recheck += time.Since(t0)
		f, c = commitBlock(txs[block:])
		fin, com = fin+f, com+c
		n += 2 * block
		cpu += processCPU() - cpu0
	}
	us := func(d time.Duration) float64 { return float64(d.Microseconds()) / float64(n) }
	b.ReportMetric(us(check), "checktx-µs/tx")
	b.ReportMetric(us(recheck)*2, "recheck-µs/tx") // only half were re-checked
	b.ReportMetric(us(fin), "finalize-µs/tx")
	b.ReportMetric(us(com), "commit-µs/tx")
	b.ReportMetric(us(check+fin+com), "node-µs/tx")
	b.ReportMetric(us(cpu), "cpu-µs/tx")
}

// processCPU is this process's user+system CPU time so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
