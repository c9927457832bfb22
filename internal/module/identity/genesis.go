package identity

import (
	"encoding/hex"
	"fmt"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/store"
)

// GenesisAccount is an account as written in genesis.json.
type GenesisAccount struct {
	Name       string   `json:"name"`
	PublicKey  string   `json:"public_key"` // hex
	Department string   `json:"department"`
	Roles      []string `json:"roles"`
}

// Genesis is the identity part of the app state.
type Genesis struct {
	Departments []Department     `json:"departments"`
	Accounts    []GenesisAccount `json:"accounts"`
}

// InitGenesis validates and writes the initial departments and accounts.
// Any problem refuses the whole genesis: a chain must not start half-set-up.
func InitGenesis(kv store.KV, s cryptosuite.Suite, g *Genesis) error {
	depts := map[string]bool{}
	for i := range g.Departments {
		d := g.Departments[i]
		if err := ValidateID(d.ID); err != nil {
			return fmt.Errorf("%w: departments[%d]: %v", ErrInvalidGenesis, i, err)
		}
		if depts[d.ID] {
			return fmt.Errorf("%w: department %q twice", ErrInvalidGenesis, d.ID)
		}
		if d.NameZH == "" || d.NameEN == "" {
			return fmt.Errorf("%w: department %q needs name_zh and name_en", ErrInvalidGenesis, d.ID)
		}
		if len(d.EncryptionKey) > 0 {
			pub, err := s.ParsePublicKey(d.EncryptionKey)
			if err != nil {
				return fmt.Errorf("%w: department %q encryption_key: %v", ErrInvalidGenesis, d.ID, err)
			}
			d.EncryptionKey = pub.Bytes()
		}
		depts[d.ID] = true
		if err := PutDepartment(kv, &d); err != nil {
			return err
		}
	}
	names := map[string]bool{}
	for i, ga := range g.Accounts {
		if err := ValidateName(ga.Name); err != nil {
			return fmt.Errorf("%w: accounts[%d]: %v", ErrInvalidGenesis, i, err)
		}
		if names[ga.Name] {
			return fmt.Errorf("%w: account name %q twice", ErrInvalidGenesis, ga.Name)
		}
		names[ga.Name] = true
		if !depts[ga.Department] {
			return fmt.Errorf("%w: account %q: unknown department %q", ErrInvalidGenesis, ga.Name, ga.Department)
		}
		roles, err := NormalizeRoles(ga.Roles)
		if err != nil {
			return fmt.Errorf("%w: account %q: %v", ErrInvalidGenesis, ga.Name, err)
		}
		raw, err := hex.DecodeString(ga.PublicKey)
		if err != nil {
			return fmt.Errorf("%w: account %q: public_key is not hex", ErrInvalidGenesis, ga.Name)
		}
		pub, err := s.ParsePublicKey(raw)
		if err != nil {
			return fmt.Errorf("%w: account %q: %v", ErrInvalidGenesis, ga.Name, err)
		}
		addr := cryptosuite.Address(s, pub)
		if _, err := GetAccount(kv, addr); err == nil {
			return fmt.Errorf("%w: account %q: key already used", ErrInvalidGenesis, ga.Name)
		}
		// Department roles are written with the account; platform roles
		// go through the one platform path, under genesis authority.
		var deptRoles, platform []string
		for _, r := range roles {
			if PlatformRole(r) {
				platform = append(platform, r)
			} else {
				deptRoles = append(deptRoles, r)
			}
		}
		a := &Account{Address: addr, Name: ga.Name, PublicKey: pub.Bytes(), Department: ga.Department, Roles: deptRoles, Status: StatusActive}
		if err := PutAccount(kv, a); err != nil {
			return err
		}
		for _, r := range platform {
			if err := SetPlatformRole(kv, GenesisAuthority(), addr, r, true); err != nil {
				return err
			}
		}
	}
	return nil
}
