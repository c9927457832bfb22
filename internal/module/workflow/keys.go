package workflow

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module.
const (
	defPrefix     = "workflow/def/"    // workflow/def/<id>/<version, 10 digits> → Definition
	latestPrefix  = "workflow/latest/" // workflow/latest/<id> → latest version (decimal)
	casePrefix    = "workflow/case/"   // workflow/case/<number> → Case
	pdPrefix      = "workflow/pd/"     // workflow/pd/<number> → SealedPersonalData
	counterPrefix = "workflow/seq/"    // workflow/seq/<PREFIX>/<year> → last sequence (module.NextSeq)
)

// DefinitionKey is the state key of one version of a definition. The
// version is zero-padded so a prefix scan lists versions in order.
func DefinitionKey(id string, version uint32) []byte {
	return fmt.Appendf(nil, "%s%s/%010d", defPrefix, id, version)
}

// LatestKey holds a definition's latest version.
func LatestKey(id string) []byte { return []byte(latestPrefix + id) }

// CaseKey is the state key of a case.
func CaseKey(number string) []byte { return []byte(casePrefix + number) }

// PersonalDataKey is where a case's encrypted personal data lives, apart
// from the case so nothing that reads cases (index, views) ever sees it.
func PersonalDataKey(number string) []byte { return []byte(pdPrefix + number) }

func counterKey(prefix string, year int) []byte {
	return fmt.Appendf(nil, "%s%s/%d", counterPrefix, prefix, year)
}

func getUint(r store.Reader, key []byte) (uint64, error) {
	b, err := r.Get(key)
	if err != nil || b == nil {
		return 0, err
	}
	n, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("corrupt counter %q: %w", key, err)
	}
	return n, nil
}

// LatestVersion is a definition's latest version, 0 if never published.
func LatestVersion(r store.Reader, id string) (uint32, error) {
	n, err := getUint(r, LatestKey(id))
	return uint32(n), err
}

// GetDefinition loads a definition version; version 0 means the latest.
func GetDefinition(r store.Reader, id string, version uint32) (*Definition, error) {
	if version == 0 {
		v, err := LatestVersion(r, id)
		if err != nil {
			return nil, err
		}
		if v == 0 {
			return nil, fmt.Errorf("%w: %q", ErrDefinitionNotFound, id)
		}
		version = v
	}
	b, err := r.Get(DefinitionKey(id, version))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %q version %d", ErrDefinitionNotFound, id, version)
	}
	var d Definition
	if err := module.UnmarshalState(b, &d); err != nil {
		return nil, fmt.Errorf("corrupt definition %s v%d: %w", id, version, err)
	}
	d.PublishedAt = d.PublishedAt.UTC()
	return &d, nil
}

// Definitions lists the latest version of every definition, by id.
func Definitions(r store.Reader) ([]*Definition, error) {
	var ids []string
	err := r.Iterate([]byte(latestPrefix), func(k, _ []byte) bool {
		ids = append(ids, string(k[len(latestPrefix):]))
		return true
	})
	if err != nil {
		return nil, err
	}
	out := make([]*Definition, 0, len(ids))
	for _, id := range ids {
		d, err := GetDefinition(r, id, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func putDefinition(kv store.KV, d *Definition) error {
	b, err := module.MarshalState(d)
	if err != nil {
		return err
	}
	if err := kv.Set(DefinitionKey(d.ID, d.Version), b); err != nil {
		return err
	}
	return kv.Set(LatestKey(d.ID), []byte(strconv.FormatUint(uint64(d.Version), 10)))
}

// GetCase loads a case.
func GetCase(r store.Reader, number string) (*Case, error) {
	b, err := r.Get(CaseKey(number))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %q", ErrCaseNotFound, number)
	}
	return decodeCase(b)
}

func decodeCase(b []byte) (*Case, error) {
	var c Case
	if err := module.UnmarshalState(b, &c); err != nil {
		return nil, fmt.Errorf("corrupt case: %w", err)
	}
	c.normalizeTimes()
	return &c, nil
}

// normalizeTimes puts decoded times in UTC (the decoder gives Local), so a
// record renders the same on every machine.
func (c *Case) normalizeTimes() {
	for _, t := range []*time.Time{&c.NoticeEnds, &c.OpenedAt, &c.ClosedAt} {
		*t = t.UTC()
	}
	for i := range c.Visits {
		v := &c.Visits[i]
		v.EnteredAt, v.Deadline, v.CompletedAt = v.EnteredAt.UTC(), v.Deadline.UTC(), v.CompletedAt.UTC()
	}
	for i := range c.History {
		c.History[i].At = c.History[i].At.UTC()
	}
	for i := range c.Objections {
		o := &c.Objections[i]
		o.FiledAt, o.AnsweredAt = o.FiledAt.UTC(), o.AnsweredAt.UTC()
	}
}

func putCase(kv store.KV, c *Case) error {
	b, err := module.MarshalState(c)
	if err != nil {
		return err
	}
	return kv.Set(CaseKey(c.Number), b)
}

// GetPersonalData loads a case's encrypted personal data.
func GetPersonalData(r store.Reader, number string) (*SealedPersonalData, error) {
	b, err := r.Get(PersonalDataKey(number))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %q", ErrCaseNotFound, number)
	}
	var s SealedPersonalData
	if err := module.UnmarshalState(b, &s); err != nil {
		return nil, fmt.Errorf("corrupt personal data of %s: %w", number, err)
	}
	return &s, nil
}

func putPersonalData(kv store.KV, number string, s *SealedPersonalData) error {
	b, err := module.MarshalState(s)
	if err != nil {
		return err
	}
	return kv.Set(PersonalDataKey(number), b)
}

// nextCaseNumber allocates PREFIX-YYYY-NNNNNN: a counter per prefix and
// (China Standard Time) year of the block, so numbers are dense, readable,
// and the same on every node.
func nextCaseNumber(kv store.KV, prefix string, now time.Time) (string, error) {
	// Case-number years follow the city calendar: a case opened at 01:00
	// on 1 January Beijing time belongs to the new year.
	year := module.CityYear(now)
	return module.NextYearNumber(kv, counterKey(prefix, year), prefix, year, 6)
}
