package check

import (
	"bytes"
	"os"

	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	"github.com/cometbft/cometbft/libs/protoio"
	"github.com/cometbft/cometbft/privval"
)

// privValState checks HOME/data/priv_validator_state.json, the record
// that stops the validator signing twice at a height: it must be in the
// exact form CometBFT writes, its signature must verify over its sign
// bytes with the node's validator key, and the sign bytes must be the
// vote or proposal of the height, round and step it records. Its height is
// compared with the block store later.
func (c *checker) privValState(p string) {
	raw, err := os.ReadFile(p)
	if err != nil {
		c.findFile("file", p, 0, "cannot read: %v", err)
		return
	}
	var lss privval.FilePVLastSignState
	if err := cmtjson.Unmarshal(raw, &lss); err != nil {
		c.findFile("file", p, 0, "not a last-signed state: %v", err)
		return
	}
	if again, err := cmtjson.MarshalIndent(&lss, "", "  "); err != nil || !bytes.Equal(again, raw) {
		c.findFile("file", p, 0, "not in the form CometBFT writes (a changed byte outside the values)")
		return
	}
	c.signedHeight = lss.Height
	if lss.Height < 0 || lss.Round < 0 || lss.Step < 0 || lss.Step > 3 {
		c.findFile("file", p, 0, "height %d round %d step %d out of range", lss.Height, lss.Round, lss.Step)
		return
	}
	if len(lss.SignBytes) == 0 && len(lss.Signature) == 0 {
		if lss.Height != 0 {
			c.findFile("file", p, 0, "records height %d with nothing signed", lss.Height)
		}
		return
	}
	// What was signed: a proposal (step 1) or a prevote/precommit (2, 3).
	var height, round int64
	var chain string
	var typ cmtproto.SignedMsgType
	if lss.Step == 1 {
		var m cmtproto.CanonicalProposal
		err = protoio.UnmarshalDelimited(lss.SignBytes, &m)
		height, round, chain, typ = m.Height, m.Round, m.ChainID, m.Type
	} else {
		var m cmtproto.CanonicalVote
		err = protoio.UnmarshalDelimited(lss.SignBytes, &m)
		height, round, chain, typ = m.Height, m.Round, m.ChainID, m.Type
	}
	wantType := map[int8]cmtproto.SignedMsgType{1: cmtproto.ProposalType, 2: cmtproto.PrevoteType, 3: cmtproto.PrecommitType}[lss.Step]
	switch {
	case err != nil:
		c.findFile("file", p, 0, "sign bytes do not decode: %v", err)
		return
	case height != lss.Height || round != int64(lss.Round) || typ != wantType || chain != c.chainID:
		c.findFile("file", p, 0, "sign bytes are a %v at %d/%d on %q; the file records step %d at %d/%d on %q",
			typ, height, round, chain, lss.Step, lss.Height, lss.Round, c.chainID)
		return
	}
	kb, err := os.ReadFile(c.privValKeyFile)
	var key privval.FilePVKey
	if err == nil {
		err = cmtjson.Unmarshal(kb, &key)
	}
	if err != nil || key.PubKey == nil {
		c.note("the validator key (%s) is not readable here (%v): the last signature is not checked", c.rel(c.privValKeyFile), err)
		return
	}
	if !key.PubKey.VerifySignature(lss.SignBytes, lss.Signature) {
		c.findFile("file", p, 0, "the signature does not verify with the validator key %X", key.PubKey.Address())
	}
}
