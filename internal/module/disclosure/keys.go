package disclosure

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module.
const (
	docPrefix = "disclosure/doc/" // disclosure/doc/<number>/<version %04d>
	seqPrefix = "disclosure/seq/" // disclosure/seq/<dept>/<year> → last sequence (module.NextSeq)
)

// VersionKey is the state key of one version of a document.
func VersionKey(number string, version int) []byte {
	return []byte(fmt.Sprintf("%s%s/%04d", docPrefix, number, version))
}

// versionsPrefix is the prefix of every version of number.
func versionsPrefix(number string) []byte { return []byte(docPrefix + number + "/") }

// SeqKey holds the last sequence a department used in a year.
func SeqKey(dept string, year int) []byte {
	return []byte(fmt.Sprintf("%s%s/%d", seqPrefix, dept, year))
}

// ParseVersionKey splits a version key; ok is false for other keys.
func ParseVersionKey(key string) (number string, version int, ok bool) {
	rest, found := strings.CutPrefix(key, docPrefix)
	if !found {
		return "", 0, false
	}
	i := strings.LastIndexByte(rest, '/')
	if i < 0 {
		return "", 0, false
	}
	v, err := strconv.Atoi(rest[i+1:])
	if err != nil {
		return "", 0, false
	}
	return rest[:i], v, true
}

// Get loads one version (version 0: the latest).
func Get(r store.Reader, number string, version int) (*Document, error) {
	if version == 0 {
		all, err := Versions(r, number)
		if err != nil {
			return nil, err
		}
		return all[len(all)-1], nil
	}
	b, err := r.Get(VersionKey(number, version))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, fmt.Errorf("%w: %s version %d", ErrNotFound, number, version)
	}
	var d Document
	if err := module.UnmarshalState(b, &d); err != nil {
		return nil, fmt.Errorf("corrupt disclosure %s/%d: %w", number, version, err)
	}
	return &d, nil
}

// Versions lists every version of a document, oldest first.
func Versions(r store.Reader, number string) ([]*Document, error) {
	var out []*Document
	var derr error
	err := r.Iterate(versionsPrefix(number), func(_, v []byte) bool {
		var d Document
		if derr = module.UnmarshalState(v, &d); derr != nil {
			return false
		}
		out = append(out, &d)
		return true
	})
	if err == nil {
		err = derr
	}
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, number)
	}
	return out, nil
}

func put(kv store.KV, d *Document) error {
	b, err := module.MarshalState(d)
	if err != nil {
		return err
	}
	return kv.Set(VersionKey(d.Number, d.Version), b)
}

// nextNumber allocates the next document number of dept in year.
func nextNumber(kv store.KV, dept string, year int) (string, error) {
	return module.NextYearNumber(kv, SeqKey(dept, year), dept, year, 4)
}
