package governance

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// Software-upgrade proposal types. A passed upgrade proposal schedules a
// plan: at its height every node either runs the upgrade's registered
// migration (a binary that knows the name) or stops naming it (one that
// does not). The app, not this module, acts at the height (internal/app,
// upgrade.go): this module only decides and records.
const (
	// TypeUpgrade schedules a software upgrade: UpgradeBody.
	TypeUpgrade = "software_upgrade"
	// TypeUpgradeCancel cancels a scheduled one before its height:
	// UpgradeCancelBody.
	TypeUpgradeCancel = "cancel_upgrade"
)

// upgradeTarget is the target of every upgrade proposal: one open upgrade
// proposal at a time, so two plans cannot race to the same height.
const upgradeTarget = "plan"

// defaultUpgradePolicy is as strict as removing a department: a wrong
// upgrade stops every node that has not been given the new binary.
func defaultUpgradePolicy() Policy { return Policy{Quorum: Fraction{3, 4}, Approve: Fraction{2, 3}} }

// ParamUpgradeMinDelay is the least number of blocks between the block
// that passes an upgrade and the upgrade's height: operators need the
// time to install the new binary.
const ParamUpgradeMinDelay = "gov.upgrade_min_delay_blocks"

func upgradeParams() []module.Param {
	return []module.Param{
		policyParam(policyParamPrefix+TypeUpgrade, "policy of a proposal to schedule a software upgrade", defaultUpgradePolicy()),
		policyParam(policyParamPrefix+TypeUpgradeCancel, "policy of a proposal to cancel a scheduled software upgrade", defaultParamPolicy()),
		module.IntParam(ParamUpgradeMinDelay, "least blocks between the block that passes an upgrade and its height", 10, 1, 10_000_000),
	}
}

// UpgradeBody is the payload of a software_upgrade proposal.
type UpgradeBody struct {
	// Name is the upgrade's name as the new binary's registry knows it.
	Name string `json:"name"`
	// Height is the block at which the upgrade applies: the last block
	// the old binary executes is Height-1.
	Height int64 `json:"height"`
	// Info says where to get the binary (a release URL, a checksum).
	Info string `json:"info,omitempty"`
}

// UpgradeCancelBody is the payload of a cancel_upgrade proposal.
type UpgradeCancelBody struct {
	Name string `json:"name"`
}

// UpgradePlan is a scheduled upgrade (at most one at a time).
type UpgradePlan struct {
	Name     string `cbor:"1,keyasint" json:"name"`
	Height   int64  `cbor:"2,keyasint" json:"height"`
	Info     string `cbor:"3,keyasint,omitempty" json:"info,omitempty"`
	Proposal uint64 `cbor:"4,keyasint" json:"proposal"`
	// Scheduled is the height of the block that passed the proposal.
	Scheduled int64 `cbor:"5,keyasint" json:"scheduled"`
}

// AppliedUpgrade records an upgrade a chain went through.
type AppliedUpgrade struct {
	Name       string    `cbor:"1,keyasint" json:"name"`
	Height     int64     `cbor:"2,keyasint" json:"height"`
	Time       time.Time `cbor:"3,keyasint" json:"time"`
	Proposal   uint64    `cbor:"4,keyasint" json:"proposal"`
	AppVersion uint64    `cbor:"5,keyasint" json:"app_version"`
}

// State keys of upgrades.
const (
	upgradePlanKey    = "governance/upgrade/plan"        // → UpgradePlan
	upgradeDonePrefix = "governance/upgrade/done/"       // <name> → AppliedUpgrade
	appVersionKey     = "governance/upgrade/app_version" // → decimal app version, once an upgrade set it
)

