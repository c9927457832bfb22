package keyring

import "errors"

// Sentinel errors; every error the package returns wraps one of these (or an
// I/O error) with context, so callers branch with errors.Is and still get a
// message naming the key.
var (
	ErrKeyNotFound     = errors.New("key not found")
	ErrKeyExists       = errors.New("key already exists")
	ErrWrongPassphrase = errors.New("wrong passphrase")
	ErrEmptyPassphrase = errors.New("empty passphrase")
	ErrBadName         = errors.New("invalid key name")
	ErrSuiteMismatch   = errors.New("key belongs to a different crypto suite")
	ErrCorrupt         = errors.New("corrupt key file")
)
