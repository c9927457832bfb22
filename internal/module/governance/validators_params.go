package governance

import (
	"github.com/pingshan/govchain/internal/module"
)

// Validator proposal types (docs/governance.md, "Validators"). Each
// executes through this module's validator set (validators.go) and reaches
// CometBFT as validator updates in FinalizeBlock's response.
const (
	// TypeValidatorAdd lets a department's new node in: ValidatorAddBody.
	// The key joins once its node attests (validator_attest).
	TypeValidatorAdd = "validator_add"
	// TypeValidatorReplace swaps a validator's key for a new node's key
	// (node replacement), with the same power and department, once the new
	// node attests: ValidatorReplaceBody.
	TypeValidatorReplace = "validator_replace"
	// TypeValidatorPower changes a validator's power: ValidatorPowerBody.
	TypeValidatorPower = "validator_power"
	// TypeValidatorRemove removes a validator: ValidatorRemoveBody.
	TypeValidatorRemove = "validator_remove"
)

// Names of the validator parameters.
const (
	ParamValidatorAttestPeriod = "gov.validator_attest_period"
	ParamValidatorLiveBlocks   = "gov.validator_live_blocks"
)

// validatorTypes are the validator proposal types, for Types().
func validatorTypes() []string {
	return []string{TypeValidatorAdd, TypeValidatorReplace, TypeValidatorPower, TypeValidatorRemove}
}

func isValidatorType(typ string) bool {
	for _, t := range validatorTypes() {
		if t == typ {
			return true
		}
	}
	return false
}

// validatorParams: adding, replacing and re-weighting a validator pass as
// a parameter change does; removing one is as strict as removing a
// department.
func validatorParams() []module.Param {
	return []module.Param{
		policyParam(policyParamPrefix+TypeValidatorAdd, "policy of a proposal to add a department's validator", defaultParamPolicy()),
		policyParam(policyParamPrefix+TypeValidatorReplace, "policy of a proposal to replace a validator's key (node replacement)", defaultParamPolicy()),
		policyParam(policyParamPrefix+TypeValidatorPower, "policy of a proposal to change a validator's power", defaultParamPolicy()),
		policyParam(policyParamPrefix+TypeValidatorRemove, "policy of a proposal to remove a validator", defaultRemovalPolicy()),
		module.IntParam(ParamValidatorAttestPeriod, "seconds an approved validator key has to attest its node is in sync before the approval lapses",
			7*24*3600, 60, 90*24*3600),
		module.IntParam(ParamValidatorLiveBlocks, "a validator counts as signing the last blocks when its precommit is in one of this many last commits",
			10, 1, signedWindow),
	}
}
