// Package keyring stores account signing keys as one JSON file per key in a
// directory, each sealed under a passphrase with Argon2id and the chain's
// suite AEAD. Unencrypted "demo" keys exist only so a development chain can
// start without prompts; their files say so in plain words.
package keyring

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/cryptosuite"
)

const keyExt = ".key"

// Info is the public part of a key, available without a passphrase.
type Info struct {
	Name      string `json:"name"`
	Suite     string `json:"suite"`
	Address   string `json:"address"`
	PublicKey string `json:"public_key"` // hex
	Demo      bool   `json:"demo,omitempty"`
}

// Keyring is a directory of key files for one crypto suite. It holds no
// secrets in memory, so it is safe for concurrent use; writes rely on the
// file system for atomicity.
type Keyring struct {
	dir   string
	suite cryptosuite.Suite
	kdf   KDFParams
}

// Open uses dir as a keyring for suite s, creating it (mode 0700) if needed.
// New keys get the KDF costs in DefaultKDF at the time of Open.
func Open(dir string, s cryptosuite.Suite) (*Keyring, error) {
	if s == nil {
		return nil, errors.New("keyring: nil crypto suite")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	return &Keyring{dir: dir, suite: s, kdf: DefaultKDF}, nil
}

// Dir is the keyring's directory.
func (k *Keyring) Dir() string { return k.dir }

func (k *Keyring) path(name string) string { return filepath.Join(k.dir, name+keyExt) }

// read loads and checks the file for name. It also requires the name inside
// the file to match the file name, since only the name in the AD is
// authenticated and a renamed file would otherwise show the wrong name.
func (k *Keyring) read(name string) (*keyFile, error) {
	if err := ValidName(name); err != nil {
		return nil, err
	}
	p := k.path(name)
	fh, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q in %s", ErrKeyNotFound, name, k.dir)
	}
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxKeyFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("keyring: reading %s: %w", p, err)
	}
	f, err := parseKeyFile(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	if f.Name != name {
		return nil, fmt.Errorf("%w: %s holds key %q", ErrCorrupt, p, f.Name)
	}
	return f, nil
}

// readForSuite is read plus the check that the key can sign on this chain.
func (k *Keyring) readForSuite(name string) (*keyFile, error) {
	f, err := k.read(name)
	if err != nil {
		return nil, err
	}
	if f.Suite != k.suite.Name() {
		return nil, fmt.Errorf("%w: key %q is %s, keyring is %s", ErrSuiteMismatch, name, f.Suite, k.suite.Name())
	}
	return f, nil
}

// Show returns a key's public information. Keys of the other suite are
// shown too, with their Suite field saying so.
func (k *Keyring) Show(name string) (Info, error) {
	f, err := k.read(name)
	if err != nil {
		return Info{}, err
	}
	return f.info(), nil
}

// List returns every key in the directory, sorted by name. A file that
// cannot be read does not hide the others: they are returned together with
// an error (wrapping ErrCorrupt where applicable) naming each bad file.
func (k *Keyring) List() ([]Info, error) {
	entries, err := os.ReadDir(k.dir)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	var (
		out  []Info
		errs []error
	)
	for _, e := range entries {
		fn := e.Name()
		name, ok := strings.CutSuffix(fn, keyExt)
		if !ok || atomicfile.IsTemp(fn) || e.IsDir() {
			continue
		}
		if ValidName(name) != nil {
			errs = append(errs, fmt.Errorf("%w: unexpected file %s in keyring", ErrCorrupt, fn))
			continue
		}
		f, err := k.read(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, f.info())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, errors.Join(errs...)
}
