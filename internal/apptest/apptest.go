// Package apptest drives the real ABCI app block by block, without
// CometBFT, for module tests: genesis with departments and staff,
// deterministic keys, signing, CheckTx, FinalizeBlock+Commit with a chosen
// block time.
package apptest

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/network"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
	"github.com/pingshan/govchain/internal/upgrade"
)

// ChainID of every test chain.
const ChainID = "pingshan-test"

// Staff is an account to create at genesis.
type Staff struct {
	Name, Department string
	Roles            []string
}

// Options shape the test chain.
type Options struct {
	Suite string // default "gm"
	// Wiring swaps parts of the module list (app.ModulesWith).
	Wiring app.Wiring
	// Staff defaults to network.DemoAccounts() (gov-admin, nrb-clerk, …).
	Staff []Staff
	// Modules is app_state.modules: module name → genesis value (JSON-encoded here).
	Modules map[string]any
	// Start is the block time of block 1 (default 2026-03-02 09:00 UTC);
	// each block adds BlockInterval (default 1 s) unless Advance is used.
	Start         time.Time
	BlockInterval time.Duration
	// Prepare, if set, does a client's work on every payload before it is
	// signed (sealing personal data, e.g. finance's PayeeSealer.SealPayload).
	Prepare func(c *Chain, module, action string, payload []byte) ([]byte, error)
	// Validators names genesis validators (keys from ValidatorKey, power
	// 10 each; a name that is a department's id is that department's
	// node). With validators, every block carries a made-up hash
	// (BlockHash) and a DecidedLastCommit listing the app's current set as
	// signing, but for the public keys (hex) in Chain.Offline; without,
	// blocks carry neither and leave no trace in state when empty.
	Validators []string

	// Departments, if set, are the genesis departments as given (no data
	// keys are made); default network.DemoDepartments() with data keys.
	Departments []identity.Department
	// KeySeed prefixes the name every key is derived from (default
	// DefaultKeySeed); internal/app's golden vectors use their own.
	KeySeed string
	// Upgrades the app knows; nil means upgrade.Known(), as a node runs.
	Upgrades *upgrade.Registry
	// Store holds the state; nil means a fresh in-memory store.
	Store *store.Store
}

// DefaultKeySeed is the prefix of the name keys are derived from.
const DefaultKeySeed = "govchain apptest key "

// Chain is a running test chain.
type Chain struct {
	T     testing.TB
	App   *app.App
	Suite cryptosuite.Suite
	// Keys holds every staff key and every department data key
	// ("<dept>-data"), derived deterministically from the name.
	Keys  map[string]cryptosuite.PrivateKey
	Addrs map[string]string
	Seqs  map[string]uint64
	// Genesis is the app state the chain started from (to restart an app
	// over the same store).
	Genesis *app.AppState

	height   int64
	now      time.Time
	interval time.Duration
	// Offline holds validator public keys (hex) that do not sign.
	Offline map[string]bool
	// consensus: blocks carry a hash and the last commit (with Validators).
	consensus bool
	// Updates are the validator updates the last block returned.
	Updates []abci.ValidatorUpdate
	prepare func(c *Chain, module, action string, payload []byte) ([]byte, error)
}

// Key derives a deterministic key from a name (Ed25519 signatures are then
// deterministic too; SM2 signatures never are).
func Key(t testing.TB, s cryptosuite.Suite, name string) cryptosuite.PrivateKey {
	return SeededKey(t, s, DefaultKeySeed, name)
}

// SeededKey derives a deterministic key from seed+name.
func SeededKey(t testing.TB, s cryptosuite.Suite, seed, name string) cryptosuite.PrivateKey {
	sum := sha256.Sum256([]byte(seed + name))
	k, err := s.ParsePrivateKey(sum[:])
	if err != nil {
		t.Fatalf("key %s: %v", name, err)
	}
	return k
}

