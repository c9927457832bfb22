package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
	"github.com/pingshan/govchain/internal/upgrade"
)

const testChainID = "pingshan-test"

// testChain is an app over an in-memory store with a few departments and
// staff, driven block by block without CometBFT.
type testChain struct {
	t      testing.TB
	app    *App
	suite  cryptosuite.Suite
	keys   map[string]cryptosuite.PrivateKey
	addrs  map[string]string
	seqs   map[string]uint64
	height int64
	start  time.Time
}

var testStaff = []struct {
	name, dept string
	roles      []string
}{
	{"nrb-admin", "nrb", []string{module.RoleAdmin}},
	{"nrb-clerk", "nrb", []string{module.RoleClerk}},
	{"nrb-observer", "nrb", []string{module.RoleObserver}},
	{"fin-admin", "fin", []string{module.RoleAdmin}},
	{"fin-officer", "fin", []string{module.RoleFinance}},
}

// deterministicKey derives a key from a name so golden hashes are stable
// (Ed25519 signatures are deterministic; SM2 ones are not).
func deterministicKey(t testing.TB, s cryptosuite.Suite, name string) cryptosuite.PrivateKey {
	seed := sha256.Sum256([]byte("govchain test key " + name))
	k, err := s.ParsePrivateKey(seed[:])
	if err != nil {
		t.Fatalf("key %s: %v", name, err)
	}
	return k
}

func newTestChain(t testing.TB, suiteName string) *testChain {
	t.Helper()
	return newTestChainWith(t, suiteName, upgrade.Registry{})
}

// newTestChainWith is newTestChain whose app knows the upgrades ups.
func newTestChainWith(t testing.TB, suiteName string, ups upgrade.Registry) *testChain {
	t.Helper()
	s, err := cryptosuite.ByName(suiteName)
	if err != nil {
		t.Fatal(err)
	}
	c := &testChain{t: t, suite: s, keys: map[string]cryptosuite.PrivateKey{}, addrs: map[string]string{}, seqs: map[string]uint64{},
		start: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	gen := AppState{Suite: suiteName, Identity: identity.Genesis{Departments: []identity.Department{
		{ID: "nrb", NameZH: "坪山市自然资源局", NameEN: "Natural Resources Bureau"},
		{ID: "fin", NameZH: "财政局", NameEN: "Finance Bureau"},
	}}}
	for _, st := range testStaff {
		k := deterministicKey(t, s, st.name)
		c.keys[st.name] = k
		c.addrs[st.name] = cryptosuite.Address(s, k.Public())
		gen.Identity.Accounts = append(gen.Identity.Accounts, identity.GenesisAccount{Name: st.name,
			PublicKey: hex.EncodeToString(k.Public().Bytes()), Department: st.dept, Roles: st.roles})
	}
	db, err := store.OpenMemory()
	if err != nil {
		t.Fatal(err)
	}
	c.app, err = New(Config{ChainID: testChainID, State: &gen, Store: db, Upgrades: ups})
	if err != nil {
		t.Fatal(err)
	}
	stateBytes, _ := json.Marshal(gen)
	if _, err := c.app.InitChain(context.Background(), &abci.InitChainRequest{ChainId: testChainID, AppStateBytes: stateBytes, InitialHeight: 1}); err != nil {
		t.Fatal(err)
	}
	c.block() // commit genesis with an empty block 1
	return c
}

// sign builds a tx from a named account at its next sequence.
func (c *testChain) sign(name, mod, action string, payload any) []byte {
	c.t.Helper()
	pb, err := json.Marshal(payload)
	if err != nil {
		c.t.Fatal(err)
	}
	raw, err := tx.Build(c.keys[name], c.addrs[name], testChainID, c.seqs[name], mod, action, pb)
	if err != nil {
		c.t.Fatal(err)
	}
	c.seqs[name]++
	return raw
}

func (c *testChain) checkTx(raw []byte) *abci.CheckTxResponse {
	c.t.Helper()
	res, err := c.app.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: raw, Type: abci.CHECK_TX_TYPE_CHECK})
	if err != nil {
		c.t.Fatal(err)
	}
	return res
}

// block finalizes and commits one block holding txs.
func (c *testChain) block(txs ...[]byte) []*abci.ExecTxResult {
	c.t.Helper()
	c.height++
	res, err := c.app.FinalizeBlock(context.Background(), &abci.FinalizeBlockRequest{Height: c.height, Txs: txs,
		Time: c.start.Add(time.Duration(c.height) * time.Second)})
	if err != nil {
		c.t.Fatalf("finalize %d: %v", c.height, err)
	}
	if _, err := c.app.Commit(context.Background(), &abci.CommitRequest{}); err != nil {
		c.t.Fatalf("commit %d: %v", c.height, err)
	}
	if got := c.app.store.CommittedHash(); string(got) != string(res.AppHash) {
		c.t.Fatalf("committed hash %x != finalized %x", got, res.AppHash)
	}
	return res.TxResults
}

func (c *testChain) appHash() string { return hex.EncodeToString(c.app.store.CommittedHash()) }

func docHash(i int) string {
	h := sha256.Sum256([]byte(fmt.Sprintf("document %d", i)))
	return hex.EncodeToString(h[:])
}

func forEachSuite(t *testing.T, f func(t *testing.T, suite string)) {
	for _, s := range []string{cryptosuite.GM, cryptosuite.Intl} {
		t.Run(s, func(t *testing.T) { f(t, s) })
	}
}

func mustJSON(t testing.TB, v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
