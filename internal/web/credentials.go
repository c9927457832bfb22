package web

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/node"
)

// PasswordKDF are the Argon2id costs of new portal passwords: OWASP's
// recommended minimum (t=2, 19 MiB, one lane). Tests may lower them.
var PasswordKDF = struct {
	Time      uint32
	MemoryKiB uint32
	Threads   uint8
}{Time: 2, MemoryKiB: 19 * 1024, Threads: 1}

// credential maps a staff account name and password to the member's
// on-chain signing key, which it keeps sealed under a key derived from the
// password. Argon2id gives 32 bytes whose hash is the verifier and, after
// them, the key that seals the private key: the file alone neither reveals
// the password nor opens the key.
type credential struct {
	Name      string    `json:"name"`
	Address   string    `json:"address"`
	Time      uint32    `json:"time"`
	MemoryKiB uint32    `json:"memory_kib"`
	Threads   uint8     `json:"threads"`
	Salt      string    `json:"salt"`
	Verifier  string    `json:"verifier"`
	Sealed    string    `json:"sealed_key"`
	Demo      bool      `json:"demo,omitempty"`
	Created   time.Time `json:"created"`
}

type credentialFile struct {
	Warning  string                 `json:"warning,omitempty"`
	Accounts map[string]*credential `json:"accounts"`
}

// credentials is HOME/portal/credentials.json.
type credentials struct {
	mu    sync.Mutex
	path  string
	suite cryptosuite.Suite
	f     credentialFile
}

// CredentialsPath is where a home keeps portal sign-in credentials.
func CredentialsPath(h node.Home) string {
	return filepath.Join(string(h), "portal", "credentials.json")
}

func openCredentials(h node.Home, s cryptosuite.Suite) (*credentials, error) {
	c := &credentials{path: CredentialsPath(h), suite: s, f: credentialFile{Accounts: map[string]*credential{}}}
	b, err := os.ReadFile(c.path)
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &c.f); err != nil {
		return nil, fmt.Errorf("%s: %w", c.path, err)
	}
	if c.f.Accounts == nil {
		c.f.Accounts = map[string]*credential{}
	}
	return c, nil
}

func (c *credentials) saveLocked() error {
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return err
	}
	b, err := json.MarshalIndent(&c.f, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(c.path, append(b, '\n'), 0o600)
}

func credAD(name, addr string) []byte {
	return []byte("govchain/portal/credential/v1|" + name + "|" + addr)
}

func derive(password string, salt []byte, t, m uint32, th uint8, keySize int) (verifier, kek []byte) {
	out := argon2.IDKey([]byte(password), salt, t, m, th, uint32(32+keySize))
	v := sha256.Sum256(out[:32])
	return v[:], out[32:]
}

// set stores (or replaces) name's credential for key under password.
func (c *credentials) set(name, password string, key cryptosuite.PrivateKey, demo bool, now time.Time) error {
	salt, err := randomBytes(16)
	if err != nil {
		return err
	}
	k := PasswordKDF
	ver, kek := derive(password, salt, k.Time, k.MemoryKiB, k.Threads, c.suite.AEADKeySize())
	defer clear(kek)
	addr := cryptosuite.Address(c.suite, key.Public())
	raw := key.Bytes()
	defer clear(raw)
	sealed, err := c.suite.Seal(kek, raw, credAD(name, addr))
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.f.Accounts[name] = &credential{Name: name, Address: addr, Time: k.Time, MemoryKiB: k.MemoryKiB, Threads: k.Threads,
		Salt: hex.EncodeToString(salt), Verifier: hex.EncodeToString(ver), Sealed: hex.EncodeToString(sealed), Demo: demo, Created: now.UTC()}
	return c.saveLocked()
}

var errBadPassword = errors.New("wrong account name or password")

// check verifies a password and returns the unsealed signing key. An
// unknown name costs the same Argon2id run as a known one.
func (c *credentials) check(name, password string) (cryptosuite.PrivateKey, string, error) {
	c.mu.Lock()
	cr := c.f.Accounts[name]
	c.mu.Unlock()
	if cr == nil {
		k := PasswordKDF
		derive(password, make([]byte, 16), k.Time, k.MemoryKiB, k.Threads, c.suite.AEADKeySize())
		return nil, "", errBadPassword
	}
	salt, err1 := hex.DecodeString(cr.Salt)
	want, err2 := hex.DecodeString(cr.Verifier)
	sealed, err3 := hex.DecodeString(cr.Sealed)
	if err := errors.Join(err1, err2, err3); err != nil || cr.Time == 0 || cr.Time > 20 || cr.MemoryKiB > 1<<20 || cr.Threads == 0 {
		return nil, "", fmt.Errorf("credential of %q is damaged", name)
	}
	ver, kek := derive(password, salt, cr.Time, cr.MemoryKiB, cr.Threads, c.suite.AEADKeySize())
	defer clear(kek)
	if subtle.ConstantTimeCompare(ver, want) != 1 {
		return nil, "", errBadPassword
	}
	raw, err := c.suite.Open(kek, sealed, credAD(cr.Name, cr.Address))
	if err != nil {
		return nil, "", fmt.Errorf("credential of %q does not open: %w", name, err)
	}
	defer clear(raw)
	key, err := c.suite.ParsePrivateKey(raw)
	if err != nil {
		return nil, "", err
	}
	if cryptosuite.Address(c.suite, key.Public()) != cr.Address {
		return nil, "", fmt.Errorf("credential of %q holds another key", name)
	}
	return key, cr.Address, nil
}

func (c *credentials) has(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.f.Accounts[name] != nil
}

// SetPassword gives a staff member a portal password on a node: their key
// is taken from the node's keyring (unlocked with keyringPassphrase; demo
// keys need none) and sealed under the new password. A CLI command can
// wrap it.
func SetPassword(h node.Home, s cryptosuite.Suite, name, keyringPassphrase, password string) error {
	if len(password) < 10 {
		return errors.New("a portal password needs at least 10 characters")
	}
	key, err := loadKey(h, s, name, keyringPassphrase)
	if err != nil {
		return err
	}
	c, err := openCredentials(h, s)
	if err != nil {
		return err
	}
	return c.set(name, password, key, false, time.Now())
}