// New starts a chain and commits block 1 (genesis).
func New(t testing.TB, o Options) *Chain {
	t.Helper()
	if o.Suite == "" {
		o.Suite = cryptosuite.GM
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	}
	if o.BlockInterval == 0 {
		o.BlockInterval = time.Second
	}
	if o.Staff == nil {
		for _, a := range network.DemoAccounts() {
			o.Staff = append(o.Staff, Staff{Name: a.Name, Department: a.Department, Roles: a.Roles})
		}
	}
	s, err := cryptosuite.ByName(o.Suite)
	if err != nil {
		t.Fatal(err)
	}
	c := &Chain{T: t, Suite: s, Keys: map[string]cryptosuite.PrivateKey{}, Addrs: map[string]string{}, Seqs: map[string]uint64{},
		now: o.Start, interval: o.BlockInterval, prepare: o.Prepare, Offline: map[string]bool{},
		consensus: len(o.Validators) > 0}
	if o.KeySeed == "" {
		o.KeySeed = DefaultKeySeed
	}
	key := func(name string) cryptosuite.PrivateKey { return SeededKey(t, s, o.KeySeed, name) }
	st := app.AppState{Suite: o.Suite}
	if o.Departments != nil {
		st.Identity.Departments = o.Departments
	} else {
		for _, d := range network.DemoDepartments() {
			dk := key(network.DataKeyName(d.ID))
			c.Keys[network.DataKeyName(d.ID)] = dk
			dep := identity.Department{ID: d.ID, NameZH: d.NameZH, NameEN: d.NameEN, EncryptionKey: dk.Public().Bytes()}
			if slices.Contains(o.Validators, d.ID) {
				dep.ValidatorPubKey = ValidatorKey(d.ID).Public().(ed25519.PublicKey)
			}
			st.Identity.Departments = append(st.Identity.Departments, dep)
		}
	}
	for _, a := range o.Staff {
		k := key(a.Name)
		c.Keys[a.Name] = k
		c.Addrs[a.Name] = cryptosuite.Address(s, k.Public())
		st.Identity.Accounts = append(st.Identity.Accounts, identity.GenesisAccount{Name: a.Name,
			PublicKey: hex.EncodeToString(k.Public().Bytes()), Department: a.Department, Roles: a.Roles})
	}
	for name, g := range o.Modules {
		b, err := json.Marshal(g)
		if err != nil {
			t.Fatal(err)
		}
		if st.Modules == nil {
			st.Modules = map[string]json.RawMessage{}
		}
		st.Modules[name] = b
	}
	c.Genesis = &st
	db := o.Store
	if db == nil {
		if db, err = store.OpenMemory(); err != nil {
			t.Fatal(err)
		}
	}
	// By default the upgrades of this build, as a node runs them.
	ups := upgrade.Known()
	if o.Upgrades != nil {
		ups = *o.Upgrades
	}
	c.App, err = app.New(app.Config{ChainID: ChainID, State: &st, Store: db, Modules: app.ModulesWith(o.Wiring), Upgrades: ups})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(st)
	if _, err := c.App.InitChain(context.Background(), &abci.InitChainRequest{ChainId: ChainID, AppStateBytes: raw,
		InitialHeight: 1, Time: o.Start, Validators: genesisValidators(o.Validators)}); err != nil {
		t.Fatalf("genesis: %v", err)
	}
	c.Block()
	return c
}

// Sign builds a tx from a named account at its next sequence. payload may
// be raw JSON bytes or any value to marshal.
func (c *Chain) Sign(name, module, action string, payload any) []byte {
	c.T.Helper()
	key, ok := c.Keys[name]
	if !ok {
		c.T.Fatalf("no key %q", name)
	}
	var pb []byte
	switch p := payload.(type) {
	case []byte:
		pb = p
	default:
		var err error
		if pb, err = json.Marshal(payload); err != nil {
			c.T.Fatal(err)
		}
	}
	if c.prepare != nil {
		var err error
		if pb, err = c.prepare(c, module, action, pb); err != nil {
			c.T.Fatalf("preparing %s.%s: %v", module, action, err)
		}
	}
	raw, err := tx.Build(key, c.Addrs[name], ChainID, c.Seqs[name], module, action, pb)
	if err != nil {
		c.T.Fatal(err)
	}
	c.Seqs[name]++
	return raw
}

