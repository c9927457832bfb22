package identity

import (
	"fmt"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module.
const (
	deptPrefix = "identity/dept/"
	acctPrefix = "identity/acct/"
	namePrefix = "identity/name/"
)

// DepartmentKey is the state key of a department record.
func DepartmentKey(id string) []byte { return []byte(deptPrefix + id) }

// AccountKey is the state key of an account record.
func AccountKey(addr string) []byte { return []byte(acctPrefix + addr) }

// NameKey maps an account name to its address.
func NameKey(name string) []byte { return []byte(namePrefix + name) }

// GetDepartment loads a department.
func GetDepartment(r store.Reader, id string) (*Department, error) {
	b, err := r.Get(DepartmentKey(id))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %q", ErrDepartmentNotFound, id)
	}
	var d Department
	if err := module.UnmarshalState(b, &d); err != nil {
		return nil, fmt.Errorf("corrupt department %q: %w", id, err)
	}
	return &d, nil
}

// PutDepartment stores a department.
func PutDepartment(kv store.KV, d *Department) error {
	b, err := module.MarshalState(d)
	if err != nil {
		return err
	}
	return kv.Set(DepartmentKey(d.ID), b)
}

// GetAccount loads an account by address.
func GetAccount(r store.Reader, addr string) (*Account, error) {
	b, err := r.Get(AccountKey(addr))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %s", ErrAccountNotFound, addr)
	}
	var a Account
	if err := module.UnmarshalState(b, &a); err != nil {
		return nil, fmt.Errorf("corrupt account %s: %w", addr, err)
	}
	return &a, nil
}

// PutAccount stores an account and its name index.
func PutAccount(kv store.KV, a *Account) error {
	b, err := module.MarshalState(a)
	if err != nil {
		return err
	}
	if err := kv.Set(AccountKey(a.Address), b); err != nil {
		return err
	}
	return kv.Set(NameKey(a.Name), []byte(a.Address))
}

// PutSequence stores an account whose only change is its sequence; it skips
// the name index write, which matters on the per-tx hot path.
func PutSequence(kv store.KV, a *Account) error {
	b, err := module.MarshalState(a)
	if err != nil {
		return err
	}
	return kv.Set(AccountKey(a.Address), b)
}

// AddressByName resolves an account name.
func AddressByName(r store.Reader, name string) (string, error) {
	b, err := r.Get(NameKey(name))
	if err != nil {
		return "", err
	}
	if b == nil {
		return "", fmt.Errorf("%w: no account named %q", ErrAccountNotFound, name)
	}
	return string(b), nil
}

// Departments lists all departments in id order.
func Departments(r store.Reader) ([]*Department, error) {
	var out []*Department
	var derr error
	err := r.Iterate([]byte(deptPrefix), func(k, v []byte) bool {
		var d Department
		if derr = module.UnmarshalState(v, &d); derr != nil {
			return false
		}
		out = append(out, &d)
		return true
	})
	if err == nil {
		err = derr
	}
	return out, err
}

// Accounts lists all accounts in address order, optionally of one department.
func Accounts(r store.Reader, department string) ([]*Account, error) {
	var out []*Account
	var derr error
	err := r.Iterate([]byte(acctPrefix), func(k, v []byte) bool {
		var a Account
		if derr = module.UnmarshalState(v, &a); derr != nil {
			return false
		}
		if department == "" || a.Department == department {
			out = append(out, &a)
		}
		return true
	})
	if err == nil {
		err = derr
	}
	return out, err
}
