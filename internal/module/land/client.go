package land

import (
	"fmt"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/identity"
	"github.com/pingshan/govchain/internal/module/workflow"
	"github.com/pingshan/govchain/internal/store"
)

// NewApplication prepares a land.apply payload on the client side (window
// console, portal gateway, seeder): a fresh access code for the applicant —
// returned once, only its hash goes on chain — and the applicant's
// personal data sealed for every department on the process, using their
// encryption keys from the chain state r.
func NewApplication(s cryptosuite.Suite, r store.Reader, parcel, use string, pd workflow.PersonalData, attachments []workflow.Attachment) (*Apply, string, error) {
	def, err := workflow.GetDefinition(r, ProcessID, 0)
	if err != nil {
		return nil, "", err
	}
	keys := map[string][]byte{}
	for _, id := range def.Departments() {
		d, err := identity.GetDepartment(r, id)
		if err != nil {
			return nil, "", err
		}
		keys[id] = d.EncryptionKey
	}
	return NewApplicationFor(s, def.Departments(), keys, parcel, use, pd, attachments)
}

// NewApplicationFor is NewApplication with the process departments and
// their encryption keys given (a seeder preparing txs before the chain runs).
func NewApplicationFor(s cryptosuite.Suite, depts []string, encKeys map[string][]byte, parcel, use string, pd workflow.PersonalData, attachments []workflow.Attachment) (*Apply, string, error) {
	keys := map[string]cryptosuite.PublicKey{}
	for _, id := range depts {
		if len(encKeys[id]) == 0 {
			return nil, "", fmt.Errorf("department %s has no encryption key", id)
		}
		pub, err := s.ParsePublicKey(encKeys[id])
		if err != nil {
			return nil, "", fmt.Errorf("department %s encryption key: %w", id, err)
		}
		keys[id] = pub
	}
	sealed, err := workflow.SealPersonalData(s, keys, pd)
	if err != nil {
		return nil, "", err
	}
	code, err := workflow.NewAccessCode()
	if err != nil {
		return nil, "", err
	}
	return &Apply{Parcel: parcel, Use: use, AccessCodeHash: workflow.AccessCodeHash(s, code),
		RatingTokenHash: workflow.RatingTokenHashFor(s, code), PersonalData: *sealed, Attachments: attachments}, code, nil
}
