package module

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pingshan/govchain/internal/store"
)

// TimeIndexKey is the key of record id in a time index under prefix:
// PREFIX<unix seconds, 20 digits>/<id, 20 digits>, so key order is time
// order, then id order. Modules keep such an index of deadlines and
// expiries and walk it at the end of a block (DueInTimeIndex) instead of
// scanning every record.
func TimeIndexKey(prefix string, t time.Time, id uint64) []byte {
	return []byte(fmt.Sprintf("%s%020d/%020d", prefix, t.Unix(), id))
}

// DueInTimeIndex lists the ids (and their keys) in a time index whose
// second is at or before now, in key order. It collects before anything is
// changed: the caller writes only after the walk.
func DueInTimeIndex(r store.Reader, prefix string, now int64) ([]uint64, [][]byte, error) {
	var ids []uint64
	var keys [][]byte
	var perr error
	err := r.Iterate([]byte(prefix), func(k, _ []byte) bool {
		ts, idStr, ok := strings.Cut(strings.TrimPrefix(string(k), prefix), "/")
		var t int64
		var id uint64
		if ok {
			if t, perr = strconv.ParseInt(ts, 10, 64); perr == nil {
				id, perr = strconv.ParseUint(idStr, 10, 64)
			}
		} else {
			perr = fmt.Errorf("no id")
		}
		if perr != nil {
			perr = fmt.Errorf("corrupt time index key %q: %w", k, perr)
			return false
		}
		if t > now {
			return false
		}
		ids = append(ids, id)
		keys = append(keys, append([]byte(nil), k...))
		return true
	})
	if err == nil {
		err = perr
	}
	return ids, keys, err
}
