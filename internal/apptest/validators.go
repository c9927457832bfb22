package apptest

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"

	abci "github.com/cometbft/cometbft/abci/types"
	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"

	"github.com/pingshan/govchain/internal/module/governance"
)

// ValidatorKey derives a deterministic CometBFT Ed25519 validator key
// from a name.
func ValidatorKey(name string) ed25519.PrivateKey {
	seed := sha256.Sum256([]byte("govchain apptest validator " + name))
	return ed25519.NewKeyFromSeed(seed[:])
}

// ValidatorPubHex is the hex of a named validator key's public half.
func ValidatorPubHex(name string) string {
	return hex.EncodeToString(ValidatorKey(name).Public().(ed25519.PublicKey))
}

// genesisValidators turns Options.Validators into InitChain's list.
func genesisValidators(names []string) []abci.ValidatorUpdate {
	var out []abci.ValidatorUpdate
	for _, n := range names {
		out = append(out, abci.ValidatorUpdate{Power: 10, PubKeyType: "ed25519", PubKeyBytes: ValidatorKey(n).Public().(ed25519.PublicKey)})
	}
	return out
}

// BlockHash is the made-up hash of block h in a test chain (CometBFT is
// not there to make real ones).
func BlockHash(h int64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(h))
	sum := sha256.Sum256(append([]byte("apptest block "), b[:]...))
	return sum[:]
}

// lastCommit lists, for block h, every validator of the app's current set
// as having signed the previous block, except the addresses in c.Offline.
func (c *Chain) lastCommit(h int64) abci.CommitInfo {
	var ci abci.CommitInfo
	if h <= 1 {
		return ci
	}
	vals, err := governance.Validators(c.State())
	if err != nil {
		c.T.Fatal(err)
	}
	for _, v := range vals {
		addr, _ := hex.DecodeString(v.Address)
		flag := cmtproto.BlockIDFlagCommit
		if c.Offline[v.PubKey] {
			flag = cmtproto.BlockIDFlagAbsent
		}
		ci.Votes = append(ci.Votes, abci.VoteInfo{Validator: abci.Validator{Address: addr, Power: v.Power}, BlockIdFlag: flag})
	}
	return ci
}
