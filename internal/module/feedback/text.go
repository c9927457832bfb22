package feedback

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"fmt"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/tx"
)

// Why the citizen's words are not in state: state is Merkle-committed,
// replicated to every department and provable by anyone forever, so a
// moderator's hide could not take text out of it. Instead the text travels
// in the tx (kept in every node's block store), the index serves it, and
// the item keeps a salted commitment:
//
//	TextHash = Hash("govchain/feedback/text/v1\x00" || salt ||
//	                len(subject) || subject || len(text) || text)
//
// with 4-byte big-endian lengths. Anyone holding the text and salt (the
// API gives both while the item is not hidden, or the tx from a block)
// can check it against the proven record; without the salt the hash does
// not let anyone confirm a guess of hidden text.
const textDomain = "govchain/feedback/text/v1\x00"

// SaltSize is the commitment salt's length in bytes.
const SaltSize = 16

// NewSalt draws a commitment salt (client side), as hex.
func NewSalt() (string, error) {
	b := make([]byte, SaltSize)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

func decodeSalt(s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != SaltSize {
		return nil, fmt.Errorf("%w: salt must be %d hex digits", ErrInvalid, 2*SaltSize)
	}
	return b, nil
}

// TextCommitment is what an item keeps of its text.
func TextCommitment(s cryptosuite.Suite, salt []byte, subject, text string) []byte {
	b := make([]byte, 0, len(textDomain)+len(salt)+8+len(subject)+len(text))
	b = append(b, textDomain...)
	b = append(b, salt...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(subject)))
	b = append(b, subject...)
	b = binary.BigEndian.AppendUint32(b, uint32(len(text)))
	b = append(b, text...)
	return s.Hash(b)
}

// Text is an item's public words as the tx carried them.
type Text struct {
	Subject string
	Body    string
	Salt    []byte
}

// Commitment is TextCommitment of t.
func (t *Text) Commitment(s cryptosuite.Suite) []byte {
	return TextCommitment(s, t.Salt, t.Subject, t.Body)
}

// TextFromTx reads an item's text from the raw tx that created it (a
// feedback.submit or feedback.rate). The item's Height and TxIndex say
// where that tx is in the block store.
func TextFromTx(raw []byte) (*Text, error) {
	t, err := tx.Decode(raw)
	if err != nil {
		return nil, err
	}
	if t.Module != "feedback" {
		return nil, fmt.Errorf("%w: tx is %s.%s, not a feedback submission", ErrInvalid, t.Module, t.Action)
	}
	switch t.Action {
	case "submit":
		p, err := module.DecodeJSON[Submit](t.Payload)
		if err != nil {
			return nil, err
		}
		m := p.(*Submit)
		salt, err := decodeSalt(m.Salt)
		if err != nil {
			return nil, err
		}
		return &Text{Subject: m.Subject, Body: m.Text, Salt: salt}, nil
	case "rate":
		p, err := module.DecodeJSON[Rate](t.Payload)
		if err != nil {
			return nil, err
		}
		m := p.(*Rate)
		if m.Comment == "" {
			return &Text{}, nil
		}
		salt, err := decodeSalt(m.Salt)
		if err != nil {
			return nil, err
		}
		return &Text{Body: m.Comment, Salt: salt}, nil
	}
	return nil, fmt.Errorf("%w: tx is feedback.%s, which carries no item text", ErrInvalid, t.Action)
}
