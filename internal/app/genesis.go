package app

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/pingshan/govchain/internal/cryptosuite"
	"github.com/pingshan/govchain/internal/module/identity"
)

// AppState is the app_state of genesis.json: the crypto suite, fixed for the
// life of the chain, and each module's initial records.
type AppState struct {
	Suite    string           `json:"suite"`
	Identity identity.Genesis `json:"identity"`
	// Modules holds the other modules' genesis, by module name.
	Modules map[string]json.RawMessage `json:"modules,omitempty"`
}

// ParseAppState reads and checks app_state bytes.
func ParseAppState(b []byte) (*AppState, error) {
	var st AppState
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&st); err != nil {
		return nil, fmt.Errorf("app_state: %w", err)
	}
	if _, err := cryptosuite.ByName(st.Suite); err != nil {
		return nil, fmt.Errorf("app_state: %w", err)
	}
	return &st, nil
}
