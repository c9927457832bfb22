package governance

import (
	"encoding/json"
	"fmt"
	"time"

	cmtproto "github.com/cometbft/cometbft/api/cometbft/types/v1"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// CometBFT's block and evidence parameters as governable values. A passed
// param proposal stores the value like any other; the app then hands the
// change to CometBFT as a consensus parameter update in the same block's
// FinalizeBlock (it applies from the next block). The ranges are chosen
// so that no combination of the two is one CometBFT refuses (which would
// stop every node): a block always holds the largest evidence allowed and
// several of the largest txs.
const (
	ParamConsensusBlock    = "consensus.block"
	ParamConsensusEvidence = "consensus.evidence"
)

// Bounds of the consensus parameters.
const (
	minBlockBytes       = 256 << 10 // four of the largest txs (tx.MaxBytes is 64 KiB) and the largest evidence
	maxBlockBytes       = 100 << 20 // CometBFT's types.MaxBlockSizeBytes
	maxEvidenceBytes    = 256 << 10 // below minBlockBytes: evidence always fits
	maxGasLimit         = 1 << 40
	maxEvidenceBlocks   = 1_000_000_000
	minEvidenceDuration = 60
	maxEvidenceDuration = 365 * 24 * 3600
)

// BlockParams is consensus.block.
type BlockParams struct {
	// MaxBytes is the largest block, 256 KiB to 100 MiB.
	MaxBytes int64 `json:"max_bytes"`
	// MaxGas is -1 (no limit) or 1 to 2^40; govchain txs carry no gas.
	MaxGas int64 `json:"max_gas"`
}

// EvidenceParams is consensus.evidence.
type EvidenceParams struct {
	// MaxAgeNumBlocks and MaxAgeDurationS: evidence older than both is
	// no longer accepted (and a validator's misbehaviour goes unpunished).
	MaxAgeNumBlocks int64 `json:"max_age_num_blocks"`
	MaxAgeDurationS int64 `json:"max_age_duration_s"`
	// MaxBytes is the evidence a block may carry, 0 to 256 KiB.
	MaxBytes int64 `json:"max_bytes"`
}

// Defaults are what network.Generate writes into a new genesis (1 MiB
// blocks, evidence a quarter of that, CometBFT's ages). A chain whose
// genesis differs runs its genesis values until a proposal sets one.
func defaultBlockParams() BlockParams { return BlockParams{MaxBytes: 1 << 20, MaxGas: 10_000_000} }
func defaultEvidenceParams() EvidenceParams {
	return EvidenceParams{MaxAgeNumBlocks: 100_000, MaxAgeDurationS: 48 * 3600, MaxBytes: 256 << 10}
}

func (b BlockParams) validate() error {
	if b.MaxBytes < minBlockBytes || b.MaxBytes > maxBlockBytes {
		return fmt.Errorf("max_bytes %d is outside [%d, %d]", b.MaxBytes, minBlockBytes, maxBlockBytes)
	}
	if b.MaxGas != -1 && (b.MaxGas < 1 || b.MaxGas > maxGasLimit) {
		return fmt.Errorf("max_gas %d must be -1 or in [1, %d]", b.MaxGas, int64(maxGasLimit))
	}
	return nil
}

func (e EvidenceParams) validate() error {
	if e.MaxAgeNumBlocks < 1 || e.MaxAgeNumBlocks > maxEvidenceBlocks {
		return fmt.Errorf("max_age_num_blocks %d is outside [1, %d]", e.MaxAgeNumBlocks, maxEvidenceBlocks)
	}
	if e.MaxAgeDurationS < minEvidenceDuration || e.MaxAgeDurationS > maxEvidenceDuration {
		return fmt.Errorf("max_age_duration_s %d is outside [%d, %d]", e.MaxAgeDurationS, minEvidenceDuration, maxEvidenceDuration)
	}
	if e.MaxBytes < 0 || e.MaxBytes > maxEvidenceBytes {
		return fmt.Errorf("max_bytes %d is outside [0, %d]", e.MaxBytes, maxEvidenceBytes)
	}
	return nil
}

// structParam declares a parameter whose value is a struct with its own
// validate: strict decoding, every field required (a value written in full
// is what CometBFT receives in full).
func structParam[T interface{ validate() error }](name, doc string, def T) module.Param {
	b, _ := json.Marshal(def)
	return module.Param{Name: name, Doc: doc, Default: b, Check: func(raw json.RawMessage) (json.RawMessage, error) {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(raw, &fields); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		var want map[string]json.RawMessage
		_ = json.Unmarshal(b, &want)
		if len(fields) != len(want) {
			return nil, fmt.Errorf("%s: give every field (%d, got %d)", name, len(want), len(fields))
		}
		var v T
		if err := strictJSON(raw, &v); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		if err := v.validate(); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
		return json.Marshal(v)
	}}
}

func consensusParams() []module.Param {
	return []module.Param{
		structParam(ParamConsensusBlock, "CometBFT block parameters: max_bytes (256 KiB – 100 MiB), max_gas (-1 or 1 – 2^40)", defaultBlockParams()),
		structParam(ParamConsensusEvidence, "CometBFT evidence parameters: max_age_num_blocks, max_age_duration_s (60 s – 1 year), max_bytes (0 – 256 KiB)", defaultEvidenceParams()),
	}
}

// ConsensusUpdates is the consensus parameter update of the block at
// height: nil unless a proposal set consensus.block or consensus.evidence
// in this block; then both, as the registry holds them. Sending both keeps
// the pair one CometBFT accepts even when the genesis had other values (a
// genesis with 1 MiB of evidence and a new 256 KiB block would stop every
// node). The caller adds the app version.
func ConsensusUpdates(r store.Reader, height int64) (*cmtproto.ConsensusParams, error) {
	var block BlockParams
	var ev EvidenceParams
	bChanged, err := paramAt(r, ParamConsensusBlock, height, defaultBlockParams(), &block)
	if err != nil {
		return nil, err
	}
	eChanged, err := paramAt(r, ParamConsensusEvidence, height, defaultEvidenceParams(), &ev)
	if err != nil || !bChanged && !eChanged {
		return nil, err
	}
	return &cmtproto.ConsensusParams{
		Block: &cmtproto.BlockParams{MaxBytes: block.MaxBytes, MaxGas: block.MaxGas},
		Evidence: &cmtproto.EvidenceParams{MaxAgeNumBlocks: ev.MaxAgeNumBlocks,
			MaxAgeDuration: time.Duration(ev.MaxAgeDurationS) * time.Second, MaxBytes: ev.MaxBytes},
	}, nil
}

// paramAt decodes a parameter's current value (def when never set) into
// v and reports whether its last setting was at height.
func paramAt[T any](r store.Reader, name string, height int64, def T, v *T) (bool, error) {
	*v = def
	ps, err := GetParamState(r, name)
	if err != nil || ps == nil {
		return false, err
	}
	if err := json.Unmarshal(ps.Value, v); err != nil {
		return false, fmt.Errorf("corrupt parameter %s: %w", name, err)
	}
	return len(ps.History) > 0 && ps.History[len(ps.History)-1].Height == height, nil
}
