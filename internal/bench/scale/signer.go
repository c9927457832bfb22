package scale

import (
	"encoding/json"
	"fmt"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/app"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/module/finance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/land"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// signer signs the load's txs with the home's demo keys, each account's
// sequence continuing from the committed state (so a resumed load signs
// what the chain expects next).
type signer struct {
	suite   cryptosuite.Suite
	chainID string
	rings   []*keyring.Keyring
	keys    map[string]cryptosuite.PrivateKey
	seqs    map[string]uint64
	state   store.Reader
	depts   []string
	encKeys map[string][]byte
	payees  *finance.PayeeSealer
	clients []string
}

func newSigner(h node.Home, state store.Reader, clients int) (*signer, error) {
	gen, err := types.GenesisDocFromFile(h.GenesisFile())
	if err != nil {
		return nil, err
	}
	st, err := app.ParseAppState(gen.AppState)
	if err != nil {
		return nil, err
	}
	s, err := cryptosuite.ByName(st.Suite)
	if err != nil {
		return nil, err
	}
	sg := &signer{suite: s, chainID: gen.ChainID, keys: map[string]cryptosuite.PrivateKey{}, seqs: map[string]uint64{},
		state: state, encKeys: map[string][]byte{}}
	for _, dir := range []string{h.KeyringDir(), clientKeyring(h)} {
		kr, err := keyring.Open(dir, s)
		if err != nil {
			return nil, err
		}
		sg.rings = append(sg.rings, kr)
	}
	for _, d := range st.Identity.Departments {
		sg.encKeys[d.ID] = d.EncryptionKey
	}
	for _, a := range st.Identity.Accounts {
		if len(a.Name) > 7 && a.Name[:7] == "client-" {
			sg.clients = append(sg.clients, a.Name)
		}
	}
	if len(sg.clients) == 0 {
		return nil, fmt.Errorf("%s has no client accounts", h)
	}
	def, err := land.Process()
	if err != nil {
		return nil, err
	}
	sg.depts = def.Departments()
	fp, err := finance.GenesisParams(st.Modules["finance"])
	if err != nil {
		return nil, err
	}
	if sg.payees, err = finance.NewPayeeSealerFor(s, fp.PayeeReaders, sg.encKeys); err != nil {
		return nil, err
	}
	return sg, nil
}

func (s *signer) key(name string) (cryptosuite.PrivateKey, error) {
	if k, ok := s.keys[name]; ok {
		return k, nil
	}
	var last error
	for _, kr := range s.rings {
		k, err := kr.Load(name, "")
		if err == nil {
			addr := cryptosuite.Address(s.suite, k.Public())
			acct, err := identity.GetAccount(s.state, addr)
			if err != nil {
				return nil, fmt.Errorf("account %s: %w", name, err)
			}
			s.keys[name], s.seqs[name] = k, acct.Sequence
			return k, nil
		}
		last = err
	}
	return nil, fmt.Errorf("key %s: %w", name, last)
}

// sign builds one signed tx; payload is JSON bytes or a value to marshal.
func (s *signer) sign(name, mod, action string, payload any) ([]byte, error) {
	k, err := s.key(name)
	if err != nil {
		return nil, err
	}
	pb, ok := payload.([]byte)
	if !ok {
		if pb, err = json.Marshal(payload); err != nil {
			return nil, err
		}
	}
	raw, err := tx.Build(k, cryptosuite.Address(s.suite, k.Public()), s.chainID, s.seqs[name], mod, action, pb)
	if err != nil {
		return nil, err
	}
	s.seqs[name]++
	return raw, nil
}
