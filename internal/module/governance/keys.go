package governance

import (
	"fmt"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module. Numbers in keys are zero-padded so key
// order is numeric order; deadlines are Unix seconds for the same reason.
const (
	paramPrefix    = "governance/param/"    // <name> → ParamState
	proposalPrefix = "governance/proposal/" // <id %020d> → Proposal
	openPrefix     = "governance/open/"     // <type>/<target> → proposal id (one open proposal per pair)
	deadlinePrefix = "governance/deadline/" // <unix %020d>/<id %020d> → nil: open proposals by deadline
	freezePrefix   = "governance/freeze/"   // <id %020d> → Freeze
	frozenPrefix   = "governance/frozen/"   // <kind>/<target> → freeze id (requested or active)
	fexpPrefix     = "governance/fexp/"     // <unix %020d>/<id %020d> → nil: freezes by expiry
	incidentPrefix = "governance/incident/" // <id %020d> → Incident
	seqPrefix      = "governance/seq/"      // <kind> → last id (uint64 big-endian)
)

// ParamKey is the state key of a parameter's value and history.
func ParamKey(name string) []byte { return []byte(paramPrefix + name) }

// ProposalKey is the state key of a proposal.
func ProposalKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", proposalPrefix, id)) }

// FreezeKey is the state key of a freeze.
func FreezeKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", freezePrefix, id)) }

// IncidentKey is the state key of an incident.
func IncidentKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", incidentPrefix, id)) }

func openKey(typ, target string) []byte { return []byte(openPrefix + typ + "/" + target) }

func frozenKey(kind, target string) []byte { return []byte(frozenPrefix + kind + "/" + target) }

func timeKey(prefix string, t time.Time, id uint64) []byte { return module.TimeIndexKey(prefix, t, id) }

// dueIDs lists the ids in a time index that are due at now.
func dueIDs(r store.Reader, prefix string, now int64) ([]uint64, error) {
	ids, _, err := module.DueInTimeIndex(r, prefix, now)
	return ids, err
}

// nextID allocates the next id of a kind: 1, 2, 3, …
func nextID(kv store.KV, kind string) (uint64, error) {
	return module.NextSeq(kv, []byte(seqPrefix+kind))
}

func get[T any](r store.Reader, key []byte, notFound error, what string) (*T, error) {
	return module.GetRecord[T](r, key, notFound, what)
}

func put(kv store.KV, key []byte, v any) error { return module.PutRecord(kv, key, v) }

// list decodes every record under prefix, in key order.
func list[T any](r store.Reader, prefix string) ([]*T, error) {
	return module.ListRecords[T](r, prefix)
}

// GetProposal loads a proposal.
func GetProposal(r store.Reader, id uint64) (*Proposal, error) {
	return get[Proposal](r, ProposalKey(id), ErrProposalNotFound, fmt.Sprint(id))
}

// Proposals lists every proposal, oldest first.
func Proposals(r store.Reader) ([]*Proposal, error) { return list[Proposal](r, proposalPrefix) }

// GetFreeze loads a freeze.
func GetFreeze(r store.Reader, id uint64) (*Freeze, error) {
	return get[Freeze](r, FreezeKey(id), ErrFreezeNotFound, fmt.Sprint(id))
}

// Freezes lists every freeze, oldest first.
func Freezes(r store.Reader) ([]*Freeze, error) { return list[Freeze](r, freezePrefix) }

// GetIncident loads an incident.
func GetIncident(r store.Reader, id uint64) (*Incident, error) {
	return get[Incident](r, IncidentKey(id), ErrIncidentNotFound, fmt.Sprint(id))
}

// Incidents lists every incident, oldest first.
func Incidents(r store.Reader) ([]*Incident, error) { return list[Incident](r, incidentPrefix) }
