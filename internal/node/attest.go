package node

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
	"time"

	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/privval"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/tx"
)

// The join attester: a node whose validator key a passed proposal let in
// (validator_add, validator_replace) sends its join attestation itself as
// soon as it has caught up, when govchain.json names an admin key of its
// department to send it with:
//
//	"validator": {"attest_key": "gsd-admin", "passphrase_file": "/etc/govchain/pass"}
//
// Without it the operator runs `govchain validator attest` (docs/governance.md).

type attestConfig struct {
	Validator struct {
		AttestKey      string `json:"attest_key,omitempty"`
		PassphraseFile string `json:"passphrase_file,omitempty"`
	} `json:"validator"`
}

// attestEvery is how often the attester looks; it tries again after a
// refused or lost attempt once attestRetryBlocks have passed.
const (
	attestEvery       = 2 * time.Second
	attestRetryBlocks = 5
)

// startAttester starts the attester when it is configured; a key that
// cannot be loaded is reported and the node runs without it.
func (n *Node) startAttester(ctx context.Context, wg *sync.WaitGroup) {
	b, err := os.ReadFile(n.Home.AppConfigFile())
	if err != nil {
		return
	}
	var c attestConfig
	if err := json.Unmarshal(b, &c); err != nil || c.Validator.AttestKey == "" {
		return
	}
	key, err := n.loadAccountKey(c.Validator.AttestKey, c.Validator.PassphraseFile, "validator.passphrase_file")
	if err != nil {
		n.log.Error("validator join attester not started", "key", c.Validator.AttestKey, "err", err)
		return
	}
	kb, err := os.ReadFile(n.Comet.PrivValidatorKeyFile())
	if err != nil {
		n.log.Error("validator join attester not started", "err", err)
		return
	}
	var vk privval.FilePVKey
	if err := cmtjson.Unmarshal(kb, &vk); err != nil || vk.PrivKey == nil || vk.PubKey.Type() != "ed25519" {
		n.log.Error("validator join attester not started: unreadable or non-Ed25519 validator key", "err", err)
		return
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		n.runAttester(ctx, key, vk)
	}()
}

func (n *Node) runAttester(ctx context.Context, key cryptosuite.PrivateKey, vk privval.FilePVKey) {
	s := n.App.Suite()
	addr := cryptosuite.Address(s, key.Public())
	pub := hex.EncodeToString(vk.PubKey.Bytes())
	lg := n.log.With("module", "validator-attest", "pub_key", pub)
	var tried int64
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(attestEvery):
		}
		st, err := n.RPC.Status(ctx)
		if err != nil || st.SyncInfo.CatchingUp {
			continue
		}
		committed := n.Store.Committed()
		pend, err := governance.GetPendingValidator(committed, pub)
		if err != nil {
			continue // not approved, or already in the set
		}
		h, hash, err := governance.LatestBlockHash(committed, n.Store.Version())
		if err != nil || hash == nil || h < pend.Height || (tried > 0 && h < tried+attestRetryBlocks) {
			continue
		}
		tried = h
		acct, err := identity.GetAccount(committed, addr)
		if err != nil {
			lg.Warn("attest key has no account", "err", err)
			continue
		}
		hashHex := hex.EncodeToString(hash)
		sig, err := vk.PrivKey.Sign(governance.AttestMessage(n.Genesis.ChainID, h, hashHex, pub))
		if err != nil {
			lg.Error("signing the attestation", "err", err)
			continue
		}
		payload, _ := json.Marshal(governance.AttestValidator{PubKey: pub, Height: h, BlockHash: hashHex, Signature: hex.EncodeToString(sig)})
		raw, err := tx.Build(key, addr, n.Genesis.ChainID, acct.Sequence, "governance", "validator_attest", payload)
		if err != nil {
			lg.Error("building the attestation", "err", err)
			continue
		}
		sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		res, err := n.Submit(sctx, raw, true)
		cancel()
		switch {
		case err != nil:
			lg.Warn("attestation not committed; trying again", "err", err)
		case res.Code != 0:
			lg.Warn("attestation refused; trying again later", "code", fmt.Sprintf("%s/%d", res.Codespace, res.Code), "log", res.Log)
		default:
			lg.Info("caught up and attested: the key joins the validator set", "block", h, "height", res.Height, "proposal", pend.Proposal)
		}
	}
}

// loadAccountKey loads a keyring key of this node, unlocking an encrypted
// one with the passphrase file or $GOVCHAIN_PASSPHRASE; setting names the
// configuration entry that gives the file, for the error.
func (n *Node) loadAccountKey(name, passFile, setting string) (cryptosuite.PrivateKey, error) {
	kr, err := keyring.Open(n.Home.KeyringDir(), n.App.Suite())
	if err != nil {
		return nil, err
	}
	info, err := kr.Show(name)
	if err != nil {
		return nil, err
	}
	pass := ""
	if !info.Demo {
		switch {
		case passFile != "":
			b, err := os.ReadFile(passFile)
			if err != nil {
				return nil, fmt.Errorf("passphrase file: %w", err)
			}
			pass = strings.TrimRight(string(b), "\r\n")
		case os.Getenv("GOVCHAIN_PASSPHRASE") != "":
			pass = os.Getenv("GOVCHAIN_PASSPHRASE")
		default:
			return nil, fmt.Errorf("key %q is encrypted: set %s or $GOVCHAIN_PASSPHRASE", name, setting)
		}
	}
	return kr.Load(name, pass)
}
