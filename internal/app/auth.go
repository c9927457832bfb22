package app

import (
	"errors"
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/module/governance"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/store"
	"github.com/pingshan/govchain/internal/tx"
)

// loadSigner finds the signing account; unknown signers get ErrUnknownSigner.
func loadSigner(r store.Reader, addr string) (*identity.Account, error) {
	acct, err := identity.GetAccount(r, addr)
	if errors.Is(err, identity.ErrAccountNotFound) {
		return nil, fmt.Errorf("%w: no account %s", tx.ErrUnknownSigner, addr)
	}
	return acct, err
}

// verifySig checks the envelope signature against the account's key.
func (a *App) verifySig(t *tx.Tx, acct *identity.Account) error {
	pub, err := a.keys.Get(acct.PublicKey)
	if err != nil {
		return fmt.Errorf("%w: stored key of %s: %v", tx.ErrBadSignature, acct.Address, err)
	}
	return tx.VerifySignature(t, pub)
}

// authorize runs the stateful checks shared by CheckTx and FinalizeBlock,
// in the order a client can best act on: status, emergency freeze, role,
// then sequence. height is the block the tx executes in (for CheckTx, the
// next one): a freeze applies from the block after its co-signature.
func authorize(r store.Reader, height int64, now time.Time, t *tx.Tx, act module.Action, acct *identity.Account, wantSeq uint64) error {
	if acct.Status != identity.StatusActive {
		return fmt.Errorf("%w: %s (%s) is %s", tx.ErrSuspendedSigner, acct.Name, acct.Address, acct.Status)
	}
	if acct.Expired(now) {
		return fmt.Errorf("%w: %s (%s) was valid until %s", identity.ErrAccountExpired, acct.Name, acct.Address, acct.ValidUntil.Format(time.RFC3339))
	}
	if err := governance.CheckSigner(r, height, acct.Signer()); err != nil {
		return err
	}
	if err := Authorize(t.Module+"/"+t.Action, act, acct.Signer()); err != nil {
		return err
	}
	if t.Sequence != wantSeq {
		return fmt.Errorf("%w: account %s expects sequence %d, tx has %d", tx.ErrWrongSequence, acct.Name, wantSeq, t.Sequence)
	}
	return nil
}
