package keyring

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"

	"github.com/pingshan/govchain/internal/cryptosuite"
)

// demoWarning is written into every unencrypted key so anyone who opens
// the file, or finds it in a backup, sees what it is.
const demoWarning = "DEMO KEY generated at run time for a development chain; not protected; never use in production"

// maxKeyFileSize bounds reads; real files are well under 1 KiB.
const maxKeyFileSize = 64 << 10

// cipherFor names each suite's AEAD in the file, so a reader can tell what
// sealed the key without knowing the chain's genesis.
var cipherFor = map[string]string{
	cryptosuite.GM:   "sm4-gcm",
	cryptosuite.Intl: "aes-256-gcm",
}

// keyFile is the on-disk JSON. Exactly one of the encrypted group
// (KDF, Cipher, Sealed) or the demo group (DemoUnencrypted, Warning,
// PrivateKey) is present.
type keyFile struct {
	Name      string `json:"name"`
	Suite     string `json:"suite"`
	Address   string `json:"address"`
	PublicKey string `json:"public_key"`

	KDF    *kdfJSON `json:"kdf,omitempty"`
	Cipher string   `json:"cipher,omitempty"`
	Sealed string   `json:"sealed,omitempty"`

	DemoUnencrypted bool   `json:"demo_unencrypted,omitempty"`
	Warning         string `json:"warning,omitempty"`
	PrivateKey      string `json:"private_key,omitempty"`

	// Filled in by parseKeyFile for the caller's convenience.
	suite cryptosuite.Suite
	pub   cryptosuite.PublicKey
}

func (f *keyFile) info() Info {
	return Info{Name: f.Name, Suite: f.Suite, Address: f.Address, PublicKey: f.PublicKey, Demo: f.DemoUnencrypted}
}

// additionalData binds the sealed secret to the file's identity, so the
// "sealed" blob of one key cannot be pasted into another key's file, or a
// file renamed into another key's slot, without decryption failing.
// Names cannot contain "|", so the encoding is unambiguous.
func additionalData(name, suite, address string) []byte {
	return []byte(name + "|" + suite + "|" + address)
}

func (f *keyFile) marshal() ([]byte, error) {
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// parseKeyFile decodes and checks everything that can be checked without
// the passphrase. It is strict (unknown fields, trailing data, any
// inconsistency) because a key file that has been edited by hand or by
// something else should be noticed, not half-understood.
func parseKeyFile(data []byte) (*keyFile, error) {
	if len(data) > maxKeyFileSize {
		return nil, fmt.Errorf("%w: file is %d bytes", ErrCorrupt, len(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f keyFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: trailing data after JSON object", ErrCorrupt)
	}
	if err := ValidName(f.Name); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	s, err := cryptosuite.ByName(f.Suite)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	pubBytes, err := hex.DecodeString(f.PublicKey)
	if err != nil {
		return nil, fmt.Errorf("%w: public_key is not hex", ErrCorrupt)
	}
	pub, err := s.ParsePublicKey(pubBytes)
	if err != nil {
		return nil, fmt.Errorf("%w: public_key: %v", ErrCorrupt, err)
	}
	// Requiring the canonical lower-case hex keeps one spelling per key,
	// so the address shown and the key's bytes cannot disagree.
	if hex.EncodeToString(pubBytes) != f.PublicKey {
		return nil, fmt.Errorf("%w: public_key must be lower-case hex", ErrCorrupt)
	}
	if want := cryptosuite.Address(s, pub); f.Address != want {
		return nil, fmt.Errorf("%w: address %q does not match public key (want %s)", ErrCorrupt, f.Address, want)
	}
	if f.DemoUnencrypted {
		err = f.checkDemo()
	} else {
		err = f.checkEncrypted()
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	f.suite, f.pub = s, pub
	return &f, nil
}

func (f *keyFile) checkDemo() error {
	if f.KDF != nil || f.Cipher != "" || f.Sealed != "" {
		return fmt.Errorf("demo key also carries encryption fields")
	}
	if f.Warning != demoWarning {
		return fmt.Errorf("demo key lacks the standard warning")
	}
	if _, err := hex.DecodeString(f.PrivateKey); err != nil || f.PrivateKey == "" {
		return fmt.Errorf("private_key is not hex")
	}
	return nil
}

func (f *keyFile) checkEncrypted() error {
	if f.PrivateKey != "" || f.Warning != "" {
		return fmt.Errorf("encrypted key also carries demo fields")
	}
	if f.KDF == nil {
		return fmt.Errorf("missing kdf")
	}
	if err := f.KDF.check(); err != nil {
		return err
	}
	if want := cipherFor[f.Suite]; f.Cipher != want {
		return fmt.Errorf("cipher %q, suite %s uses %q", f.Cipher, f.Suite, want)
	}
	if _, err := hex.DecodeString(f.Sealed); err != nil || f.Sealed == "" {
		return fmt.Errorf("sealed is not hex")
	}
	return nil
}
