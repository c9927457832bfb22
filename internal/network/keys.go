package network

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/keyring"
	"github.com/pingshan/govchain/internal/node"
	"github.com/pingshan/govchain/internal/participant"
)

// KeyBundleDir is where a laid-out network keeps the keys of a department
// that runs no node: OutDir/keys/<department>, a keyring of its own,
// outside every node home.
func KeyBundleDir(outDir, dept string) string { return filepath.Join(outDir, "keys", dept) }

// keyPlacement decides which keyring a department's keys go to. A node
// home holds only the keys of its own department: a home is copied to the
// host that runs it, and that host must not hold another department's
// signing or data keys. Departments without a node get a bundle directory
// (KeyBundleDir) to hand to them. A single home (dev, init) is the one
// exception: it is the whole chain on one machine and holds every key.
type keyPlacement struct {
	o       Options
	suite   cryptosuite.Suite
	nodeOf  map[string]node.Home
	first   node.Home // the single home, with Single
	bundles []string  // departments given a bundle, in creation order
}

func newKeyPlacement(o Options, suite cryptosuite.Suite, depts []Department, homes []node.Home) *keyPlacement {
	p := &keyPlacement{o: o, suite: suite, nodeOf: map[string]node.Home{}}
	for i, h := range homes {
		p.nodeOf[depts[i].ID] = h
	}
	p.first = homes[0]
	return p
}

// dir is the keyring directory for dept's keys.
func (p *keyPlacement) dir(dept string) string {
	if p.o.Single {
		return p.first.KeyringDir()
	}
	if h, ok := p.nodeOf[dept]; ok {
		return h.KeyringDir()
	}
	if !slices.Contains(p.bundles, dept) {
		p.bundles = append(p.bundles, dept)
	}
	return KeyBundleDir(p.o.OutDir, dept)
}

// create makes one key for dept: a demo key with Demo, otherwise encrypted
// with the passphrase.
func (p *keyPlacement) create(dept, name string) (keyring.Info, error) {
	kr, err := keyring.Open(p.dir(dept), p.suite)
	if err != nil {
		return keyring.Info{}, err
	}
	var info keyring.Info
	if p.o.Demo {
		info, _, err = kr.CreateDemo(name)
	} else {
		info, _, err = kr.Create(name, p.o.Passphrase)
	}
	return info, err
}

// participantKey puts the city's participant-hash key into the keyring
// that holds dept's gateway account (once per keyring).
func (p *keyPlacement) participantKey(dept string, k participant.Key) error {
	dir := p.dir(dept)
	if _, err := participant.Load(dir); err == nil {
		return nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	return participant.Write(dir, k)
}

// writeNotes leaves OutDir/keys/README.txt saying what the bundles are.
func (p *keyPlacement) writeNotes() error {
	if len(p.bundles) == 0 {
		return nil
	}
	protection := "encrypted with the passphrase given to `govchain testnet`"
	if p.o.Demo {
		protection = "DEMO KEYS, NOT ENCRYPTED (--demo): for a test network only"
	}
	note := fmt.Sprintf(`Keys of departments that run no node in this network: %s.

Each directory here is a keyring (the same format as a node home's keyring/)
holding that department's staff keys and its data key (<department>-data),
%s.

Hand each directory to its own department, over a channel you would trust
with its signing keys, and delete it here. Do not copy it into a node home:
every node home holds only its own department's keys, and a node's host
must not hold another department's keys. Staff sign with
'govchain tx … --keyring-dir <this directory> --suite %s --node <a node's API>';
a department that later runs a node moves its keys into that node's keyring/.
`, strings.Join(p.bundles, ", "), protection, p.suite.Name())
	return os.WriteFile(filepath.Join(p.o.OutDir, "keys", "README.txt"), []byte(note), 0o600)
}
