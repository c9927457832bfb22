package sharing

import (
	"fmt"
	"strconv"
	"time"

	"github.com/pingshan/govchain/internal/module"
	"github.com/pingshan/govchain/internal/store"
)

// State keys owned by this module. Numbers in keys are zero-padded so key
// order is numeric order; deadlines are Unix seconds for the same reason.
const (
	resourcePrefix    = "sharing/resource/"    // <id> → Resource (current version)
	versionPrefix     = "sharing/version/"     // <id>/<version %010d> → ResourceVersion (every version)
	requestPrefix     = "sharing/request/"     // <id %020d> → Request
	deadlinePrefix    = "sharing/deadline/"    // <unix %020d>/<id %020d> → nil: pending requests by deadline
	arbitrationPrefix = "sharing/arbdeadline/" // <unix %020d>/<id %020d> → nil: requests with the bureau by deadline
	accessPrefix      = "sharing/access/"      // <id %020d> → Access
	materialPrefix    = "sharing/material/"    // <case>/<resource> → CaseMaterial
	seqPrefix         = "sharing/seq/"         // <kind> → last id (uint64 big-endian)
)

// ResourceKey is the state key of a resource.
func ResourceKey(id string) []byte { return []byte(resourcePrefix + id) }

func versionKey(id string, v uint32) []byte {
	return []byte(fmt.Sprintf("%s%s/%010d", versionPrefix, id, v))
}

// RequestKey is the state key of a request (and its grant).
func RequestKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", requestPrefix, id)) }

// AccessKey is the state key of an access record.
func AccessKey(id uint64) []byte { return []byte(fmt.Sprintf("%s%020d", accessPrefix, id)) }

func deadlineKey(t time.Time, id uint64) []byte {
	return module.TimeIndexKey(deadlinePrefix, t, id)
}

func arbitrationKey(t time.Time, id uint64) []byte {
	return module.TimeIndexKey(arbitrationPrefix, t, id)
}

func materialKey(caseNo, resource string) []byte {
	return []byte(materialPrefix + caseNo + "/" + resource)
}

// nextID allocates the next id of a kind: 1, 2, 3, …
func nextID(kv store.KV, kind string) (uint64, error) {
	return module.NextSeq(kv, []byte(seqPrefix+kind))
}

func get[T any](r store.Reader, key []byte, notFound error, what string) (*T, error) {
	return module.GetRecord[T](r, key, notFound, what)
}

func put(kv store.KV, key []byte, v any) error { return module.PutRecord(kv, key, v) }

func list[T any](r store.Reader, prefix string) ([]*T, error) {
	return module.ListRecords[T](r, prefix)
}

// GetResource loads a catalogue entry.
func GetResource(r store.Reader, id string) (*Resource, error) {
	return get[Resource](r, ResourceKey(id), ErrResourceNotFound, id)
}

// Resources lists the catalogue, retired entries included, by id.
func Resources(r store.Reader) ([]*Resource, error) { return list[Resource](r, resourcePrefix) }

// ResourceVersions lists every version of a resource, oldest first.
func ResourceVersions(r store.Reader, id string) ([]*ResourceVersion, error) {
	return list[ResourceVersion](r, versionPrefix+id+"/")
}

// GetRequest loads a request with its grant.
func GetRequest(r store.Reader, id uint64) (*Request, error) {
	return get[Request](r, RequestKey(id), ErrRequestNotFound, strconv.FormatUint(id, 10))
}

// Requests lists every request, oldest first.
func Requests(r store.Reader) ([]*Request, error) { return list[Request](r, requestPrefix) }

// Accesses lists every access record, oldest first.
func Accesses(r store.Reader) ([]*Access, error) { return list[Access](r, accessPrefix) }
