package testnet_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/pingshan/govchain/internal/client"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/testbin"
	"github.com/pingshan/govchain/internal/testnet"
)

var bin string

func TestMain(m *testing.M) { testbin.Main(m, &bin) }

func randomDoc() map[string]string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return map[string]string{"doc_hash": hex.EncodeToString(b[:]), "title": "e2e"}
}

// TestFourValidators: 1,000 txs from several accounts on a 4-node network;
// one node is SIGKILLed mid-way and the chain keeps committing; restarted,
// it catches up and every node holds every tx and the same app hash.
func TestFourValidators(t *testing.T) {
	if testing.Short() {
		t.Skip("starts four node processes")
	}
	for _, suite := range []string{cryptosuite.GM, cryptosuite.Intl} {
		t.Run(suite, func(t *testing.T) { runFourValidators(t, suite) })
	}
}

func runFourValidators(t *testing.T, suite string) {
	const total, accounts, victim = 1000, 8, 3
	nw, err := testnet.Create(bin, t.TempDir(), network.Options{Suite: suite, Validators: 4, ClientAccounts: accounts, TimeoutCommit: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if err := nw.StartAll(); err != nil {
		t.Fatal(err)
	}
	defer nw.Shutdown()
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	for i := range nw.Nodes {
		if err := nw.WaitReady(ctx, i, 2); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := nw.ClientKeys()
	if err != nil || len(keys) != accounts {
		t.Fatalf("client keys: %d, %v", len(keys), err)
	}

	// Each account sends its share, in order, to one of the nodes that stay
	// up, at a steady pace so the kill happens under load.
	hashes := make([][]string, accounts)
	var wg sync.WaitGroup
	errs := make(chan error, accounts)
	for a := 0; a < accounts; a++ {
		wg.Add(1)
		go func(a int) {
			defer wg.Done()
			c := nw.Client(a % victim)
			s, err := client.NewSigner(ctx, c, keys[a], nw.Suite)
			if err != nil {
				errs <- err
				return
			}
			tick := time.NewTicker(40 * time.Millisecond)
			defer tick.Stop()
			for i := 0; i < total/accounts; i++ {
				<-tick.C
				raw, err := s.Build("notary", "anchor", randomDoc())
				if err != nil {
					errs <- err
					return
				}
				res, err := c.Broadcast(ctx, raw, true)
				if err != nil {
					errs <- fmt.Errorf("account %d tx %d: %w", a, i, err)
					return
				}
				if res.Code != 0 {
					errs <- fmt.Errorf("account %d tx %d refused: %s", a, i, res.Log)
					return
				}
				hashes[a] = append(hashes[a], res.Hash)
			}
		}(a)
	}
	committedOn := func(i int) uint64 {
		var n uint64
		for a := 0; a < accounts; a++ {
			acct, err := nw.Client(i).Account(ctx, cryptosuite.Address(nw.Suite, keys[a].Public()))
			if err == nil {
				n += acct.Sequence
			}
		}
		return n
	}

	// Kill one validator once a third of the txs are committed.
	for committedOn(0) < total/3 {
		time.Sleep(50 * time.Millisecond)
	}
	st, _ := nw.Client(0).Status(ctx)
	killedAt := st.Height
	if err := nw.Kill(victim); err != nil {
		t.Fatal(err)
	}
	t.Logf("SIGKILLed node %d at height %d with %d txs committed", victim, killedAt, committedOn(0))
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	// Every tx a client was told was accepted gets committed by the 3 left.
	deadline := time.Now().Add(60 * time.Second)
	for committedOn(0) < total && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if got := committedOn(0); got != total {
		t.Fatalf("committed %d txs, want %d", got, total)
	}
	st, _ = nw.Client(0).Status(ctx)
	if st.Height <= killedAt {
		t.Fatalf("chain did not advance after the kill: %d <= %d", st.Height, killedAt)
	}
	t.Logf("3 of 4 validators committed all %d txs; height %d -> %d while node %d was down", total, killedAt, st.Height, victim)

	// Restart the victim: it must catch up to the others.
	target := st.Height
	if err := nw.Start(victim); err != nil {
		t.Fatal(err)
	}
	if err := nw.WaitReady(ctx, victim, target); err != nil {
		t.Fatal(err)
	}
	// Every tx is on the restarted node too.
	found := 0
	for _, hs := range hashes {
		for _, h := range hs {
			// Block sync stores a block just before the app commits it:
			// give the restarted node's state a moment to reach the tip.
			var rec map[string]any
			var err error
			for try := 0; try < 100; try++ {
				if err = nw.Client(victim).Get(ctx, "/api/v1/txs/"+h, &rec); err == nil {
					break
				}
				time.Sleep(100 * time.Millisecond)
			}
			if err != nil {
				t.Fatalf("tx %s missing on restarted node: %v", h, err)
			}
			found++
		}
	}
	// Same block (and so the same app hash, which each node checks against
	// its own state before accepting a block) at the common height.
	var hashesAt []string
	for i := range nw.Nodes {
		var b struct {
			AppHash string `json:"app_hash"`
			Hash    string `json:"hash"`
		}
		if err := nw.Client(i).Get(ctx, fmt.Sprintf("/api/v1/blocks/%d", target), &b); err != nil {
			t.Fatalf("node %d block %d: %v", i, target, err)
		}
		hashesAt = append(hashesAt, b.AppHash)
		if b.AppHash != hashesAt[0] {
			t.Fatalf("node %d app hash %s at height %d, node 0 has %s", i, b.AppHash, target, hashesAt[0])
		}
	}
	if err := sameStateHash(ctx, nw); err != nil {
		t.Fatal(err)
	}
	t.Logf("txs committed: %d; found on restarted node: %d; all 4 nodes at height >= %d with app hash %s", total, found, target, hashesAt[0])
}

// sameStateHash waits until all nodes report the same latest height and
// compares the app hash each computed itself.
func sameStateHash(ctx context.Context, nw *testnet.Network) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		var hs []int64
		var ah []string
		for i := range nw.Nodes {
			st, err := nw.Client(i).Status(ctx)
			if err != nil {
				return err
			}
			hs, ah = append(hs, st.Height), append(ah, st.AppHash)
		}
		same := true
		for i := range hs {
			if hs[i] != hs[0] {
				same = false
			}
		}
		if same {
			for i := range ah {
				if ah[i] != ah[0] {
					return fmt.Errorf("height %d: node %d app hash %s, node 0 %s", hs[0], i, ah[i], ah[0])
				}
			}
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("nodes never reported the same height")
}
