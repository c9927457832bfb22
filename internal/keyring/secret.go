package keyring

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/cryptosuite"
)

// Create makes a new key sealed under passphrase.
func (k *Keyring) Create(name, passphrase string) (Info, cryptosuite.PrivateKey, error) {
	if err := k.checkNew(name, passphrase, false); err != nil {
		return Info{}, nil, err
	}
	priv, err := k.suite.GenerateKey()
	if err != nil {
		return Info{}, nil, fmt.Errorf("keyring: %w", err)
	}
	info, err := k.store(name, passphrase, priv, false)
	if err != nil {
		return Info{}, nil, err
	}
	return info, priv, nil
}

// CreateDemo makes a new unencrypted key for a development chain.
func (k *Keyring) CreateDemo(name string) (Info, cryptosuite.PrivateKey, error) {
	if err := k.checkNew(name, "", true); err != nil {
		return Info{}, nil, err
	}
	priv, err := k.suite.GenerateKey()
	if err != nil {
		return Info{}, nil, fmt.Errorf("keyring: %w", err)
	}
	info, err := k.store(name, "", priv, true)
	if err != nil {
		return Info{}, nil, err
	}
	return info, priv, nil
}

// Import seals an existing private key under passphrase.
func (k *Keyring) Import(name, passphrase string, priv cryptosuite.PrivateKey) (Info, error) {
	if err := k.checkNew(name, passphrase, false); err != nil {
		return Info{}, err
	}
	if priv == nil {
		return Info{}, errors.New("keyring: nil private key")
	}
	// Re-parsing under this keyring's suite catches a key of the other
	// suite: a 32-byte SM2 scalar is also a valid Ed25519 seed, but the
	// public keys then differ.
	own, err := k.suite.ParsePrivateKey(priv.Bytes())
	if err != nil || !bytes.Equal(own.Public().Bytes(), priv.Public().Bytes()) {
		return Info{}, fmt.Errorf("%w: imported key is not a %s key", ErrSuiteMismatch, k.suite.Name())
	}
	return k.store(name, passphrase, own, false)
}

// Load returns the private key. Demo keys ignore the passphrase.
func (k *Keyring) Load(name, passphrase string) (cryptosuite.PrivateKey, error) {
	f, err := k.readForSuite(name)
	if err != nil {
		return nil, err
	}
	secret, err := k.open(f, passphrase)
	if err != nil {
		return nil, err
	}
	defer clear(secret)
	priv, err := f.suite.ParsePrivateKey(secret)
	if err != nil {
		return nil, fmt.Errorf("%w: key %q: private key: %v", ErrCorrupt, name, err)
	}
	// The public key in the file is what List and Show report and what
	// others will send to; a secret that does not match it must not be
	// used to sign.
	if !bytes.Equal(priv.Public().Bytes(), f.pub.Bytes()) {
		return nil, fmt.Errorf("%w: key %q: private key does not match public_key", ErrCorrupt, name)
	}
	return priv, nil
}

// Export returns the private key as lower-case hex, after the same checks
// as Load.
func (k *Keyring) Export(name, passphrase string) ([]byte, error) {
	priv, err := k.Load(name, passphrase)
	if err != nil {
		return nil, err
	}
	raw := priv.Bytes()
	defer clear(raw)
	out := make([]byte, hex.EncodedLen(len(raw)))
	hex.Encode(out, raw)
	return out, nil
}

func (k *Keyring) checkNew(name, passphrase string, demo bool) error {
	if err := ValidName(name); err != nil {
		return err
	}
	if !demo && passphrase == "" {
		return fmt.Errorf("%w: key %q needs a passphrase (use a demo key for unprotected development keys)", ErrEmptyPassphrase, name)
	}
	// Checked again atomically when the file is linked into place; this
	// early check only avoids a pointless Argon2 run.
	switch _, err := os.Lstat(k.path(name)); {
	case err == nil:
		return fmt.Errorf("%w: %q in %s", ErrKeyExists, name, k.dir)
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("keyring: %w", err)
	}
	return nil
}

func (k *Keyring) store(name, passphrase string, priv cryptosuite.PrivateKey, demo bool) (Info, error) {
	s := k.suite
	pub := priv.Public()
	f := &keyFile{
		Name:      name,
		Suite:     s.Name(),
		Address:   cryptosuite.Address(s, pub),
		PublicKey: hex.EncodeToString(pub.Bytes()),
	}
	secret := priv.Bytes()
	defer clear(secret)
	if demo {
		f.DemoUnencrypted = true
		f.Warning = demoWarning
		f.PrivateKey = hex.EncodeToString(secret)
	} else {
		kdf, err := newKDF(k.kdf)
		if err != nil {
			return Info{}, err
		}
		key := kdf.derive(passphrase, s.AEADKeySize())
		defer clear(key)
		sealed, err := s.Seal(key, secret, additionalData(f.Name, f.Suite, f.Address))
		if err != nil {
			return Info{}, fmt.Errorf("keyring: sealing %q: %w", name, err)
		}
		f.KDF, f.Cipher, f.Sealed = kdf, cipherFor[s.Name()], hex.EncodeToString(sealed)
	}
	data, err := f.marshal()
	if err != nil {
		return Info{}, fmt.Errorf("keyring: %w", err)
	}
	// Create-only: two processes creating the same key cannot silently
	// overwrite each other.
	if err := atomicfile.WriteNew(k.path(name), data, 0o600); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return Info{}, fmt.Errorf("%w: %s", ErrKeyExists, k.path(name))
		}
		return Info{}, fmt.Errorf("keyring: writing %q: %w", name, err)
	}
	return f.info(), nil
}

// open returns the raw private key bytes from a parsed file.
func (k *Keyring) open(f *keyFile, passphrase string) ([]byte, error) {
	if f.DemoUnencrypted {
		secret, err := hex.DecodeString(f.PrivateKey)
		if err != nil {
			return nil, fmt.Errorf("%w: key %q: private_key is not hex", ErrCorrupt, f.Name)
		}
		return secret, nil
	}
	sealed, err := hex.DecodeString(f.Sealed)
	if err != nil {
		return nil, fmt.Errorf("%w: key %q: sealed is not hex", ErrCorrupt, f.Name)
	}
	key := f.KDF.derive(passphrase, f.suite.AEADKeySize())
	defer clear(key)
	secret, err := f.suite.Open(key, sealed, additionalData(f.Name, f.Suite, f.Address))
	if err != nil {
		// GCM cannot tell a wrong passphrase from an edited sealed blob
		// or header; the passphrase is by far the likelier cause.
		return nil, fmt.Errorf("%w for key %q (or the file was altered)", ErrWrongPassphrase, f.Name)
	}
	return secret, nil
}
