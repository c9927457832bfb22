package web

// proofBundleSchema spells out govchain-proof/1 (docs/proofs.md). Written
// by hand: the bundle's CometBFT parts are CometBFT's JSON (64-bit
// integers as strings, public keys with amino type tags), not Go structs
// with json tags.
func proofBundleSchema() map[string]any {
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	obj := func(desc string, required []string, props map[string]any) map[string]any {
		return map[string]any{"type": "object", "description": desc, "required": required, "properties": props}
	}
	blockID := obj("a block id", []string{"hash", "parts"}, map[string]any{
		"hash":  str("block hash, uppercase hex"),
		"parts": obj("part set header", []string{"total", "hash"}, map[string]any{"total": map[string]any{"type": "integer"}, "hash": str("uppercase hex")}),
	})
	validator := obj("a validator", []string{"address", "pub_key", "voting_power"}, map[string]any{
		"address":           str("uppercase hex"),
		"pub_key":           obj("public key", []string{"type", "value"}, map[string]any{"type": str("tendermint/PubKeyEd25519"), "value": str("base64")}),
		"voting_power":      str("decimal integer"),
		"proposer_priority": str("decimal integer"),
	})
	header := obj("CometBFT header", []string{"chain_id", "height", "time", "validators_hash", "app_hash"}, map[string]any{
		"version":  obj("protocol versions", []string{"block"}, map[string]any{"block": str("decimal integer"), "app": str("decimal integer")}),
		"chain_id": str("chain id"), "height": str("decimal integer"), "time": map[string]any{"type": "string", "format": "date-time"},
		"last_block_id": blockID, "last_commit_hash": str("uppercase hex"), "data_hash": str("uppercase hex"),
		"validators_hash": str("uppercase hex"), "next_validators_hash": str("uppercase hex"), "consensus_hash": str("uppercase hex"),
		"app_hash": str("uppercase hex: the state root after state_version"), "last_results_hash": str("uppercase hex"),
		"evidence_hash": str("uppercase hex"), "proposer_address": str("uppercase hex"),
	})
	commitSig := obj("one validator's vote", []string{"block_id_flag"}, map[string]any{
		"block_id_flag":     map[string]any{"type": "integer", "description": "1 absent, 2 commit, 3 nil"},
		"validator_address": str("uppercase hex"), "timestamp": map[string]any{"type": "string", "format": "date-time"},
		"signature": map[string]any{"type": "string", "format": "byte", "nullable": true},
	})
	commit := obj("the commit for the header's block", []string{"height", "round", "block_id", "signatures"}, map[string]any{
		"height": str("decimal integer"), "round": map[string]any{"type": "integer"}, "block_id": blockID,
		"signatures": map[string]any{"type": "array", "items": commitSig},
	})
	return obj("govchain-proof/1 bundle (docs/proofs.md): a state record, its IAVL proof, and the signed header whose app hash it proves against",
		[]string{"format", "chain_id", "key_hex", "value", "state_version", "proof", "signed_header", "validator_set"}, map[string]any{
			"format":        str("govchain-proof/1"),
			"chain_id":      str("the chain's id"),
			"key":           str("the state key as text, when it is UTF-8"),
			"key_hex":       str("the state key, hex"),
			"value":         map[string]any{"type": "string", "format": "byte", "description": "the record (canonical CBOR), base64"},
			"state_version": map[string]any{"type": "integer", "description": "the state version proven; the header is of block state_version + 1"},
			"proof":         map[string]any{"type": "string", "format": "byte", "description": "ics23 CommitmentProof (protobuf), base64"},
			"signed_header": obj("CometBFT SignedHeader", []string{"header", "commit"}, map[string]any{"header": header, "commit": commit}),
			"validator_set": obj("CometBFT ValidatorSet of that block", []string{"validators"}, map[string]any{
				"validators": map[string]any{"type": "array", "items": validator}, "proposer": validator,
				"total_voting_power": str("decimal integer")}),
		})
}
