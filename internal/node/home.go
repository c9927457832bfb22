// Package node runs a govchain node: CometBFT and the ABCI app in one
// process, plus the HTTP API, all configured from one home directory.
package node

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	cfg "github.com/cometbft/cometbft/config"
	"github.com/pingshan/govchain/internal/atomicfile"
	"github.com/pingshan/govchain/internal/snapshot"
	"github.com/spf13/viper"
)

// Home is a node's home directory:
//
//	config/config.toml       CometBFT settings (ports, peers, timeouts)
//	config/genesis.json      the chain's genesis, app_state included
//	config/govchain.json     govchain's own settings (HTTP address, department)
//	config/node_key.json     p2p identity
//	config/priv_validator_key.json  the department's Ed25519 validator key
//	data/                    CometBFT block store and consensus state
//	data/app/                the Merkle state (IAVL)
//	keyring/                 account keys kept by this node
type Home string

func (h Home) path(p ...string) string { return filepath.Join(append([]string{string(h)}, p...)...) }

// ConfigFile is CometBFT's config.toml.
func (h Home) ConfigFile() string { return h.path("config", "config.toml") }

// GenesisFile is genesis.json.
func (h Home) GenesisFile() string { return h.path("config", "genesis.json") }

// AppConfigFile is govchain.json.
func (h Home) AppConfigFile() string { return h.path("config", "govchain.json") }

// StateDir holds the IAVL database.
func (h Home) StateDir() string { return h.path("data", "app") }

// ValidatorTransitionsFile holds the validator changes before the block
// store's first block that a home restored from a backup keeps from it
// (snapshot.SaveTransitions); the node re-verifies it on start.
func (h Home) ValidatorTransitionsFile() string {
	return h.path("data", snapshot.SavedTransitionsName)
}

// KeyringDir holds account keys.
func (h Home) KeyringDir() string { return h.path("keyring") }

// Exists reports whether h has been initialised.
func (h Home) Exists() bool {
	_, err := os.Stat(h.GenesisFile())
	return err == nil
}

// AppConfig is govchain.json: what CometBFT's config does not cover.
type AppConfig struct {
	// HTTPAddr is where the JSON API (and later the portal) listens.
	HTTPAddr string `json:"http_addr"`
	// Department is the department this node belongs to.
	Department string `json:"department"`
	// Demo marks a development home whose keys are unprotected.
	Demo bool `json:"demo,omitempty"`
	// GC tunes the node process's garbage collector (gc.go); absent means
	// the documented defaults.
	GC *GCConfig `json:"gc,omitempty"`
}

// LoadAppConfig reads govchain.json.
func LoadAppConfig(h Home) (*AppConfig, error) {
	b, err := os.ReadFile(h.AppConfigFile())
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", h.AppConfigFile(), err)
	}
	var c AppConfig
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", h.AppConfigFile(), err)
	}
	return &c, nil
}

// WriteAppConfig writes govchain.json.
func WriteAppConfig(h Home, c *AppConfig) error {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(h.AppConfigFile(), append(b, '\n'), 0o600)
}

// LoadCometConfig reads config.toml over CometBFT's defaults.
func LoadCometConfig(h Home) (*cfg.Config, error) {
	c := cfg.DefaultConfig()
	v := viper.New()
	v.SetConfigFile(h.ConfigFile())
	if err := v.ReadInConfig(); err != nil {
		return nil, fmt.Errorf("read %s: %w", h.ConfigFile(), err)
	}
	if err := v.Unmarshal(c); err != nil {
		return nil, fmt.Errorf("parse %s: %w", h.ConfigFile(), err)
	}
	c.SetRoot(string(h))
	if err := c.ValidateBasic(); err != nil {
		return nil, fmt.Errorf("%s: %w", h.ConfigFile(), err)
	}
	return c, nil
}
