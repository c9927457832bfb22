package finance

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Clients write payees in clear and seal them before signing: the console
// form, `govchain tx finance request_payment`, the demo seeder and tests
// all pass their payload through SealPayload, so there is one place where
// clear payee data becomes what the chain may hold.

// ClearPayeeField names the payload field of an action that carries a
// payee or payer, and whether that party needs a bank account. ok is
// false for actions without one.
func ClearPayeeField(module, action string) (field string, needAccount, ok bool) {
	switch module + "." + action {
	case "finance.request_payment":
		return "payee", true, true
	case "finance.record_revenue", "land.record_fee":
		return "payer", false, true
	}
	return "", false, false
}

// SealPayload seals the clear payee of a module action's JSON payload
// (ClearPayeeField) and returns the payload to sign. A payee already in
// the chain's form (it has "sealed" or "commitment") is left as it is; so is a payload of an
// action without a payee. An organisation payer with no account needs no
// sealing and gets none.
func (ps *PayeeSealer) SealPayload(module, action string, raw []byte) ([]byte, error) {
	field, needAccount, ok := ClearPayeeField(module, action)
	if !ok {
		return raw, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object: %v", ErrInvalidField, err)
	}
	clearRaw, ok := m[field]
	if !ok {
		return raw, nil // the chain will say what is missing
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(clearRaw, &probe); err != nil {
		return nil, fmt.Errorf("%w: %s is not an object", ErrInvalidField, field)
	}
	_, hasSealed := probe["sealed"]
	_, hasCommitment := probe["commitment"]
	if hasSealed || hasCommitment {
		return raw, nil // already in the chain's form: the chain judges it
	}
	var d PayeeData
	dec := json.NewDecoder(bytes.NewReader(clearRaw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrInvalidField, field, err)
	}
	if err := d.Validate(field, needAccount); err != nil {
		return nil, err
	}
	p, err := ps.Party(d, needAccount)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(&p)
	if err != nil {
		return nil, err
	}
	m[field] = b
	return json.Marshal(m)
}

// Party is Seal for a payee (needAccount) or a payer: an organisation
// payer with no account has nothing personal and goes unsealed.
func (ps *PayeeSealer) Party(d PayeeData, needAccount bool) (Payee, error) {
	if d.Kind == PayeeOrganisation && d.Account == "" && !needAccount {
		if err := d.Validate("payer", false); err != nil {
			return Payee{}, err
		}
		return Payee{Name: d.Name, Kind: d.Kind, CreditCode: d.CreditCode}, nil
	}
	return ps.Seal(d, needAccount)
}