// UpgradeNamePattern is what an upgrade name looks like: it appears in
// log lines, file names and release tags.
var upgradeNamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,63}$`)

// ValidUpgradeName checks an upgrade's name.
func ValidUpgradeName(name string) error {
	if !upgradeNamePattern.MatchString(name) {
		return fmt.Errorf("upgrade name %q: 1 to 64 of a-z 0-9 . _ - starting with a letter or digit", name)
	}
	return nil
}

// canonicalUpgrade checks an upgrade body without state; ok is false when
// typ is not an upgrade type.
func canonicalUpgrade(typ string, raw json.RawMessage) (json.RawMessage, bool, error) {
	switch typ {
	case TypeUpgrade:
		var b UpgradeBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, true, fmt.Errorf("%s payload: %v", typ, err)
		}
		if err := ValidUpgradeName(b.Name); err != nil {
			return nil, true, err
		}
		if b.Height < 2 {
			return nil, true, fmt.Errorf("%s payload: height must be at least 2", typ)
		}
		if err := checkText("info", b.Info, false, MaxSummary); err != nil {
			return nil, true, err
		}
		out, err := json.Marshal(b)
		return out, true, err
	case TypeUpgradeCancel:
		var b UpgradeCancelBody
		if err := strictJSON(raw, &b); err != nil {
			return nil, true, fmt.Errorf("%s payload: %v", typ, err)
		}
		if err := ValidUpgradeName(b.Name); err != nil {
			return nil, true, err
		}
		out, err := json.Marshal(b)
		return out, true, err
	}
	return nil, false, nil
}

// upgradeTargetOf checks an upgrade proposal against state when it opens
// (execution checks again); ok is false when typ is not an upgrade type.
func (m Module) upgradeTargetOf(st store.Reader, typ string, body json.RawMessage, height int64) (string, bool, error) {
	switch typ {
	case TypeUpgrade:
		var b UpgradeBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", true, err
		}
		return upgradeTarget, true, m.checkSchedule(st, b, height)
	case TypeUpgradeCancel:
		var b UpgradeCancelBody
		if err := json.Unmarshal(body, &b); err != nil {
			return "", true, err
		}
		_, err := pendingPlanNamed(st, b.Name)
		return upgradeTarget, true, err
	}
	return "", false, nil
}

// checkSchedule refuses a plan whose name a chain already went through or
// whose height is too close: at height h a plan must leave the minimum
// delay after h.
func (m Module) checkSchedule(st store.Reader, b UpgradeBody, h int64) error {
	if done, err := GetAppliedUpgrade(st, b.Name); err != nil {
		return err
	} else if done != nil {
		return fmt.Errorf("%w: upgrade %q was applied at height %d", ErrUpgradeSchedule, b.Name, done.Height)
	}
	delay, err := ParamInt(st, m.reg.own(ParamUpgradeMinDelay))
	if err != nil {
		return err
	}
	if b.Height < h+delay {
		return fmt.Errorf("%w: height %d is less than %s=%d blocks after height %d", ErrUpgradeSchedule, b.Height, ParamUpgradeMinDelay, delay, h)
	}
	return nil
}

func pendingPlanNamed(st store.Reader, name string) (*UpgradePlan, error) {
	p, err := PendingUpgrade(st)
	if err != nil {
		return nil, err
	}
	if p == nil || p.Name != name {
		return nil, fmt.Errorf("%w: no upgrade %q is scheduled", ErrUpgradeSchedule, name)
	}
	return p, nil
}

// executeUpgrade applies a passed upgrade proposal; ok is false when the
// proposal is not an upgrade type. A new plan replaces a pending one (the
// replaced plan's name is in the event).
func (m Module) executeUpgrade(ctx *module.Context, prop *Proposal) ([]string, bool, error) {
	switch prop.Type {
	case TypeUpgrade:
		var b UpgradeBody
		if err := json.Unmarshal(prop.Payload, &b); err != nil {
			return nil, true, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if err := m.checkSchedule(ctx.KV, b, ctx.Height); err != nil {
			return nil, true, err
		}
		old, err := PendingUpgrade(ctx.KV)
		if err != nil {
			return nil, true, err
		}
		plan := &UpgradePlan{Name: b.Name, Height: b.Height, Info: b.Info, Proposal: prop.ID, Scheduled: ctx.Height}
		if err := put(ctx.KV, []byte(upgradePlanKey), plan); err != nil {
			return nil, true, err
		}
		attrs := []string{"upgrade", b.Name, "height", strconv.FormatInt(b.Height, 10)}
		if old != nil {
			attrs = append(attrs, "replaces", old.Name)
		}
		return attrs, true, nil
	case TypeUpgradeCancel:
		var b UpgradeCancelBody
		if err := json.Unmarshal(prop.Payload, &b); err != nil {
			return nil, true, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if _, err := pendingPlanNamed(ctx.KV, b.Name); err != nil {
			return nil, true, err
		}
		return []string{"upgrade_cancelled", b.Name}, true, ctx.KV.Delete([]byte(upgradePlanKey))
	}
	return nil, false, nil
}

// PendingUpgrade is the scheduled upgrade, nil when none is.
func PendingUpgrade(r store.Reader) (*UpgradePlan, error) {
	b, err := r.Get([]byte(upgradePlanKey))
	if err != nil || b == nil {
		return nil, err
	}
	var p UpgradePlan
	if err := module.UnmarshalState(b, &p); err != nil {
		return nil, fmt.Errorf("corrupt upgrade plan: %w", err)
	}
	return &p, nil
}

// GetAppliedUpgrade is the record of an applied upgrade, nil when the
// chain has not gone through it.
func GetAppliedUpgrade(r store.Reader, name string) (*AppliedUpgrade, error) {
	b, err := r.Get([]byte(upgradeDonePrefix + name))
	if err != nil || b == nil {
		return nil, err
	}
	var a AppliedUpgrade
	if err := module.UnmarshalState(b, &a); err != nil {
		return nil, fmt.Errorf("corrupt upgrade record %s: %w", name, err)
	}
	return &a, nil
}

// AppliedUpgrades lists the upgrades the chain went through, by name.
func AppliedUpgrades(r store.Reader) ([]*AppliedUpgrade, error) {
	return list[AppliedUpgrade](r, upgradeDonePrefix)
}

// MarkUpgradeApplied records that the pending plan was applied at this
// block, setting the app version, and removes the plan. The app calls it
// after the upgrade's migration succeeded, in the same overlay.
func MarkUpgradeApplied(ctx *module.Context, plan *UpgradePlan, appVersion uint64) error {
	rec := &AppliedUpgrade{Name: plan.Name, Height: ctx.Height, Time: ctx.BlockTime.UTC(), Proposal: plan.Proposal, AppVersion: appVersion}
	if err := put(ctx.KV, []byte(upgradeDonePrefix+plan.Name), rec); err != nil {
		return err
	}
	if err := ctx.KV.Set([]byte(appVersionKey), []byte(strconv.FormatUint(appVersion, 10))); err != nil {
		return err
	}
	ctx.Emit("governance.upgraded", "upgrade", plan.Name, "height", strconv.FormatInt(ctx.Height, 10),
		"app_version", strconv.FormatUint(appVersion, 10))
	return ctx.KV.Delete([]byte(upgradePlanKey))
}

// StoredAppVersion is the app version the last applied upgrade set; ok is
// false when no upgrade has (the chain runs its genesis version).
func StoredAppVersion(r store.Reader) (v uint64, ok bool, err error) {
	b, err := r.Get([]byte(appVersionKey))
	if err != nil || b == nil {
		return 0, false, err
	}
	v, err = strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("corrupt app version %q: %w", b, err)
	}
	return v, true, nil
}