// CheckTx runs CheckTx.
func (c *Chain) CheckTx(raw []byte) *abci.CheckTxResponse {
	res, err := c.App.CheckTx(context.Background(), &abci.CheckTxRequest{Tx: raw, Type: abci.CHECK_TX_TYPE_CHECK})
	if err != nil {
		c.T.Fatal(err)
	}
	return res
}

// Block finalizes and commits a block with txs at the next block time.
func (c *Chain) Block(txs ...[]byte) []*abci.ExecTxResult {
	c.T.Helper()
	return c.BlockResponse(txs...).TxResults
}

// Next is the FinalizeBlock request for the next block with txs, for a
// test that drives the app by hand (Block does not advance for it).
func (c *Chain) Next(txs ...[]byte) *abci.FinalizeBlockRequest {
	req := &abci.FinalizeBlockRequest{Height: c.height + 1, Txs: txs, Time: c.now}
	if c.consensus {
		req.Hash, req.DecidedLastCommit = BlockHash(req.Height), c.lastCommit(req.Height)
	}
	return req
}

// BlockResponse is Block returning the whole FinalizeBlock response
// (validator and consensus parameter updates). It checks that the
// committed hash is the one FinalizeBlock announced.
func (c *Chain) BlockResponse(txs ...[]byte) *abci.FinalizeBlockResponse {
	c.T.Helper()
	req := c.Next(txs...)
	res, err := c.App.FinalizeBlock(context.Background(), req)
	if err != nil {
		c.T.Fatalf("finalize %d: %v", req.Height, err)
	}
	c.height = req.Height
	c.Updates = res.ValidatorUpdates
	if _, err := c.App.Commit(context.Background(), &abci.CommitRequest{}); err != nil {
		c.T.Fatalf("commit %d: %v", c.height, err)
	}
	if got := c.App.Store().CommittedHash(); string(got) != string(res.AppHash) {
		c.T.Fatalf("block %d: committed hash %x, finalized %x", c.height, got, res.AppHash)
	}
	c.now = c.now.Add(c.interval)
	return res
}

// Restart replaces the app (a node restarted over the same store, maybe
// with another binary's upgrades); the chain goes on from its height.
func (c *Chain) Restart(a *app.App) { c.App = a }

// Do sends one tx in its own block and returns its result; a tx refused
// before execution does not consume the sequence, so Do rolls it back.
func (c *Chain) Do(name, module, action string, payload any) *abci.ExecTxResult {
	c.T.Helper()
	r := c.Block(c.Sign(name, module, action, payload))[0]
	if r.Code != 0 && r.Codespace == "tx" {
		c.Seqs[name]--
	}
	return r
}

// MustDo is Do that fails the test on a non-zero code.
func (c *Chain) MustDo(name, module, action string, payload any) *abci.ExecTxResult {
	c.T.Helper()
	r := c.Do(name, module, action, payload)
	if r.Code != 0 {
		c.T.Fatalf("%s %s/%s refused: %s/%d %s", name, module, action, r.Codespace, r.Code, r.Log)
	}
	return r
}

// Advance moves block time forward (e.g. 21 days to make a step overdue).
func (c *Chain) Advance(d time.Duration) { c.now = c.now.Add(d) }

// Now is the time the next block will carry.
func (c *Chain) Now() time.Time { return c.now }

// Height is the last committed height.
func (c *Chain) Height() int64 { return c.height }

// State is the committed state.
func (c *Chain) State() store.Reader { return c.App.Store().Committed() }

// AppHash is the committed app hash, hex.
func (c *Chain) AppHash() string { return hex.EncodeToString(c.App.Store().CommittedHash()) }

// Event finds the first attribute value of an event type in a result.
func Event(r *abci.ExecTxResult, typ, key string) string {
	for _, e := range r.Events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				return a.Value
			}
		}
	}
	return ""
}
