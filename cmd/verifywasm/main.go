//go:build js && wasm

// Command verifywasm is internal/proof's verifier compiled to WebAssembly
// for the portal's in-browser verify page (/verify/offline). It exposes
//
//	govchainGenesisHash(genesisText) → hex SHA-256 of the genesis bytes
//	govchainVerify(bundleText, genesisText) → JSON {authentic, reason, result, genesis_sha256}
//
// and then blocks, so the page can call them after the network is gone.
// Build (go generate ./internal/web does this):
//
//	GOOS=js GOARCH=wasm go build -tags force64bit -o verify.wasm ./cmd/verifywasm
//
// force64bit: curve25519-voi (under CometBFT's ed25519) picks its field
// arithmetic by GOARCH and knows no wasm; its 64-bit generic code is
// portable Go.
package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"syscall/js"

	"github.com/cometbft/cometbft/types"

	"github.com/pingshan/govchain/internal/proof"
)

type answer struct {
	Authentic     bool          `json:"authentic"`
	Reason        string        `json:"reason,omitempty"`
	Result        *proof.Result `json:"result,omitempty"`
	GenesisSHA256 string        `json:"genesis_sha256"`
}

func verify(bundle, genesis []byte) (a answer) {
	sum := sha256.Sum256(genesis)
	a.GenesisSHA256 = hex.EncodeToString(sum[:])
	defer func() {
		// A verifier that panics on hostile input must still say "no".
		if r := recover(); r != nil {
			a.Authentic, a.Result, a.Reason = false, nil, "verifier failed on this input"
		}
	}()
	gen, err := types.GenesisDocFromJSON(genesis)
	if err != nil {
		a.Reason = "genesis: " + err.Error()
		return a
	}
	b, err := proof.Parse(bundle)
	if err != nil {
		a.Reason = err.Error()
		return a
	}
	res, err := proof.Verify(b, gen)
	if err != nil {
		a.Reason = err.Error()
		return a
	}
	a.Authentic, a.Result = true, res
	return a
}

func main() {
	js.Global().Set("govchainGenesisHash", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 1 {
			return ""
		}
		sum := sha256.Sum256([]byte(args[0].String()))
		return hex.EncodeToString(sum[:])
	}))
	js.Global().Set("govchainVerify", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) != 2 {
			return `{"authentic":false,"reason":"govchainVerify(bundleText, genesisText)"}`
		}
		out, _ := json.Marshal(verify([]byte(args[0].String()), []byte(args[1].String())))
		return string(out)
	}))
	js.Global().Call("dispatchEvent", js.Global().Get("Event").New("govchain-verifier-ready"))
	select {}
}
